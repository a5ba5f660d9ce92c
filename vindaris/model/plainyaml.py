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
        content = line.lstrip(" ")
        if not content:
            if line:
                return None  # spaces only: subtle inside block scalars, rare outside
            i += 1
            continue
        column = len(line) - len(content)
        if content[0] == "#":
            if 0 <= above < column:
                return None
            i += 1
            continue
        if not started:
            if line == "---" and not marked:
                marked = True  # the document's start marker
                i += 1
                continue
            started = True
            if column:
                return None
        if 0 <= above < column:
            return None  # a plain scalar continued on the next line
        above = -1
        dash = content[0] == "-" and (len(content) == 1 or content[1] == " ")
        if pending is not None:
            mapping = containers[-1]
            assert isinstance(mapping, dict)
            if column > pending_at or (column == pending_at and dash):
                opened: dict[str, Any] | list[Any] = [] if dash else {}
                mapping[pending] = opened
                indents.append(column)
                containers.append(opened)
            else:
                mapping[pending] = None
            pending = None
        while column < indents[-1]:
            indents.pop()
            containers.pop()
        if column != indents[-1] or len(indents) > _MOST_LEVELS:
            return None
        top = containers[-1]
        if isinstance(top, list) and not dash:
            # An indentless sequence ends at its mapping's next key.
            if len(indents) < 2 or indents[-2] != column:
                return None
            indents.pop()
            containers.pop()
            top = containers[-1]
        if dash:
            if not isinstance(top, list):
                return None
            item = content[1:].lstrip(" ")
            if not item:
                return None  # a bare `-` with its value below
            entry = _ENTRY.fullmatch(item)
            if entry is None:
                if item in _BLOCK:
                    value, i = _block(lines, i + 1, column, *_BLOCK[item])
                    top.append(value)
                    continue
                top.append(_scalar(item))
                above = column
                i += 1
                continue
            # `- key: value`: a mapping whose keys sit where this one starts.
            column += len(content) - len(item)
            opened = {}
            top.append(opened)
            indents.append(column)
            containers.append(opened)
            top = opened
        else:
            if not isinstance(top, dict):
                return None
            entry = _ENTRY.fullmatch(content)
            if entry is None:
                return None
        key, rest = entry.groups()
        if key in top:
            return None
        if rest is None:
            pending, pending_at = key, column
            i += 1
            continue
        if rest in _BLOCK:
            top[key], i = _block(lines, i + 1, column, *_BLOCK[rest])
            continue
        top[key] = _scalar(rest)
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
    if text == "[]":
        return []
    if text == "{}":
        return {}
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
