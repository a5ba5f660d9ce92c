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
    # A whole number first: most values are, and round() (which formats
    # the float to round it) was a tenth of the document's time. (inf % 1
    # and nan % 1 are nan: not whole.)
    if value % 1 == 0:
        return value
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
    """What json cannot write itself, as json values: called by its C encoder
    (as `default`) once per record, so lists and strings never pass through
    Python code (with tens of thousands of check-ins, that was most of the time)."""
    if isinstance(value, CheckIn):
        return _checkin(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A float anywhere in a record is a field of its own (records hold no
        # lists of numbers): rounded here, as json would not.
        return {name: _number(field) if type(field) is float else field
                for name in _field_names(type(value)) for field in (getattr(value, name),)}
    raise TypeError(f"{type(value).__name__} is not part of the status JSON")


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
        "period": {"id": status.period, "start": status.period_start, "end": status.period_end,
                   "elapsed": round(status.elapsed, 6)},
        "history": {"available": facts.available, "note": facts.note, "shallow": facts.shallow,
                    "commit": facts.commit, "uncommitted": facts.uncommitted},
        "attention": status.attention,
        "goals": status.goals,
        "owners": status.owners,
    }
    # Compact: with indent, json falls back to its pure-Python encoder, which
    # took a second on a large repository; pipe through `jq .` to read it.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=_plain) + "\n"
