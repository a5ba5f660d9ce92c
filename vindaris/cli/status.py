"""`vindaris status`: health of every goal, computed from the repository's history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vindaris.cli.options import HISTORY_ENVIRONMENT, as_of_option, resolve_root, root_option

if TYPE_CHECKING:
    from rich.console import Console


@click.command(epilog=HISTORY_ENVIRONMENT)
@root_option
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the goal tree for a terminal; json: the full computed model (docs/status-json.md).")
@click.option("--goal", "goal", metavar="ID", help="Only this goal and the goals below it.")
@click.option("--owner", "owner", metavar="PERSON", help="Only what this person owns.")
@click.option("--period", "period", metavar="ID", help="Only goals of this period.")
@click.option("--attention", is_flag=True, help="Only the list of what needs attention.")
def status(root: Path | None, as_of: str | None, fmt: str, goal: str | None, owner: str | None,
           period: str | None, attention: bool) -> None:
    """Show which goals are on track, from the repository's own history.

    Key-result trajectories come from the commits that changed their values;
    stalled, overdue and blocked work from the commits that touched each
    item. Nobody writes a status update. Uncommitted edits count as now.
    """
    from vindaris.aside import writes_aside
    from vindaris.keepalive import keep

    strategy_root = resolve_root(root)
    now = dt.datetime.now(dt.timezone.utc)
    from vindaris.status.memo import memo_for

    # Both views are memoised: JSON as it is, the terminal view as the
    # characters it drew at this width, colour system and terminal-ness.
    con = None
    purpose = f"status-{fmt}|{goal}|{owner}|{period}|{attention}"
    if fmt == "text":
        from vindaris.cli.console import console, rendering

        con = console(layout=True)
        purpose += f"|{rendering(con)}"
    memo = memo_for(strategy_root, as_of, now, purpose)
    cached = memo.load()
    if cached is not None:
        _write(cached, con)
        return
    # Only now: a remembered output needs neither (nor pydantic, which they import).
    from vindaris.status.compute import compute_status
    from vindaris.status.filters import narrow

    # Cache writes go to a child while the output is drawn (vindaris/aside.py).
    with writes_aside():
        computed = compute_status(strategy_root, as_of, now, memo.seen)
        result = narrow(computed.status, goal=goal, owner=owner, period=period,
                        periods=[p.id for p in config.periods] if (config := computed.strategy.config) else None)
        if con is None:
            from vindaris.render.status_json import as_json

            text = as_json(result)
        else:
            from vindaris.cli.console import recorder
            from vindaris.cli.status_view import show

            recording, buffer = recorder(con)
            show(result, attention_only=attention, check_errors=len(computed.errors), con=recording)
            text = buffer.getvalue()
        memo.store(text)
        _write(text, con)
        keep("status", computed, result)  # not freed one by one on return (vindaris/keepalive.py)


def _write(text: str, con: Console | None) -> None:
    """The output, on the stream it was drawn for."""
    if con is None:
        from vindaris.cli.output import emit_document

        emit_document(text)
    else:
        # Straight to the stream the view was drawn for (click.echo would
        # strip its colours whenever it thinks the stream is not a terminal).
        con.file.write(text)
        con.file.flush()
