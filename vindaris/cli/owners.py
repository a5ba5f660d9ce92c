"""`vindaris owners`: who owns what, their load, and what needs them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vindaris.authoring.ownership import Owner, ownership_json
from vindaris.cli import completion
from vindaris.cli.authoring import now, root_path
from vindaris.cli.options import root_option
from vindaris.render.escape import one_line

if TYPE_CHECKING:
    from vindaris.status.memo import Seen
    from vindaris.status.records import Status


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
    from vindaris.aside import writes_aside
    from vindaris.errors import GitError
    from vindaris.status.memo import NONE, memo_for

    strategy_root = root_path(root)
    moment = now()
    # Memoised as `status` is: the same files, commit and day give the same answer.
    try:
        memo = memo_for(strategy_root, None, moment, f"owners-{fmt}|{person}")
    except GitError:  # no git here (or it fails): ownership from the files alone, below
        memo = NONE
    text = memo.load()
    if text is None:
        with writes_aside():  # cache writes go to a child (vindaris/aside.py)
            text = _compute(strategy_root, moment, person, fmt, memo.seen)
            memo.store(text)
    if fmt == "json":
        from vindaris.cli.output import emit_document

        emit_document(text)
    else:
        click.echo(text, nl=False)


def _compute(root: Path, moment: dt.datetime, person: str | None, fmt: str, seen: Seen) -> str:
    from vindaris.authoring.names import closest
    from vindaris.authoring.ownership import ownership
    from vindaris.errors import UsageError, VindarisError
    from vindaris.model.checks import check_files
    from vindaris.model.files import read_tree
    from vindaris.status.compute import compute_status

    status: Status | None
    try:
        # One computation gives both the files' model and what needs attention.
        computed = compute_status(root, None, moment, seen)
        strategy, status = computed.strategy, computed.status
    except VindarisError:  # no usable history here: ownership from the files alone
        strategy, status = check_files(read_tree(root)[0])[0], None
    if person is not None and person not in strategy.people:
        raise UsageError(f"{person!r} is not in people.yaml", closest(person, strategy.people))
    result = ownership(strategy, status, person)
    if fmt == "json":
        return ownership_json(result)
    lines: list[str] = []
    if person is not None:
        _detail(lines, result.owners[0], result.limit, result.from_history)
        return "".join(line + "\n" for line in lines)
    width = max((len(o.person) for o in result.owners), default=0)
    lines.append(f"Owners (overloaded above {result.limit} active items)")
    for o in result.owners:
        # Things, as status and the weekly page count them: one ref with two reasons is one.
        things = len({a.ref for a in o.attention})
        attention = f", {_count(things, 'needing attention', '')}" if result.from_history else ""
        flags = "  OVERLOADED" if o.overloaded else ""
        flags += "" if o.active else "  (no longer active)"
        lines.append(one_line(f"  {o.person:<{width}}  {_count(len(o.goals), 'goal')}, "
                              f"{_count(len(o.key_results), 'key result')}, "
                              f"{_count(len(o.live_work), 'live item')} ({o.active_items} active){attention}{flags}"))
    if not result.from_history:
        lines.append("(attention could not be computed here: see `vindaris status`)")
    return "".join(line + "\n" for line in lines)


def _count(n: int, word: str, plural: str = "s") -> str:
    return f"{n} {word}{'' if n == 1 else plural}"


def _detail(lines: list[str], o: Owner, limit: int, from_history: bool) -> None:
    # Ids, names and messages are user text: control characters are shown, not sent.
    status = "OVERLOADED: " if o.overloaded else ""
    lines.append(one_line(f"{o.person} ({o.name}){'' if o.active else ', no longer active'}"))
    lines.append(f"  {status}{_count(o.active_items, 'active item')} (limit {limit})")
    lines.append(one_line(f"  goals: {', '.join(o.goals) or 'none'}"))
    lines.append(one_line(f"  key results: {', '.join(o.key_results) or 'none'}"))
    lines.append("  live work:" + ("" if o.live_work else " none"))
    for ref, state in o.live_work:
        lines.append(one_line(f"    {ref} ({state})"))
    if not from_history:
        lines.append("  needs attention: unknown (see `vindaris status`)")
        return
    lines.append("  needs attention:" + ("" if o.attention else " nothing"))
    for a in o.attention:
        lines.append(one_line(f"    {a.kind}: {a.ref}: {a.message}"))
