"""Safe YAML loading that keeps the source position of every key and value.

PyYAML's `compose` (with the C loader where available) gives a node graph
with line/column marks; we build plain Python values from it ourselves so
that we can (a) refuse duplicate keys, which PyYAML silently collapses,
(b) refuse tags that would construct objects instead of executing them,
(c) bound alias expansion ("billion laughs") and (d) remember where each
value came from, so a pydantic error `loc` maps back to a line and column.

Most strategy files are plain block YAML, which vindaris.model.plainyaml
reads to the same data in a fraction of the time; libyaml reads the rest,
and finds the positions of any file only when a finding needs them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from vindaris.findings import Finding, Severity
from vindaris.model.plainyaml import read_plain
from vindaris.model.yamltags import (
    CONSTRUCTOR as _CONSTRUCTOR,
    MAP_TAG as _MAP,
    MERGE_TAG as _MERGE,
    SAFE_SCALAR_TAGS as _SAFE_SCALAR_TAGS,
    SEQ_TAG as _SEQ,
    STR_TAG as _STR,
    Loader as _Loader,
)

Path = tuple[str | int, ...]

#: How many nodes one document may expand to (aliases counted each time they
#: are used). Our largest real files have a few hundred; a "billion laughs"
#: document needs millions, so this bound ends it in milliseconds.
MAX_NODES = 100_000
#: How deep mappings and sequences may nest before we stop reading.
MAX_DEPTH = 64
#: Default limit on a file's size (bytes); configurable in vindaris.yaml.
DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024
#: Every nesting level needs one of these characters (a flow bracket, a
#: block sequence dash, a mapping colon or `?`), so a file with fewer of them
#: than this cannot come near the depth that crashes the C composer.
_NESTING_CHARS = "[{-:?"
_SCAN_DEPTH_ABOVE = 1000
#: Line breaks as YAML counts them (not str.splitlines, which also breaks at \f and \v).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class SourceMap:
    """Where each value of one YAML document came from (1-based positions).

    For a file that loaded cleanly the positions are found only when first
    asked for (a finding elsewhere points into this file): most files of a
    large repository never need them, and recording them was a third of
    what `check` spent.
    """

    def __init__(self, path: str, fill: Callable[[SourceMap], None] | None = None) -> None:
        self.path = path
        self._values: dict[Path, tuple[int, int]] = {}
        self._keys: dict[Path, tuple[int, int]] = {}
        self._raw: dict[Path, str] = {}
        self._fill = fill
        #: Locations whose values failed validation and were dropped.
        self.invalid: set[Path] = set()
        #: Locations whose value the loader already reported and replaced with
        #: None (a bad date, `.nan`, an unsafe tag): a schema error there would
        #: only repeat it, as "got None".
        self.reported: set[Path] = set()

    @property
    def deferred(self) -> bool:
        """Whether the positions are still to be found (a file that loaded cleanly)."""
        return self._fill is not None

    def _filled(self) -> None:
        if self._fill is not None:
            fill, self._fill = self._fill, None
            fill(self)

    @property
    def values(self) -> dict[Path, tuple[int, int]]:
        self._filled()
        return self._values

    @property
    def keys(self) -> dict[Path, tuple[int, int]]:
        self._filled()
        return self._keys

    @property
    def raw(self) -> dict[Path, str]:
        """The source text of scalars YAML did not read as text (`no` -> False,
        `012` -> 10), so a message can say what the author actually wrote."""
        self._filled()
        return self._raw

    def value_at(self, loc: Path) -> tuple[int, int]:
        """Position of the value at `loc`, or of its nearest known ancestor."""
        return _nearest(self.values, loc)

    def key_at(self, loc: Path) -> tuple[int, int]:
        """Position of the key that names `loc` (falls back to the value)."""
        if loc in self.keys:
            return self.keys[loc]
        return self.value_at(loc)


def _nearest(table: dict[Path, tuple[int, int]], loc: Path) -> tuple[int, int]:
    while loc:
        if loc in table:
            return table[loc]
        loc = loc[:-1]
    return table.get((), (1, 1))


@dataclass
class Document:
    """One parsed YAML file: its data (None when unreadable) and positions."""

    path: str
    data: Any
    source: SourceMap
    findings: list[Finding]


class _TooLarge(Exception):
    """A document past a limit: `node` is where (None: the whole document)."""

    def __init__(self, node: yaml.Node | None = None, deep: bool = False) -> None:
        super().__init__()
        self.node, self.deep = node, deep


class _Unusual(Exception):
    """Something the quick build leaves to the full builder, which reports it."""


def _quick(node: yaml.Node, budget: list[int], depth: int) -> Any:
    """Plain data from a node graph, without positions; _Unusual for anything
    the full builder would have something to say about (tags, duplicate or
    merge keys, bad scalars, non-finite numbers, alias bombs)."""
    budget[0] -= 1
    if budget[0] < 0 or depth >= MAX_DEPTH:
        raise _Unusual
    kind = type(node)
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag not in _SAFE_SCALAR_TAGS:
            raise _Unusual
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except Exception as exc:  # whatever a constructor trips on, the full path reports
            raise _Unusual from exc
        if isinstance(value, float) and not math.isfinite(value):
            raise _Unusual
        return value
    if kind is yaml.MappingNode and node.tag == _MAP:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            budget[0] -= 1
            if type(key_node) is not yaml.ScalarNode or key_node.tag not in _SAFE_SCALAR_TAGS:
                raise _Unusual  # includes `<<` merge keys
            key = str(key_node.value)
            if key in out:
                raise _Unusual
            out[key] = _quick(value_node, budget, depth + 1)
        return out
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_quick(child, budget, depth + 1) for child in node.value]
    raise _Unusual


def _fill_positions(text: str) -> Callable[[SourceMap], None]:
    def fill(source: SourceMap) -> None:
        builder = _Builder(source.path)
        builder.source = source
        try:
            node = yaml.compose(text, Loader=_Loader)
            if node is not None:
                builder.build(node, (), 0)
        except (yaml.YAMLError, _TooLarge, RecursionError):  # pragma: no cover - it loaded once already
            pass
    return fill


class _Builder:
    """Turns a composed node graph into Python data, recording positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.source = SourceMap(path)
        self.findings: list[Finding] = []
        self.count = 0

    def finding(self, node: yaml.Node, rule: str, message: str, hint: str | None = None) -> None:
        line, col = _pos(node)
        self.findings.append(Finding(self.path, line, col, rule, Severity.ERROR, message, hint))

    def build(self, node: yaml.Node, loc: Path, depth: int) -> Any:
        self.count += 1
        if depth >= MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            # The root mapping is level 1 and scalars are no level, as the
            # screen counts them (_too_deep): the same file, the same finding.
            raise _TooLarge(node, deep=True)
        if self.count > MAX_NODES:
            raise _TooLarge
        self.source._values.setdefault(loc, _pos(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                return self._unsafe(node, loc)
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._unsafe(node, loc)
            return [self.build(child, loc + (i,), depth + 1) for i, child in enumerate(node.value)]
        tag = node.tag
        if tag == _STR:
            return node.value  # the common case, by far: no constructor needed
        if tag not in _SAFE_SCALAR_TAGS:
            return self._unsafe(node, loc)
        try:
            # Called directly rather than through construct_object, which would
            # memoise every node for the life of the shared constructor.
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError, AttributeError, IndexError) as exc:
            # PyYAML's scalar constructors fail with whatever their parsing trips
            # on: ValueError for 2026-13-45, but KeyError for `!!bool maybe`,
            # AttributeError for `!!timestamp abc` and IndexError for an empty
            # `!!int` or `!!float` (found by tests/hardening/test_fuzz_documents.py).
            reason = str(exc) if isinstance(exc, (yaml.YAMLError, ValueError, OverflowError)) else "not a valid value for its tag"
            if node.tag.endswith(":timestamp"):
                self.finding(node, "bad-date", f"{_short(node.value)!r} is not a valid date: {reason}")
            else:
                self.finding(node, "yaml-syntax", f"cannot read value {_short(node.value)!r}: {reason}")
            self.source.reported.add(loc)
            return None
        if not isinstance(value, str):
            self.source._raw[loc] = node.value
        if isinstance(value, float) and not math.isfinite(value):
            # .nan/.inf are legal YAML but meaningless as a target or a value.
            self.finding(node, "wrong-type", f"{node.value!r} is not a finite number")
            self.source.reported.add(loc)
            return None
        return value

    def _unsafe(self, node: yaml.Node, loc: Path) -> None:
        self.source.reported.add(loc)
        self.finding(
            node,
            "yaml-unsafe-tag",
            f"tag {node.tag!r} is not allowed; only plain YAML data is read",
            "remove the tag: Vindaris never constructs objects from YAML",
        )
        return None

    def _mapping(self, node: yaml.MappingNode, loc: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in _merged_pairs(node):
            self.count += 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SAFE_SCALAR_TAGS:
                self.finding(key_node, "wrong-type", "mapping keys must be plain text")
                continue
            # Keys are compared as written: `1:` and `"1":` are the same field name here.
            key = str(key_node.value)
            if key in seen:
                first_line, _ = _pos(seen[key])
                self.finding(
                    key_node,
                    "yaml-duplicate-key",
                    f"duplicate key {key!r} (first defined on line {first_line})",
                    "YAML keeps only one of them; remove or rename the other",
                )
                continue
            seen[key] = key_node
            self.source._keys[loc + (key,)] = _pos(key_node)
            result[key] = self.build(value_node, loc + (key,), depth + 1)
        return result


def _merged_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value pairs with `<<` merge keys expanded (explicit keys win)."""
    if not any(k.tag == _MERGE for k, _ in node.value):
        return node.value  # type: ignore[no-any-return]
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for src in sources:
                if isinstance(src, yaml.MappingNode):
                    merged.extend(_merged_pairs(src))
        else:
            pairs.append((key_node, value_node))
    explicit = {k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode)}
    return pairs + [(k, v) for k, v in merged if getattr(k, "value", None) not in explicit]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _short(text: str) -> str:
    # A 5,000-digit number is a real "huge number" input; quote only its start.
    return text if len(text) <= 40 else text[:37] + "..."


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where `text` first nests deeper than MAX_DEPTH, or None.

    The C composer recurses once per level and crashes the whole process
    (SIGSEGV, which no `except` can catch) somewhere past 20,000 levels, which
    50 kB of `[` reaches. The event parser keeps its own stack, so count depth
    there first; files with few nesting characters skip the scan.
    """
    if sum(text.count(c) for c in _NESTING_CHARS) <= _SCAN_DEPTH_ABOVE:
        return None
    depth = 0
    last: yaml.Event | None = None
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            last = event
    except yaml.MarkedYAMLError as exc:
        # PyYAML 6.0.4 stops at 1,000 levels of `[[[` while it looks ahead,
        # before it hands out the events past ours: find our level in the text.
        if "maximum nesting depth" not in str(exc.problem):
            raise
        start = last.end_mark.index if last is not None and last.end_mark is not None else 0
        return _flow_too_deep(text, start, depth) or _mark_of(exc)
    return None


def _flow_too_deep(text: str, start: int, depth: int) -> tuple[int, int] | None:
    """Where the flow brackets from `start` take `depth` past MAX_DEPTH (quotes skipped)."""
    quote = ""
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, i)
                return line + 1, i - (text.rfind("\n", 0, i) + 1) + 1
        elif char in "]}":
            depth -= 1
    return None


def _mark_of(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def nests_too_deep(raw: bytes) -> bool:
    """Whether `raw` nests deeper than MAX_DEPTH: the screen before any plain C load.

    Every `yaml.load` with the C loader needs it (see `_too_deep`): without it,
    a file that `check` reports as yaml-too-complex kills the process that
    loads it quickly. Text that is not even YAML passes: the load that follows
    fails on the same error, before it nests any deeper than the scan got.
    """
    # Decoded as PyYAML decodes bytes: UTF-16 when a byte-order mark says so.
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    try:
        return _too_deep(raw.decode(encoding, "replace")) is not None
    except yaml.YAMLError:
        return False


def _within(text: str, line: int, col: int) -> tuple[int, int]:
    """(line, col) moved back inside `text` when it lies past the end.

    At the end of a file without a final newline libyaml marks an error on the
    line after the last one, which no editor (or GitHub annotation) can show.
    """
    lines = _LINE_BREAK.split(text)
    if line <= len(lines):
        return line, col
    return len(lines), len(lines[-1]) + 1


def _tab_indented(text: str, line: int) -> bool:
    """True when 0-based `line` of `text` is indented with a tab."""
    lines = text.splitlines()
    if line >= len(lines):
        return False
    content = lines[line]
    return "\t" in content[: len(content) - len(content.lstrip(" \t"))]


def load_document(path: str, raw: bytes, max_bytes: int = DEFAULT_MAX_FILE_BYTES, *,
                  subset: bool = True) -> Document:
    """Parse one YAML file safely; problems come back as findings, never raised.

    `subset`: read a file in the plain subset of YAML with the quicker reader
    of vindaris.model.plainyaml (the same data); False reads every file
    with libyaml, as tests do to compare the two.
    """
    def fail(line: int, col: int, rule: str, message: str, hint: str | None = None) -> Document:
        return Document(path, None, SourceMap(path), [Finding(path, line, col, rule, Severity.ERROR, message, hint)])

    if len(raw) > max_bytes:
        return fail(1, 1, "file-too-large", f"file is {len(raw):,} bytes; the limit is {max_bytes:,}",
                    "raise max_file_bytes in vindaris.yaml if this is intended")
    if b"\x00" in raw:
        return fail(1, 1, "file-encoding", "file is binary (contains NUL bytes), not YAML text")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: read past it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(line, col, "file-encoding", f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
    plain = read_plain(text) if subset else None
    if plain is not None:
        return Document(path, plain, SourceMap(path, _fill_positions(text)), [])
    try:
        deep = _too_deep(text)
        if deep is not None:
            return fail(*deep, "yaml-too-complex", f"document nests more than {MAX_DEPTH} levels deep")
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = None
        # libyaml says only "found character that cannot start any token";
        # look at the line itself to tell the author it was a tab.
        if mark and _tab_indented(text, mark.line):
            hint = "YAML does not allow tabs for indentation; use spaces"
        return fail(line, col, "yaml-syntax", f"invalid YAML: {problem}", hint)
    except yaml.YAMLError as exc:  # e.g. unacceptable characters
        return fail(1, 1, "yaml-syntax", f"invalid YAML: {exc}".splitlines()[0])
    except RecursionError:
        return fail(1, 1, "yaml-too-complex", "document nests too deeply to read")
    if node is None:
        return Document(path, {}, SourceMap(path), [])
    try:
        quick = _quick(node, [MAX_NODES], 0)
    except (_Unusual, RecursionError):
        quick = None
    if isinstance(quick, dict):
        return Document(path, quick, SourceMap(path, _fill_positions(text)), [])
    builder = _Builder(path)
    try:
        data = builder.build(node, (), 0)
    except _TooLarge as exc:
        if exc.deep and exc.node is not None:
            # Where the 65th level starts, as the screen above reports deeper files.
            return fail(*_pos(exc.node), "yaml-too-complex", f"document nests more than {MAX_DEPTH} levels deep")
        line, col = _pos(node)
        return fail(line, col, "yaml-too-complex",
                    f"document expands to more than {MAX_NODES:,} values or {MAX_DEPTH} levels (alias bomb?)")
    except RecursionError:
        line, col = _pos(node)
        return fail(line, col, "yaml-too-complex",
                    f"document expands to more than {MAX_NODES:,} values or {MAX_DEPTH} levels (alias bomb?)")
    if not isinstance(data, dict) and not builder.findings:
        line, col = _pos(node)
        builder.findings.append(Finding(path, line, col, "yaml-not-mapping", Severity.ERROR,
                                        f"expected a mapping of keys to values, found a {_kind(data)}"))
    return Document(path, data if isinstance(data, dict) else None, builder.source, builder.findings)


def clean_document(path: str, raw: bytes, data: dict[str, Any]) -> Document:
    """The Document `load_document` returns for a file that loaded cleanly into
    `data` (its SourceMap deferred), given that data: for data built elsewhere
    (model/parallel.py) from the same bytes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return Document(path, data, SourceMap(path, _fill_positions(raw.decode("utf-8"))), [])


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return type(value).__name__
