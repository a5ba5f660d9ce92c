"""What `--as-of` means: nothing (HEAD), a moment in time, or a git revision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from vindaris.errors import UsageError

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Only text that starts like a date-time is read as one: Python's
# fromisoformat also accepts "20260101", which could just as well be a sha.
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_HINT = "use a date (YYYY-MM-DD), an ISO date-time, or a git revision (sha, tag, branch, HEAD~3)"


@dataclass(frozen=True)
class Moment:
    """A point in time; `text` is what the user wrote, for messages."""

    at: datetime
    text: str


@dataclass(frozen=True)
class Revision:
    text: str


AsOf = Moment | Revision | None


def parse_as_of(text: str | None) -> AsOf:
    """Read an as-of argument; a bare date means the end of that day, UTC."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        raise UsageError("the as-of value is empty", hint=_HINT)
    if _DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"'{text}' is not a valid date", hint=_HINT) from None
        return Moment(datetime.combine(day, time.max, tzinfo=timezone.utc), text)
    if _DATETIME.match(text):
        try:
            at = datetime.fromisoformat(text)
        except ValueError:
            raise UsageError(f"'{text}' is not a valid date-time", hint=_HINT) from None
        # A date-time without an offset is read as UTC, like a bare date.
        return Moment(at if at.tzinfo else at.replace(tzinfo=timezone.utc), text)
    return Revision(text)
