"""`vindaris report`: the weekly status page, in Markdown or HTML, or a static site of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vindaris.cli.options import HISTORY_ENVIRONMENT, as_of_option, resolve_root, root_option

if TYPE_CHECKING:
    from vindaris.render.report.week import Week
    from vindaris.render.report.env import Format


def _now() -> dt.datetime:
    """The clock; only the CLI reads it (tests replace this function)."""
    return dt.datetime.now(dt.timezone.utc)


@click.command(epilog=HISTORY_ENVIRONMENT)
@root_option
@click.option("--week", "week", metavar="YYYY-Www", help="The ISO week to report, e.g. 2026-W47 (default: this week "
              "to date). A finished week is computed as the repository stood at the end of its Sunday (UTC).")
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default=None,
              help="md: GitHub-flavoured Markdown; html: one self-contained file. Default: html for --site and "
                   "for an --output ending in .html, else md.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the page to FILE instead of standard output.")
@click.option("--site", "site", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write a page for every week of the period so far (up to --week), an index and links "
                   "between them into DIR.")
@click.option("--templates", "templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, metavar="DIR", help="Templates that override the built-in ones by name "
                                                "(md/page.md, html/_style.css, ...; see docs/report.md).")
def report(root: Path | None, week: str | None, as_of: str | None, fmt: str | None, output: Path | None,
           site: Path | None, templates: Path | None) -> None:
    """Write the weekly status page that replaces the status meeting.

    Needs attention (ranked, with who acts), what changed this week (from
    its commits), every goal with its key results and work, and who owns
    what: all computed from the repository. The same repository and week
    always give the same page.
    """
    from vindaris.errors import UsageError
    from vindaris.render.report.week import Week

    if week is not None and as_of is not None:
        raise UsageError("--week and --as-of cannot be used together", "--week 2026-W47 is --as-of its Sunday")
    if site is not None and output is not None:
        raise UsageError("--site writes a directory; --output is for a single page")
    chosen = Week.parse(week) if week is not None else None
    strategy_root = resolve_root(root)
    if site is not None:
        from vindaris.render.report.site import build_site

        built = build_site(strategy_root, site, _now(), week=chosen, as_of=as_of,
                           fmt="md" if fmt == "md" else "html", templates=templates)
        click.echo(f"wrote {len(built.weeks)} weekly pages and {built.files[0].name} to {built.directory}")
        return
    page_format = fmt or ("html" if output is not None and output.suffix.lower() in (".html", ".htm") else "md")
    page = _memoised_page(strategy_root, chosen, as_of, "html" if page_format == "html" else "md", templates)
    if output is None:
        from vindaris.cli.output import emit_document

        emit_document(page)
    else:
        from vindaris.atomic import write_atomic

        # Renamed into place: whoever serves or uploads the page sees the old one or the new one.
        write_atomic(output, page.encode("utf-8"))


def _memoised_page(root: Path, week: Week | None, as_of: str | None, fmt: Format, templates: Path | None) -> str:
    """The page, served from .git/vindaris when computed before from the same inputs.

    Custom templates are not memoised: their content is not part of the key.
    """
    from vindaris.aside import writes_aside
    from vindaris.render.report.week import Week, week_as_of
    from vindaris.status.memo import NONE, memo_for

    now = _now()
    memo = NONE
    if templates is None:
        moment = as_of if as_of is not None else week_as_of(week or Week.containing(now.date()), now)
        memo = memo_for(root, moment, now, f"report|{fmt}|{week}|{as_of}")
    cached = memo.load()
    if cached is not None:
        return cached
    # Only now: a remembered page needs neither jinja2 nor the computation.
    from vindaris.render.report.page import report_page

    # Cache writes go to a child while the page is drawn (vindaris/aside.py).
    with writes_aside():
        page = report_page(root, now, week=week, as_of=as_of, fmt=fmt, templates=templates, seen=memo.seen)
        memo.store(page)
    return page
