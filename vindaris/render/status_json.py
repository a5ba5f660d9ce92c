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


def _plain(value: Any) -> Any:
    if isinstance(value, CheckIn):
        return {
            "date": value.event.date.isoformat(),
            "value": _plain(value.value),
            "previous": _plain(value.previous),
            "commit": value.event.commit,
            "author": value.event.author,
            "note": value.event.note,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        # JSON has no NaN or Infinity (json.dumps would write them anyway, and
        # other parsers reject the document): a forecast that overflowed is unknown.
        return round(value, 6) if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


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
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
