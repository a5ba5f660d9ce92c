"""One weekly page: which moment a week is computed at, then status, view and template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vindaris.keepalive import keep
from vindaris.render.report.build import weekly_page
from vindaris.render.report.env import Format, render
from vindaris.render.report.view import Nav, Page
from vindaris.render.report.week import Week, week_as_of
from vindaris.status.compute import Computed, compute_status
from vindaris.status.memo import Seen


def compute_week(root: Path, now: dt.datetime, week: Week | None = None,
                 as_of: str | None = None, seen: Seen | None = None) -> tuple[Week, Computed]:
    """Status for `week` (default: the current one), or as of `as_of` (DATE|REV) for the week holding it.

    `seen`: what the memo check read for the same moment (status/memo.py).
    """
    if as_of is not None:
        computed = compute_status(root, as_of, now, seen)
        return Week.containing(computed.status.as_of), computed
    week = week or Week.containing(now.astimezone(dt.timezone.utc).date())
    return week, compute_status(root, week_as_of(week, now), now, seen)


def page_for(root: Path, now: dt.datetime, week: Week | None = None, as_of: str | None = None,
             nav: Nav | None = None, seen: Seen | None = None) -> Page:
    shown, computed = compute_week(root, now, week, as_of, seen)
    keep("week", computed)  # not freed one by one on return (vindaris/keepalive.py)
    return weekly_page(computed, shown, nav, root)


def report_page(root: Path, now: dt.datetime, *, week: Week | None = None, as_of: str | None = None,
                fmt: Format = "md", templates: Path | None = None, seen: Seen | None = None) -> str:
    """The weekly page for the strategy at `root` as text in `fmt`.

    `now` is the caller's clock (only the CLI reads it); a finished week's page
    depends on the repository alone, byte for byte.
    """
    page = page_for(root, now, week, as_of, seen=seen)
    keep("page", page)
    return render(fmt, "page", templates, page=page)
