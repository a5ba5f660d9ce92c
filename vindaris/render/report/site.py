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

from vindaris import keepalive
from vindaris.render.report.build import weekly_page
from vindaris.render.report.env import Format, render
from vindaris.errors import UsageError
from vindaris.render.report.page import compute_week
from vindaris.render.report.view import Header, Headline, Index, IndexRow, Link, Nav
from vindaris.render.report.week import Week, weeks_between
from vindaris.status.compute import Computed, compute_status


@dataclass(frozen=True)
class Site:
    directory: Path
    files: tuple[Path, ...]  # written, index first
    weeks: tuple[Week, ...]


def build_site(root: Path, out: Path, now: dt.datetime, *, week: Week | None = None, as_of: str | None = None,
               fmt: Format = "html", templates: Path | None = None) -> Site:
    """Write a page per week of the period up to `week` (default: this week) and an index into `out`.

    Weeks are computed oldest first (with the history cache, each week's
    history is then read on top of the week before's), and each is rendered
    as soon as the next one is known, so at most two weeks' status are held
    at once (a week's status on a 30,000-commit history is tens of MB; all
    of a quarter's at once was 700 MB). Pages are written when all are made.
    """
    with keepalive.paused():  # a week's graphs are freed as the next is made, not held to the end
        return _build_site(root, out, now, week, as_of, fmt, templates)


def _build_site(root: Path, out: Path, now: dt.datetime, week: Week | None, as_of: str | None,
                fmt: Format, templates: Path | None) -> Site:
    last, latest = compute_week(root, now, week, as_of)
    org = latest.status.organization or "Strategy"
    texts: dict[Week, str] = {}
    summaries: dict[Week, tuple[Header, Headline, int]] = {}  # what the index shows of each page
    previous: Week | None = None
    pending: tuple[Week, Computed] | None = None

    def finish(done: tuple[Week, Computed], following: Week | None) -> None:
        nonlocal previous
        w, computed = done
        nav = Nav(previous=_link(previous, fmt) if previous else None,
                  next=_link(following, fmt) if following else None, index=Link("all weeks", f"index.{fmt}"))
        page = weekly_page(computed, w, nav, root)
        texts[w] = render(fmt, "page", templates, page=page)
        summaries[w] = (page.header, page.headline, page.changes.total)
        previous = w

    if latest.status.period_start is not None:
        for earlier in weeks_between(latest.status.period_start, last.monday)[:-1]:
            try:
                result = compute_status(root, earlier.sunday.isoformat(), now)
            except UsageError:
                continue  # history begins later: a week before the first commit has nothing to show
            if latest.status.facts.available and not result.status.facts.available:
                continue  # (a shallow clone cut after it: nothing to show either)
            if pending is not None:
                finish(pending, earlier)
            pending = (earlier, result)
    if pending is not None:
        finish(pending, last)
    finish((last, latest), None)
    index = _index(org, summaries, fmt)
    out.mkdir(parents=True, exist_ok=True)
    files = [_write(out / f"index.{fmt}", render(fmt, "index", templates, index=index))]
    weeks = sorted(texts)
    for w in weeks:
        files.append(_write(out / f"{w.label}.{fmt}", texts[w]))
    return Site(out, tuple(files), tuple(weeks))


def _link(week: Week, fmt: Format) -> Link:
    return Link(week.label, f"{week.label}.{fmt}")


def _index(org: str, summaries: dict[Week, tuple[Header, Headline, int]], fmt: Format) -> Index:
    latest = summaries[max(summaries)][0]
    rows = tuple(IndexRow(
        week=_link(w, fmt), as_of=header.as_of, commit=header.commit, headline=headline, changes=changes,
    ) for w, (header, headline, changes) in sorted(summaries.items(), reverse=True))
    return Index(organization=org, title=f"{org}: weekly status", period=latest.period,
                 period_start=latest.period_start, period_end=latest.period_end, rows=rows)


def _write(path: Path, text: str) -> Path:
    from vindaris.atomic import write_atomic

    write_atomic(path, text.encode("utf-8"))
    return path
