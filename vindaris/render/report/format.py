"""How the weekly page writes numbers, dates and people: the same in every format."""

from __future__ import annotations

import datetime as dt
import re

#: A symbol beside each health, so the page does not speak in colour alone.
HEALTH_SYMBOL = {
    "on-track": "●", "achieved": "✔", "at-risk": "▲", "off-track": "✖",
    "not-started": "○", "missed": "✖", "dropped": "–",
}
STATE_SYMBOL = {"planned": "○", "active": "▶", "blocked": "■", "done": "✔", "dropped": "–",
                "achieved": "✔", "missed": "✖"}

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9-]")


def number(value: float | None, unit: str | None = None) -> str:
    """`1,200 kEUR`, `12.5%`: at most two decimals, none from 100 up (a forecast of
    650.82 says nothing 651 does not), never "-0"."""
    if value is None:
        return "-"
    value = round(value, 0 if abs(value) >= 100 else 2) + 0.0
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("%", "pp"):
        return f"{text}{unit}"
    return f"{text} {unit}" if unit else text


def percent(share: float) -> int:
    return round(share * 100) + 0


def day(value: dt.date | dt.datetime | None) -> str | None:
    """An ISO date; a moment is read in UTC, the zone weeks are counted in."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.timezone.utc).date()
    return value.isoformat()


def short(sha: str | None) -> str | None:
    return sha[:7] if sha else None


def anchor(prefix: str, ref: str) -> str:
    """An HTML id for a ref: `kr-grow.arr` (slugs have no dots, so ids never collide)."""
    safe = _UNSAFE_ID.sub(lambda m: "." if m.group() == "/" else f"_{ord(m.group()):x}", ref)
    return f"{prefix}-{safe}"
