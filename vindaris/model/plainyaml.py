"""A reader for the plain block YAML that strategy files are written in.

Almost every goal and work file is a block mapping of `key: value` lines,
block sequences of plain text, key-result entries (`- id: ...`) and a
folded description. For that subset this reader builds the same data as
libyaml's composer with `yamlsource._quick` on top, in a fraction of the
time: libyaml hands every scalar to Python for its tag and builds a node
and two marks for it, where one pass over the lines here reads the file.

It returns None for anything it does not fully understand (flow
collections, anchors, tags, quotes with escapes, multi-line plain scalars,
tabs, comments after a value, duplicate keys, a value whose tag would not
be plain data...), and the caller reads that file with libyaml. It never
reports a problem: a file it declines may be good YAML or not, and which
it is, and where, is libyaml's to say. What it accepts, libyaml reads as
the same data (tests/check/test_plain_yaml.py holds it to that).
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from vindaris.model.yamltags import MAY_NOT_BE_TEXT, SAFE_SCALAR_TAGS, STR_TAG, resolve_plain, scalar_value

# Characters YAML does not allow in a document (control characters and
# the like): PyYAML's own pattern, compiled once by its reader.
_NOT_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
# Allowed, but read as something other than a character of a line: tabs,
# carriage returns, NEL, the Unicode line and paragraph separators and a
# byte-order mark. A file with any of them is left to libyaml.
_NOT_PLAIN = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
# A `key: value` or `key:` line from its first character on.
_ENTRY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: (.*))?")
# What a one-line scalar may not start with here: YAML's indicators (a `-`
# is looked at apart: `-5` is a number) and a second space after `key:`.
_NOT_FIRST = frozenset("?:,[]{}#&*!|>%@` ")
# Block scalar headers read here, as (line separator, ending): folded or
# literal, with the final line break clipped or stripped.
_BLOCK = {">": (" ", "\n"), ">-": (" ", ""), "|": ("\n", "\n"), "|-": ("\n", "")}
# Past these, libyaml's path (with its limits on nodes and nesting) reads the file.
_MOST_LINES = 30_000
_MOST_LEVELS = 32
# Scalars that may not be text, by their text: owners, dates, numbers and
# booleans recur from file to file, and what they build is immutable.
_VALUES: dict[str, Any] = {}
_MOST_VALUES = 100_000


class _Declined(Exception):
    """Outside the subset: libyaml reads this file."""


def read_plain(text: str) -> dict[str, Any] | None:
    """The data of `text` when it is a block mapping in the plain subset, else None."""
    if _NOT_PLAIN.search(text) is not None or _NOT_PRINTABLE.search(text) is not None:
        return None
    lines = text.split("\n")
    if len(lines) > _MOST_LINES:
        return None
    try:
        return _read(lines)
    except _Declined:
        return None


# What one line is, to the reader below: most lines recur from file to
# file (`state: active`, `moves:`, `  - csat`, a description's boilerplate),
# so each is taken apart once per process.
_BLANK, _SPACES, _COMMENT, _ENTRY_LINE, _DASH_ENTRY, _DASH_VALUE, _OTHER = range(7)
# (kind, at, column, key, rest, value): `at` is where the line's text
# starts, `column` where its key sits (further right on a `- key:` line);
# `value` is what `rest` reads as (see _one_line), or _FRESH where it is an
# empty list or mapping, which must be new every time.
_Token = tuple[int, int, int, str, "str | None", Any]
_TOKENS: dict[str, _Token] = {}
_MOST_TOKENS = 50_000
_FRESH = object()
_LATER = object()
_BAD = object()


def _token(line: str) -> _Token:
    token = _TOKENS.get(line)
    if token is None:
        token = _take_apart(line)
        if len(_TOKENS) < _MOST_TOKENS and len(line) <= 160:
            _TOKENS[line] = token
    return token


def _take_apart(line: str) -> _Token:
    content = line.lstrip(" ")
    at = column = len(line) - len(content)
    if not content:
        return (_SPACES if line else _BLANK), at, at, "", None, None
    if content[0] == "#":
        return _COMMENT, at, at, "", None, None
    kind = _ENTRY_LINE
    if content[0] == "-" and (len(content) == 1 or content[1] == " "):
        item = content[1:].lstrip(" ")
        if not item:
            return _OTHER, at, at, "", None, None  # a bare `-` with its value below
        if _ENTRY.fullmatch(item) is None:
            return _DASH_VALUE, at, at, "", item, _one_line(item)
        kind, column, content = _DASH_ENTRY, at + len(content) - len(item), item
    entry = _ENTRY.fullmatch(content)
    if entry is None:
        return _OTHER, at, at, "", None, None
    key, rest = entry.groups()
    return kind, at, column, key, rest, _one_line(rest)


def _one_line(rest: str | None) -> Any:
    """What a one-line value reads as; _LATER where the value is on the
    lines below (a block scalar, or `key:` alone), _BAD where the file must
    be declined."""
    if rest is None or rest in _BLOCK:
        return _LATER
    if rest == "[]" or rest == "{}":
        return _FRESH
    try:
        return _scalar(rest)
    except _Declined:
        return _BAD


def _read(lines: list[str]) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    # The open mappings and sequences, innermost last, with the column of
    # their keys or dashes. An "indentless" sequence (dashes in its key's
    # column) sits at its mapping's column.
    indents: list[int] = [0]
    containers: list[dict[str, Any] | list[Any]] = [root]
    pending: str | None = None  # a `key:` whose value starts on a later line
    pending_at = 0
    above = -1  # after a one-line value: the column no later line may pass
    started = marked = False
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        kind, at, column, key, rest, value = _token(line)
        if kind <= _COMMENT:
            if kind == _SPACES:
                return None  # spaces only: subtle inside block scalars, rare outside
            if kind == _COMMENT and 0 <= above < at:
                return None
            i += 1
            continue
        if kind == _OTHER or value is _BAD:
            if line == "---" and not started and not marked:
                marked = True  # the document's start marker
                i += 1
                continue
            return None
        dash = kind != _ENTRY_LINE
        if not started:
            started = True
            if at:
                return None
        if 0 <= above < at:
            return None  # a plain scalar continued on the next line
        above = -1
        if pending is not None:
            mapping = containers[-1]
            assert isinstance(mapping, dict)
            if at > pending_at or (at == pending_at and dash):
                opened: dict[str, Any] | list[Any] = [] if dash else {}
                mapping[pending] = opened
                indents.append(at)
                containers.append(opened)
            else:
                mapping[pending] = None
            pending = None
        while at < indents[-1]:
            indents.pop()
            containers.pop()
        if at != indents[-1] or len(indents) > _MOST_LEVELS:
            return None
        top = containers[-1]
        if isinstance(top, list) and not dash:
            # An indentless sequence ends at its mapping's next key.
            if len(indents) < 2 or indents[-2] != at:
                return None
            indents.pop()
            containers.pop()
            top = containers[-1]
        if dash:
            if not isinstance(top, list):
                return None
            if kind == _DASH_VALUE:
                if value is _LATER:
                    value, i = _block(lines, i + 1, at, *_BLOCK[rest])  # type: ignore[index]
                    top.append(value)
                    continue
                top.append(value if value is not _FRESH else ([] if rest == "[]" else {}))
                above = at
                i += 1
                continue
            # `- key: value`: a mapping whose keys sit where this one starts.
            opened = {}
            top.append(opened)
            indents.append(column)
            containers.append(opened)
            top = opened
        elif not isinstance(top, dict):
            return None
        if key in top:
            return None
        if rest is None:
            pending, pending_at = key, column
            i += 1
            continue
        if value is _LATER:
            top[key], i = _block(lines, i + 1, column, *_BLOCK[rest])
            continue
        top[key] = value if value is not _FRESH else ([] if rest == "[]" else {})
        above = column
        i += 1
    if pending is not None:
        mapping = containers[-1]
        assert isinstance(mapping, dict)
        mapping[pending] = None
    return root if started else None


def _block(lines: list[str], i: int, indent: int, join: str, end: str) -> tuple[str, int]:
    """The text of a `>` or `|` block scalar whose lines start at `i`, under
    a key or dash at column `indent`; and the index of the line after it."""
    count = len(lines)
    if i >= count or not lines[i]:
        raise _Declined  # leading blank lines, or an empty scalar at the end
    width = len(lines[i]) - len(lines[i].lstrip(" "))
    if width <= indent:
        raise _Declined  # an empty block scalar
    literal = join == "\n"
    parts: list[str] = []
    blank = 0
    while i < count:
        line = lines[i]
        if not line:
            blank += 1
            i += 1
            continue
        content = line.lstrip(" ")
        column = len(line) - len(content)
        if column < width:
            if not content or (content[0] == "#" and column > indent):
                raise _Declined
            break
        if line[-1] == " " or (column > width and not literal):
            # Trailing spaces, and a folded scalar's more-indented lines,
            # follow rules of their own.
            raise _Declined
        if parts:
            parts.append("\n" * (blank + literal) if blank else join)
        parts.append(line[width:])
        blank = 0
        i += 1
    else:
        if not blank:
            raise _Declined  # the text ends without a line break
    return "".join(parts) + end, i


def _scalar(text: str) -> Any:
    """A one-line scalar after `key: ` or `- `."""
    first = text[0] if text else " "
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Declined
        return inner.replace("''", "'")
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            raise _Declined
        return inner
    if first in _NOT_FIRST or (first == "-" and (len(text) == 1 or text[1] == " ")) \
            or "#" in text or ": " in text or text[-1] in ": ":
        raise _Declined
    if first not in MAY_NOT_BE_TEXT:
        return text
    value = _VALUES.get(text, _VALUES)
    if value is not _VALUES:
        return value
    tag = resolve_plain(text)
    if tag == STR_TAG:
        value = text
    elif tag not in SAFE_SCALAR_TAGS:
        raise _Declined
    else:
        value = _built(tag, text)
    if len(_VALUES) < _MOST_VALUES and len(text) <= 64:
        _VALUES[text] = value
    return value


def _built(tag: str, text: str) -> Any:
    try:
        value = scalar_value(tag, text)
    except Exception as exc:  # noqa: BLE001 - whatever a constructor trips on, libyaml's path reports
        raise _Declined from exc
    if isinstance(value, float) and not math.isfinite(value):
        raise _Declined
    return value
