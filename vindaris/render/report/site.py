"""`vindaris report --site DIR`: every week of the period so far, an index, links between them.

Each week is rebuilt from history as it stood at that week's end: one
`compute_status` per week, so about six git processes per week (a quarter is
about 80). With the history cache, each week after the first is read on top
of the one before: the log of the whole history is read about twice, not
once a week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from vindaris.render.report.build import weekly_page
from vindaris.render.report.env import Format, render
from vindaris.errors import UsageError
from vindaris.render.report.page import compute_week
from vindaris.render.report.view import Index, IndexRow, Link, Nav, Page
from vindaris.render.report.week import Week, weeks_between
from vindaris.status.compute import Computed, compute_status


@dataclass(frozen=True)
class Site:
    directory: Path
    files: tuple[Path, ...]  # written, index first
    weeks: tuple[Week, ...]


def build_site(root: Path, out: Path, now: dt.datetime, *, week: Week | None = None, as_of: str | None = None,
               fmt: Format = "html", templates: Path | None = None) -> Site:
    """Write a page per week of the period up to `week` (default: this week) and an index into `out`."""
    last, latest = compute_week(root, now, week, as_of)
    computed: dict[Week, Computed] = {last: latest}
    status = latest.status
    if status.period_start is not None:
        # Oldest first: with the history cache, each week's history is then
        # read on top of the week before's (only the commits made in between).
        for earlier in weeks_between(status.period_start, last.monday)[:-1]:
            try:
                result = compute_status(root, earlier.sunday.isoformat(), now)
            except UsageError:
                continue  # history begins later: a week before the first commit has nothing to show
            if latest.status.facts.available and not result.status.facts.available:
                continue  # (a shallow clone cut after it: nothing to show either)
            computed[earlier] = result
    weeks = sorted(computed)
    pages: dict[Week, Page] = {}
    for i, w in enumerate(weeks):
        nav = Nav(
            previous=_link(weeks[i - 1], fmt) if i > 0 else None,
            next=_link(weeks[i + 1], fmt) if i + 1 < len(weeks) else None,
            index=Link("all weeks", f"index.{fmt}"),
        )
        pages[w] = weekly_page(computed[w], w, nav, root)
    index = _index(status.organization or "Strategy", pages, fmt)
    out.mkdir(parents=True, exist_ok=True)
    files = [_write(out / f"index.{fmt}", render(fmt, "index", templates, index=index))]
    for w in weeks:
        files.append(_write(out / f"{w.label}.{fmt}", render(fmt, "page", templates, page=pages[w])))
    return Site(out, tuple(files), tuple(weeks))


def _link(week: Week, fmt: Format) -> Link:
    return Link(week.label, f"{week.label}.{fmt}")


def _index(org: str, pages: dict[Week, Page], fmt: Format) -> Index:
    latest = pages[max(pages)].header
    rows = tuple(IndexRow(
        week=_link(w, fmt), as_of=p.header.as_of, commit=p.header.commit, headline=p.headline,
        changes=p.changes.total,
    ) for w, p in sorted(pages.items(), reverse=True))
    return Index(organization=org, title=f"{org}: weekly status", period=latest.period,
                 period_start=latest.period_start, period_end=latest.period_end, rows=rows)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path
