"""`vindaris owners`: who owns what, their load, and what needs them."""

from __future__ import annotations

from pathlib import Path

import click

from vindaris.authoring.ownership import Owner, ownership_json
from vindaris.cli import completion
from vindaris.cli.authoring import now, root_path
from vindaris.cli.options import root_option
from vindaris.render.escape import one_line


@click.command()
@click.argument("person", required=False, shell_complete=completion.person_ids)
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: for a terminal; json: the same facts for scripts (docs/authoring.md).")
def owners(person: str | None, root: Path | None, fmt: str) -> None:
    """Show who owns which goals, key results and live work.

    For each person: what they own, how many items are active (flagged
    OVERLOADED above `max_active_items_per_owner` in vindaris.yaml) and how
    many things need their attention (from `vindaris status`). With PERSON,
    the full list for that person. `--format json` gives the same facts.
    """
    from vindaris.authoring.change import Workspace
    from vindaris.authoring.names import closest
    from vindaris.authoring.ownership import ownership
    from vindaris.errors import UsageError

    ws = Workspace.load(root_path(root))
    if person is not None and person not in ws.strategy.people:
        raise UsageError(f"{person!r} is not in people.yaml", closest(person, ws.strategy.people))
    result = ownership(ws.root, ws.strategy, now(), person)
    if fmt == "json":
        from vindaris.cli.output import emit_document

        emit_document(ownership_json(result))
        return
    if person is not None:
        _detail(result.owners[0], result.limit, result.from_history)
        return
    width = max((len(o.person) for o in result.owners), default=0)
    click.echo(f"Owners (overloaded above {result.limit} active items)")
    for o in result.owners:
        attention = f", {_count(len(o.attention), 'needing attention', '')}" if result.from_history else ""
        flags = "  OVERLOADED" if o.overloaded else ""
        flags += "" if o.active else "  (no longer active)"
        _say(f"  {o.person:<{width}}  {_count(len(o.goals), 'goal')}, {_count(len(o.key_results), 'key result')}, "
                   f"{_count(len(o.live_work), 'live item')} ({o.active_items} active){attention}{flags}")
    if not result.from_history:
        click.echo("(attention could not be computed here: see `vindaris status`)")


def _say(text: str) -> None:
    # Ids, names and messages are user text: control characters are shown, not sent.
    click.echo(one_line(text))


def _count(n: int, word: str, plural: str = "s") -> str:
    return f"{n} {word}{'' if n == 1 else plural}"


def _detail(o: Owner, limit: int, from_history: bool) -> None:
    status = "OVERLOADED: " if o.overloaded else ""
    _say(f"{o.person} ({o.name}){'' if o.active else ', no longer active'}")
    click.echo(f"  {status}{_count(o.active_items, 'active item')} (limit {limit})")
    _say(f"  goals: {', '.join(o.goals) or 'none'}")
    _say(f"  key results: {', '.join(o.key_results) or 'none'}")
    click.echo("  live work:" + ("" if o.live_work else " none"))
    for ref, state in o.live_work:
        _say(f"    {ref} ({state})")
    if not from_history:
        click.echo("  needs attention: unknown (see `vindaris status`)")
        return
    click.echo("  needs attention:" + ("" if o.attention else " nothing"))
    for a in o.attention:
        _say(f"    {a.kind}: {a.ref}: {a.message}")
