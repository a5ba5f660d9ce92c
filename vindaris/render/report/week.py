"""ISO weeks: what `--week 2026-W47` names and the days a weekly page covers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vindaris.errors import UsageError

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_HINT = "write the ISO week as YYYY-Www, e.g. 2026-W47"


@dataclass(frozen=True, order=True)
class Week:
    """One ISO 8601 week, Monday to Sunday (weeks belong to the year of their Thursday)."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        """`2026-W47` (also `2026W47`, `2026-w47`); UsageError for anything else."""
        match = _WEEK.match(text.strip())
        if not match:
            raise UsageError(f"--week {text}: not an ISO week", _HINT)
        year, number = int(match.group(1)), int(match.group(2))
        try:
            dt.date.fromisocalendar(year, number, 1)
        except ValueError:
            raise UsageError(f"--week {text}: {year} has no week {number}", _HINT) from None
        return cls(year, number)

    @classmethod
    def containing(cls, day: dt.date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def start(self) -> dt.datetime:
        """Monday 00:00:00 UTC."""
        return dt.datetime.combine(self.monday, dt.time.min, tzinfo=dt.timezone.utc)

    def end(self) -> dt.datetime:
        """Sunday 23:59:59.999999 UTC: a finished week's page is computed as of this moment."""
        return dt.datetime.combine(self.sunday, dt.time.max, tzinfo=dt.timezone.utc)

    def previous(self) -> Week:
        return Week.containing(self.monday - dt.timedelta(days=7))

    def next(self) -> Week:
        return Week.containing(self.monday + dt.timedelta(days=7))

    def __str__(self) -> str:
        return self.label


def weeks_between(first: dt.date, last: dt.date) -> list[Week]:
    """Every week from the one containing `first` to the one containing `last`, in order."""
    out: list[Week] = []
    week, stop = Week.containing(first), Week.containing(last)
    while week <= stop:
        out.append(week)
        week = week.next()
    return out


def week_as_of(week: Week, now: dt.datetime) -> str | None:
    """The as-of a week's page is computed at: the end of its Sunday (UTC) once
    the week is over, else the present (None: HEAD and the working tree)."""
    if week.start() > now:
        raise UsageError(f"--week {week}: the week has not started yet (today is {now.date().isoformat()})")
    return None if now <= week.end() else week.sunday.isoformat()
