"""`vindaris status --format json`: the full computed model, versioned.

The document's shape is documented in docs/status-json.md. Keys are stable;
new keys may be added within a version, none removed or renamed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from typing import Any

from vindaris.status.records import CheckIn, Status

JSON_VERSION = 1


def _number(value: float) -> float | None:
    # JSON has no NaN or Infinity (json.dumps would write them anyway, and
    # other parsers reject the document): a forecast that overflowed is unknown.
    return round(value, 6) if math.isfinite(value) else None


def _checkin(c: CheckIn) -> dict[str, Any]:
    ev = c.event
    return {
        "date": ev.date.isoformat(),
        "value": _number(c.value),
        "previous": None if c.previous is None else _number(c.previous),
        "commit": ev.commit,
        "author": ev.author,
        "note": ev.note,
    }


def _plain(value: Any) -> Any:
    # Ordered by how often each kind occurs: tens of thousands of check-ins
    # and plain strings on a large repository.
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, CheckIn):
        return _checkin(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return _FIELDS[cls]


def as_json(status: Status) -> str:
    facts = status.facts
    doc = {
        "version": JSON_VERSION,
        "organization": status.organization,
        "as_of": status.as_of.isoformat(),
        "period": {"id": status.period, "start": _plain(status.period_start), "end": _plain(status.period_end),
                   "elapsed": round(status.elapsed, 6)},
        "history": {"available": facts.available, "note": facts.note, "shallow": facts.shallow,
                    "commit": facts.commit, "uncommitted": facts.uncommitted},
        "attention": _plain(status.attention),
        "goals": _plain(status.goals),
        "owners": _plain(status.owners),
    }
    # Compact: with indent, json falls back to its pure-Python encoder, which
    # took a second on a large repository; pipe through `jq .` to read it.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
