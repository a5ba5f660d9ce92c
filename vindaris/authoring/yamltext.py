"""YAML text for authoring: new documents, and edits that touch one value only.

New files are dumped with ruamel.yaml in the layout docs/format.md shows.
Edits never re-dump a file: ruamel.yaml composes the document to find the
exact character span of the value (its marks), and only that span is
replaced, so comments, key order, quoting, blank lines and line endings stay
byte-for-byte what the author wrote. Each edit is verified by reading the
result back with the loader `check` uses: the data must equal the old data
with just that change, or the edit is refused.

Strings are quoted wherever YAML 1.1 (which `check` reads) would take them
for something else: ruamel.yaml writes `no` and `1:20` bare, since YAML 1.2
reads them as text, but PyYAML reads them as false and 80.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString

from vindaris.errors import VindarisError
from vindaris.model.yamlsource import load_document

Loc = tuple[str | int, ...]
Scalar = str | int | float | bool | dt.date | None

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = pyyaml.resolver.Resolver()
# Characters that end or split a plain scalar inside `[...]` or `{...}`.
_FLOW_UNSAFE = re.compile(r"[,\[\]{}#]|: ")


class EditError(VindarisError):
    """The file's layout is too unusual to edit one value safely."""


def number_text(value: float) -> str:
    """A number as people write it in YAML: `1200`, `0.15`, never `1.2e3`.

    PyYAML (YAML 1.1) reads `1e3` (no dot) as text, so exponents are spelt out.
    """
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text


def _reads_as_text(text: str) -> bool:
    """Whether YAML 1.1 reads `text`, written bare, as a string."""
    return bool(_RESOLVER.resolve(pyyaml.ScalarNode, text, (True, False)) == _STR_TAG)  # type: ignore[no-untyped-call]


def _yaml() -> YAML:
    y = YAML()
    # docs/format.md's layout: lists indented under their key (`  - id: x`).
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never fold a long title onto two lines

    def represent_str(representer: Any, data: str) -> Any:
        style = None
        if "\n" in data:
            style = "|"
        elif not _reads_as_text(data):
            style = "'"
        return representer.represent_scalar(_STR_TAG, data, style=style)

    def represent_float(representer: Any, data: float) -> Any:
        tag = "tag:yaml.org,2002:int" if float(data).is_integer() else "tag:yaml.org,2002:float"
        return representer.represent_scalar(tag, number_text(data))

    y.representer.add_representer(str, represent_str)
    y.representer.add_representer(float, represent_float)
    return y


def dump(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """A new YAML document for `data` (keys in the order given), after comment lines `header`."""
    out = io.StringIO()
    plain = {k: (LiteralScalarString(v) if isinstance(v, str) and "\n" in v else v) for k, v in data.items()}
    _yaml().dump(plain, out)
    return "".join(f"# {line}\n" if line else "#\n" for line in header) + out.getvalue()


def scalar_text(value: Scalar, flow: bool = False) -> str:
    """One scalar as YAML text, quoted only where it has to be."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    out = io.StringIO()
    _yaml().dump({"k": value}, out)
    text = out.getvalue()[len("k: "):].rstrip("\n")
    if flow and not text.startswith(("'", '"')) and _FLOW_UNSAFE.search(text):
        text = "'" + text.replace("'", "''") + "'"
    return text


class YamlText:
    """One YAML document's text, edited by replacing the spans of its values."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text

    # -- public edits -------------------------------------------------------

    def set(self, loc: Loc, value: Scalar, after: Sequence[str] = ()) -> None:
        """Set the scalar at `loc`; add the key (after the first of `after` present) if missing."""
        parent = self._node(loc[:-1])
        key = loc[-1]
        if isinstance(parent, SequenceNode) and isinstance(key, int) and key < len(parent.value):
            item = parent.value[key]
            if not isinstance(item, ScalarNode):
                raise self._error(loc)
            new_text = self._replace_scalar(None, item, value, parent.flow_style is True)
            self._commit(new_text, lambda data: _assign(data, loc, value), loc)
            return
        if not isinstance(parent, MappingNode) or not isinstance(key, str):
            raise self._error(loc)
        entry = _entry(parent, key)
        if entry is None:
            new_text = self._insert(parent, key, value, after, loc)
        else:
            key_node, node = entry
            if not isinstance(node, ScalarNode):
                raise self._error(loc)
            new_text = self._replace_scalar(key_node, node, value, parent.flow_style is True)
        self._commit(new_text, lambda data: _assign(data, loc, value), loc)

    def replace_list(self, loc: Loc, items: Sequence[str]) -> None:
        """Replace the list at `loc` with `items`, in the list's own style (flow or block)."""
        parent = self._node(loc[:-1])
        entry = _entry(parent, loc[-1]) if isinstance(parent, MappingNode) else None
        if entry is None or not isinstance(entry[1], SequenceNode) or not entry[1].value:
            raise self._error(loc)
        node = entry[1]
        if node.flow_style:
            body = "[" + ", ".join(scalar_text(i, flow=True) for i in items) + "]"
            new_text = self.text[: node.start_mark.index] + body + self.text[node.end_mark.index:]
        else:
            start = _line_start(self.text, node.value[0].start_mark.index)
            end = _line_end(self.text, _last_end(node))
            indent = " " * node.start_mark.column
            nl = _newline(self.text)
            body = "".join(f"{indent}- {scalar_text(i)}{nl}" for i in items)
            new_text = self.text[:start] + body + self.text[end:]
        self._commit(new_text, lambda data: _assign(data, loc, list(items)), loc)

    def remove_keys(self, loc: Loc, keys: Sequence[str]) -> None:
        """Remove `keys` from the mapping at `loc`; remove the mapping's own key when it empties."""
        parent = self._node(loc[:-1])
        entry = _entry(parent, loc[-1]) if isinstance(parent, MappingNode) else None
        if entry is None or not isinstance(entry[1], MappingNode):
            raise self._error(loc)
        key_node, node = entry
        assert isinstance(node, MappingNode)
        kept = [(k, v) for k, v in node.value if k.value not in keys]
        if len(kept) == len(node.value):
            return
        if not kept or node.flow_style:
            start = _line_start(self.text, key_node.start_mark.index)
            end = _line_end(self.text, _last_end(node))
            if kept:  # a flow mapping keeps its surviving entries on its key's line
                body = ", ".join(f"{scalar_text(k.value, True)}: {self.text[v.start_mark.index:v.end_mark.index]}"
                                 for k, v in kept)
                new_text = self.text[: node.start_mark.index] + "{" + body + "}" + self.text[node.end_mark.index:]
            else:
                new_text = self.text[:start] + self.text[end:]
        else:
            new_text = self.text
            for k, v in reversed(node.value):
                if k.value in keys:
                    start = _line_start(new_text, k.start_mark.index)
                    end = _line_end(new_text, _last_end(v))
                    new_text = new_text[:start] + new_text[end:]

        def expect(data: Any) -> None:
            mapping = _get(data, loc)
            for k in keys:
                mapping.pop(k, None)
            if not mapping:
                del _get(data, loc[:-1])[loc[-1]]

        self._commit(new_text, expect, loc)

    # -- internals ----------------------------------------------------------

    def _root(self) -> Node:
        try:
            # Marks index the text as given, a byte-order mark included.
            node: Node | None = YAML().compose(io.StringIO(self.text))
        except Exception as exc:  # ruamel raises many YAMLError subclasses and more
            raise EditError(f"{self.path} is not valid YAML ({type(exc).__name__}); fix it first",
                            "run `vindaris check` to see where") from exc
        if node is None:
            raise self._error(())
        return node

    def _node(self, loc: Loc) -> Node:
        node = self._root()
        for part in loc:
            if isinstance(node, MappingNode) and isinstance(part, str):
                entry = _entry(node, part)
                if entry is None:
                    raise self._error(loc)
                node = entry[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                raise self._error(loc)
        return node

    def _replace_scalar(self, key_node: Node | None, node: ScalarNode, value: Scalar, flow: bool) -> str:
        start, end = node.start_mark.index, node.end_mark.index
        new = scalar_text(value, flow)
        old = self.text[start:end]
        if key_node is not None and str(node.tag or "").endswith(":null") and old in ("", " "):
            # An empty value (`state:`): write after the key's colon.
            colon = self.text.index(":", key_node.end_mark.index)
            return self.text[: colon + 1] + " " + new + self.text[colon + 1:]
        if isinstance(value, str) and old[:1] in ("'", '"') and not new.startswith(("'", '"')):
            new = old[0] + new + old[0]  # keep the author's quotes around plain text
        return self.text[:start] + new + self.text[end:]

    def _insert(self, mapping: MappingNode, key: str, value: Scalar, after: Sequence[str], loc: Loc) -> str:
        entries = {k.value: (k, v) for k, v in mapping.value}
        anchor = next((entries[a] for a in after if a in entries and isinstance(entries[a][1], ScalarNode)), None)
        if anchor is None:
            scalars = [(k, v) for k, v in mapping.value if isinstance(v, ScalarNode)]
            if not scalars:
                raise self._error(loc)
            anchor = scalars[-1]
        key_node, value_node = anchor
        if mapping.flow_style:
            at = value_node.end_mark.index
            return self.text[:at] + f", {key}: {scalar_text(value, flow=True)}" + self.text[at:]
        at = _line_end(self.text, value_node.end_mark.index)
        nl = _newline(self.text)
        prefix = "" if at == 0 or self.text[at - 1] == "\n" else nl
        line = f"{prefix}{' ' * key_node.start_mark.column}{key}: {scalar_text(value)}{nl}"
        return self.text[:at] + line + self.text[at:]

    def _commit(self, new_text: str, expect: Callable[[Any], None], loc: Loc) -> None:
        before = load_document(self.path, self.text.encode("utf-8"))
        after = load_document(self.path, new_text.encode("utf-8"))
        wanted = copy.deepcopy(before.data)
        try:
            expect(wanted)
        except (KeyError, IndexError, TypeError):
            raise self._error(loc) from None
        if after.data != wanted or len(after.findings) > len(before.findings):
            raise self._error(loc)
        self.text = new_text

    def _error(self, loc: Loc) -> EditError:
        where = ".".join(str(p) for p in loc) or "document"
        return EditError(f"cannot edit '{where}' in {self.path} safely: its YAML layout is unusual",
                         "edit the file by hand, then run `vindaris check`")


def _entry(mapping: Node, key: str | int) -> tuple[Node, Node] | None:
    if not isinstance(mapping, MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _last_end(node: Node) -> int:
    """Where a value really ends: block collections' own end marks run into what follows."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_end(last[1] if isinstance(last, tuple) else last)
    end: int = node.end_mark.index
    return end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just past the newline ending the line that holds `index - 1`."""
    if index > 0 and text[index - 1] == "\n":
        return index
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _assign(data: Any, loc: Loc, value: Any) -> None:
    _get(data, loc[:-1])[loc[-1]] = value
