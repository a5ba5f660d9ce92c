"""Validate one parsed document against its schema model, returning findings.

pydantic reports an error's `loc` as a path of keys and indexes; the
document's source map turns that path into the line and column of the
offending key or value, so each finding points at the exact spot.
"""

from __future__ import annotations

import copy
import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from vindaris.findings import Finding, Severity
from vindaris.model.yamlsource import Document

M = TypeVar("M", bound=BaseModel)


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Finding]]:
    """Build `model` from `doc.data`; on failure return every problem as a finding.

    After reporting, the offending values are dropped and the rest is tried
    again, so one bad field does not hide the cross-file problems of a whole
    file (a misspelt `state` should not stop `owner` from being checked).
    The dropped locations are recorded in `doc.source.invalid`.
    """
    if doc.data is None:
        return None, []
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors()
    findings = [_finding(doc, model, err) for err in errors
                if _container_loc(tuple(err["loc"])) not in doc.source.reported]
    data = copy.deepcopy(doc.data)
    for _ in range(3):
        for err in errors:
            loc = _container_loc(tuple(err["loc"]))
            if err["type"] == "missing":
                # A required text field whose bad value we dropped (`title: yes`)
                # gets an empty stand-in, so the rest of the file is still checked;
                # a field that was simply absent stops here, as reported.
                if loc not in doc.source.invalid or _annotation(model, loc) is not str:
                    return None, findings
                _put(data, loc, "")
                continue
            doc.source.invalid.add(loc)
            _drop(data, loc)
        try:
            return model.model_validate(data), findings
        except ValidationError as exc:
            errors = exc.errors()
    return None, findings


def _container_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    # pydantic puts "[key]" or a type name after a dict key; cut back to real keys.
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and part.startswith("[") or part in ("str", "int", "float", "bool", "date"):
            break
        out.append(part)
    return tuple(out)


def _annotation(model: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return None
        current = _inner_model(field.annotation)
    if not (isinstance(current, type) and issubclass(current, BaseModel)) or not loc:
        return None
    field = current.model_fields.get(str(loc[-1]))
    return field.annotation if field else None


def _put(data: Any, loc: tuple[str | int, ...], value: Any) -> None:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict) and loc:
        node[loc[-1]] = value


def _drop(data: Any, loc: tuple[str | int, ...]) -> None:
    """Remove the value at `loc` (a list entry or a mapping key) from `data`."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1] if loc else None
    if isinstance(node, dict) and last in node:
        del node[last]
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = None  # keep indexes stable for positions; retried as invalid


def _finding(doc: Document, model: type[BaseModel], err: Any) -> Finding:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind: str = err["type"]
    where = _describe(loc)
    src = doc.source
    value = err.get("input")

    def make(rule: str, message: str, pos: tuple[int, int], hint: str | None = None) -> Finding:
        return Finding(doc.path, pos[0], pos[1], rule, Severity.ERROR, message, hint)

    if kind == "missing":
        return make("missing-field", f"missing required field {where}", src.value_at(loc[:-1]))
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = sorted(_fields_at(model, loc[:-1]))
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
        return make("unknown-field", f"unknown field {where}", src.key_at(loc), hint)
    pos = src.value_at(loc)
    if kind == "string_pattern_mismatch":
        return make("bad-slug", f"{where} must be a slug (lowercase letters, digits and '-', starting with a letter or digit), got {value!r}", pos)
    if kind.startswith("date") or (kind == "value_error" and "date" in err["msg"]):
        return make("bad-date", f"{where} must be a date (YYYY-MM-DD), got {value!r}", pos)
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        return make("bad-value", f"{where} must be one of {expected}, got {value!r}", pos,
                    f"did you mean '{close[0]}'?" if close else None)
    if kind == "too_short":
        return make("empty-list", f"{where} must list at least one entry", pos)
    if kind == "string_type" and isinstance(value, list) and loc and loc[-1] == "owner":
        return make("multiple-owners", f"{where} must be one person, not a list",
                    pos, "accountability needs a single name; put the others in contributors")
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        word = src.raw.get(loc, str(value))
        read_as = f"the boolean {str(value).lower()}" if isinstance(value, bool) else f"the number {value}"
        return make("wrong-type", f"{where} must be text, but YAML read {word} as {read_as}",
                    pos, f"quote it: '{word}'")
    return make("wrong-type", f"{where}: {err['msg'][0].lower() + err['msg'][1:]}, got {_show(value)}", pos)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "'" + "".join(parts) + "'" if parts else "document"


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> set[str]:
    """The field names allowed in the mapping at `loc` of `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return set()
        field = current.model_fields.get(part)
        if field is None:
            return set()
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return set(current.model_fields)
    return set()


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside `list[X]`, `X | None` and the like, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType) or origin is not None:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
