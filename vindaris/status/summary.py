"""What one historical version of a file says, reduced to the fields status follows.

History holds tens of thousands of versions; parsing each with a YAML loader
is what made cold status slow. Nearly all of them are plain block-style files
as people (and Vindaris' own commands) write them, so a line scanner reads
those; anything it is not certain about (flow style, anchors, quotes on a
field it needs, block scalars, tags, unusual numbers) goes to the C safe
loader instead. tests/status/test_summary.py holds the two paths equal.

A goal: (owner, state, ((kr id, value), ...), ((kr id, baseline), ...)).
A work item: (state, owner). None: the blob is not a readable mapping.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
import re
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from vindaris.model.yamlsource import nests_too_deep

Summary = tuple[Any, ...] | None

# What makes a file something the scanner will not second-guess: at a line's
# start, flow collections, anchors, aliases, tags, directives, complex keys,
# document markers, or a top-level line that starts with anything but a
# letter (a top-level list, a quoted key); anywhere, tabs, merge keys, and
# an anchor, alias or tag as a value. Two patterns, the second behind a
# cheap character test: one alternation tried at every position was slow.
#
# The patterns that look at line starts are searched in "\n" + text (see
# `_lined`) and begin with that newline instead of a multiline `^`: re skips
# from one newline to the next when a pattern starts with a literal, but
# tries `^` at every character. A work item's scans took a third as long.
_UNSURE_LINE = re.compile(r"\n(?: *[{\[&*!%?]|---|\.\.\.|[^ #\r\nA-Za-z_])")
_UNSURE_INLINE = re.compile(r"\t|<<|: *[&*!]")


def _lined(text: str) -> str:
    """`text` with a newline before its first line, so that every line,
    the first too, starts after one (positions in it are one further on)."""
    return "\n" + text


def _unsure(lined: str) -> bool:
    if _UNSURE_LINE.search(lined):
        return True
    # The cheap test: one fast scan of the text per character (a set's
    # isdisjoint walked it a character at a time, ten times as long).
    if "\t" in lined or "<" in lined or "&" in lined or "*" in lined or "!" in lined:
        return _UNSURE_INLINE.search(lined) is not None
    return False


# ($ keeps its multiline meaning: the end of a line.)
# Every top-level line that starts with a letter must be a `key:` line.
_TOP_NOT_KEY = re.compile(r"\n[A-Za-z_](?![A-Za-z0-9_-]* *:(?: |\r?$))", re.MULTILINE)
_TOP_KEY = re.compile(r"\n[A-Za-z_][A-Za-z0-9_-]* *:(?: |\r?$)", re.MULTILINE)
# A work item needs only two top-level fields.
_WORK_FIELD = re.compile(r"\n(state|owner) *:(?: +|$)(.*?)\r?$", re.MULTILINE)
_KEY = re.compile(r"\n( *)(- +)?([A-Za-z_][A-Za-z0-9_-]*) *:(?: +|$)(.*?)\r?$", re.MULTILINE)
_TOP = frozenset({"owner", "state"})
_KR = frozenset({"id", "kind", "current", "baseline", "done"})
_NUMERIC = frozenset({"current", "baseline"})
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@/+-]*$")
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^-?[0-9]+\.[0-9]+$")
# YAML 1.1 words PyYAML reads as booleans or null: never take them for text.
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_UNKNOWN = object()
# The first line after a value that is not blank, and its indentation.
_NEXT_LINE = re.compile(r"(?:\r?\n *(?=\r?\n))*\r?\n( *)\S")


def _continued(text: str, end: int, column: int) -> bool:
    """Whether a value whose line ends at `end`, of a key at `column`, goes on
    below: a line indented deeper is more of it (`owner:` over `  alice`, or
    a plain scalar folded over lines), which only the loader reads right."""
    after = end + 1  # past the line's "\n"
    if not text.startswith(" " * (column + 1), after) and text[after:after + 1] not in ("\n", "\r"):
        return False  # the next line starts at the key's column or left of it (or there is none)
    below = _NEXT_LINE.match(text, end)
    return below is not None and len(below.group(1)) > column


def _value(raw: str) -> Any:
    """A plain scalar the scanner is sure of, or _UNKNOWN."""
    text = raw.split(" #", 1)[0].strip()
    if not text:
        return None
    if text[0].isdigit() or text[0] in "-+.":
        # Only the plainest numbers: YAML 1.1 also reads 012, 0x1f, 1_000,
        # 12:30 and 2026-01-01 as non-text, and those go to the real loader.
        if _INT.match(text):
            # int() refuses more than 4,300 digits (ValueError); a long one goes
            # to the loader, which refuses it the same way `check` does.
            return int(text) if len(text) <= 20 else _UNKNOWN
        if _FLOAT.match(text):
            return float(text)
        return _UNKNOWN
    if text in ("true", "false"):
        return text == "true"
    if text.lower() in _SPECIAL or not _PLAIN.match(text):
        return _UNKNOWN
    return text


def _scan(text: str, fields: dict[int, tuple[int, str, str]] | None = None,
          ) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """Top-level fields and the key_results entries, or None when unsure.

    One pass of a compiled pattern over the whole text yields only the
    `key: value` lines; everything between them is part of some value.
    With `fields`, each key-result field read is recorded by line number as
    (entry index, key, the line up to its value), for `_goal_after`.
    """
    text = _lined(text)  # positions below are in it
    if _unsure(text) or _TOP_NOT_KEY.search(text):
        return None
    top: dict[str, Any] = {}
    krs: list[dict[str, Any]] = []
    in_krs = False
    item_indent = -1
    dash_indent = -1
    line_no, counted = 0, 0
    for match in _KEY.finditer(text):
        spaces, dash, key, rest = match.groups()
        if fields is not None:
            line_no += text.count("\n", counted, match.start())
            counted = match.start()
        indent = len(spaces)
        if indent == 0 and not dash:
            in_krs = key == "key_results"
            if key in _TOP:
                if rest.lstrip().startswith(("|", ">")) or _continued(text, match.end(), 0):
                    return None
                top[key] = _value(rest)
            elif in_krs:
                if rest.split(" #", 1)[0].strip():
                    return None  # key_results: [] or a flow list
                top[key] = ""
            continue
        if not in_krs:
            continue  # part of some other top-level value
        if dash:
            if dash_indent not in (-1, indent):
                return None  # a nested list: not the shape we know
            dash_indent = indent
            item_indent = indent + len(dash)
            krs.append({})
        elif indent != item_indent or not krs:
            continue  # deeper: part of the previous value
        if key in _KR:
            if rest.lstrip().startswith(("|", ">")) or _continued(text, match.end(), item_indent):
                return None
            krs[-1][key] = _value(rest)
            if fields is not None:
                fields[line_no] = (len(krs) - 1, key, text[match.start(1):match.start(4)])
    return top, krs


def _needed(value: Any, numeric: bool = False) -> bool:
    if value is _UNKNOWN:
        return False
    return not numeric or value is None or isinstance(value, (int, float)) and not isinstance(value, bool)


def _parse(raw: bytes) -> dict[str, Any] | None:
    # Old versions were never checked. Read them no further than `check` would:
    # not binary, and never nested deeper than the C composer can recurse
    # (past ~20,000 levels it kills the whole process with SIGSEGV).
    if b"\x00" in raw or nests_too_deep(raw):
        return None
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - the C *safe* loader
    except (yaml.YAMLError, ValueError, RecursionError, OverflowError, KeyError, AttributeError, IndexError):
        # PyYAML's scalar constructors fail with whatever their parsing trips on
        # (KeyError for `!!bool maybe`, IndexError for an empty `!!int`): see
        # yamlsource._Builder.build, which reports the same values as findings.
        return None
    return data if isinstance(data, dict) else None


def _text(doc: dict[str, Any], name: str) -> str | None:
    value = doc.get(name)
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    # Only what `check` accepts as a number: a 400-digit integer is no float
    # (OverflowError), and .nan/.inf (or 1e400 written out) would reach
    # forecasts and JSON as NaN.
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


#: A key result's entry in a goal summary's values or baselines.
Entry = tuple[str, float]
#: Each key result's (value, baseline) entries, None where it has none.
Parts = list[tuple[Entry | None, Entry | None]]


def _kr_parts(kr: Any) -> tuple[Entry | None, Entry | None]:
    if not isinstance(kr, dict) or not isinstance(kr.get("id"), str):
        return None, None
    if kr.get("kind") == "milestone":
        return (kr["id"], 1.0 if kr.get("done") is True else 0.0), (kr["id"], 0.0)
    base = _number(kr.get("baseline"))
    value = _number(kr.get("current", kr.get("baseline")))
    return None if value is None else (kr["id"], value), None if base is None else (kr["id"], base)


def _goal_of(doc: dict[str, Any], parts: Parts) -> Summary:
    return (_text(doc, "owner"), _text(doc, "state"),
            tuple([value for value, _ in parts if value is not None]),
            tuple([base for _, base in parts if base is not None]))


def _goal_from(doc: dict[str, Any], krs: Any) -> Summary:
    return _goal_of(doc, [_kr_parts(kr) for kr in krs] if isinstance(krs, list) else [])


def summarize_goal(raw: bytes) -> Summary:
    fast = _fast_goal(raw)
    if fast is not _UNKNOWN:
        return fast  # type: ignore[return-value]
    doc = _parse(raw)
    return None if doc is None else _goal_from(doc, doc.get("key_results"))


def summarize_work(raw: bytes) -> Summary:
    fast = _fast_work(raw)
    if fast is not _UNKNOWN:
        return fast  # type: ignore[return-value]
    doc = _parse(raw)
    return None if doc is None else (_text(doc, "state"), _text(doc, "owner"))


def _decode(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _fast_goal(raw: bytes) -> object:
    found = _goal_scan(raw)
    return _UNKNOWN if found is None else found[0]


#: What `_goal_after` needs of the version before: its lines, its top-level
#: fields and entries, where each entry's fields are, and each entry's
#: parts of the summary (a check-in changes one entry: the others are kept).
GoalState = tuple[list[str], dict[str, Any], list[dict[str, Any]], dict[int, tuple[int, str, str]], Parts]


def _goal_scan(raw: bytes) -> tuple[Summary, GoalState] | None:
    text = _decode(raw)
    if text is None or text.startswith("\ufeff"):
        return None
    fields: dict[int, tuple[int, str, str]] = {}
    scanned = _scan(text, fields)
    if scanned is None:
        return None
    top, krs = scanned
    if not _complete(top, krs):
        return None
    parts = [_kr_parts(kr) for kr in krs]
    return _goal_of(top, parts), (text.split("\n"), top, krs, fields, parts)


def _complete(top: dict[str, Any], krs: list[dict[str, Any]]) -> bool:
    if "key_results" not in top or not krs or not all(_needed(top.get(k)) for k in ("owner", "state")):
        return False
    return all(_needed(kr.get("id")) and _needed(kr.get("kind")) and _needed(kr.get("done"))
               and _needed(kr.get("current"), True) and _needed(kr.get("baseline"), True) for kr in krs)


# A changed value that could change more than itself: flow collections,
# anchors, aliases, tags, block scalars, tabs, merge keys.
_VALUE_UNSURE = frozenset("{[&*!|>\t<")


def _goal_after(raw: bytes, before: GoalState) -> tuple[Summary, GoalState] | None:
    """The summary of a version whose only changes, against the version
    `before` was made from, are values of key-result fields (a check-in
    changes one `current:` line): a line compare instead of a scan. None
    when anything else changed; the caller scans the whole file then."""
    text = _decode(raw)
    if text is None or text.startswith("\ufeff"):
        return None
    lines = text.split("\n")
    old_lines, top, krs, fields, parts = before
    if len(lines) != len(old_lines):
        return None
    changed: dict[int, dict[str, Any]] = {}  # entry index -> a copy of the entry, changed
    for i, line in enumerate(lines):
        if line == old_lines[i]:
            continue
        field = fields.get(i)
        if field is None:
            return None
        index, key, prefix = field
        if not line.startswith(prefix):
            return None
        rest = line[len(prefix):]
        if rest.endswith("\r"):
            rest = rest[:-1]
        if not _VALUE_UNSURE.isdisjoint(rest):
            return None
        value = _value(rest)
        # The version before was complete (see _complete), so only a changed
        # value can make this one incomplete.
        if not _needed(value, key in _NUMERIC):
            return None
        if index not in changed:
            changed[index] = dict(krs[index])
        changed[index][key] = value
    if changed:
        # States share the entries no version changed; none is ever changed in place.
        krs, parts = list(krs), list(parts)
        for index, kr in changed.items():
            krs[index], parts[index] = kr, _kr_parts(kr)
    return _goal_of(top, parts), (lines, top, krs, fields, parts)


def _fast_work(raw: bytes) -> object:
    decoded = _decode(raw)
    if decoded is None or decoded.startswith("\ufeff"):
        return _UNKNOWN
    text = _lined(decoded)
    if _unsure(text) or _TOP_NOT_KEY.search(text):
        return _UNKNOWN
    top: dict[str, Any] = {}
    for match in _WORK_FIELD.finditer(text):
        key, rest = match.groups()
        if rest.lstrip().startswith(("|", ">")) or _continued(text, match.end(), 0):
            return _UNKNOWN
        top[key] = _value(rest)
    if not _TOP_KEY.search(text) or not (_needed(top.get("state")) and _needed(top.get("owner"))):
        return _UNKNOWN
    return (_text(top, "state"), _text(top, "owner"))


def summarize_many(items: Iterable[tuple[str, bytes, bool, str | None]],
                   states: dict[str, GoalState] | None = None) -> list[tuple[str, Summary]]:
    """(blob, content, is a goal, a related blob) -> (blob, summary).

    A goal version related to one already read (the version it was made
    from, or the one made from it: the line compare works both ways) is read
    by comparing lines. Without `states` that is within this one call, in
    history order. With `states`, what was read carries over from call to
    call, and each state is taken out once a related version has used it,
    so a long history read newest first holds about one per file.
    """
    shared = states is not None
    known: dict[str, GoalState] = states if states is not None else {}
    out: list[tuple[str, Summary]] = []
    for blob, raw, goal, related in items:
        if not goal:
            out.append((blob, summarize_work(raw)))
            continue
        previous = (known.pop(related, None) if shared else known.get(related)) if related else None
        found = _goal_after(raw, previous) if previous is not None else None
        if found is None:
            found = _goal_scan(raw)
        if found is None:
            out.append((blob, summarize_goal(raw)))
            continue
        summary, known[blob] = found
        out.append((blob, summary))
    return out
