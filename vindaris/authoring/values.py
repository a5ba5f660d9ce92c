"""Numbers and units as people write them, for messages and commit subjects."""

from __future__ import annotations

import math

from vindaris.errors import UsageError
from vindaris.model.strategy import KeyResult

#: Currency symbols go before the number ($1.45M); every other unit after it.
_PREFIX_UNITS = ("$", "€", "£", "¥")


def compact(value: float) -> str:
    """`1450000` -> `1.45M`, `1020` -> `1,020`, `99.91` -> `99.91`."""
    for size, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return _trim(f"{value / size:.2f}") + suffix
    if float(value).is_integer():
        return f"{int(value):,}"
    return _trim(f"{value:,.4f}")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: float | None, unit: str | None) -> str:
    """A value with its unit: `99.91%`, `$1.45M`, `2,900 ms`, `1,020 kEUR`."""
    if value is None:
        return "-"
    number = compact(value)
    if not unit:
        return number
    if unit == "%":
        return number + "%"
    if unit in _PREFIX_UNITS:
        return ("-" + unit + number[1:]) if number.startswith("-") else unit + number
    return f"{number} {unit}"


def kr_value(kr: KeyResult) -> str:
    """A key result's current value as a check-in message shows it."""
    if kr.kind == "milestone":
        return "done" if kr.done else "not done"
    return with_unit(kr.current, kr.unit)


def parse_number(text: str, what: str, unit: str | None = None) -> float:
    """A plain number typed by a person; the key result's own unit may follow it."""
    raw = text.strip()
    if unit and raw.endswith(unit):
        raw = raw[: -len(unit)].strip()
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a number",
                         "write a plain number such as 1520000 or 0.15 (no thousands separators or suffixes)") from None
    if not math.isfinite(value):
        raise UsageError(f"{what} {text!r} is not a finite number")
    return value
