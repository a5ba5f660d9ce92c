"""The terminal view of a Status, drawn with rich."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from vindaris.cli.console import console
from vindaris.render.escape import one_line
from vindaris.render.spark import bar, sparkline
from vindaris.status.attention import by_thing
from vindaris.status.records import GoalStatus, KeyResultStatus, Status, WorkStatus

HEALTH_STYLE = {
    "on-track": "green", "achieved": "bold green", "at-risk": "yellow", "off-track": "bold red",
    "not-started": "dim", "missed": "red", "dropped": "dim",
}
STATE_STYLE = {"active": "cyan", "planned": "dim", "blocked": "red", "done": "green", "dropped": "dim strike"}


def _t(text: str) -> str:
    # Everything from YAML, file names or git goes through here: ids and units
    # are user text too (a directory name is a goal id, even a bad one).
    return one_line(text)


def number(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("%", "pp"):
        return f"{text}{unit}"
    return f"{text} {_t(unit)}" if unit else text


def percent(share: float) -> str:
    """A share as a whole percentage, never "-0%"."""
    value = round(share * 100)
    return f"{value + 0}%"


def show(status: Status, attention_only: bool = False, check_errors: int = 0, con: Console | None = None) -> None:
    """Draw the status view on `con` (default: the terminal, as `console(layout=True)`)."""
    con = con or console(layout=True)
    facts = status.facts
    head = Text()
    head.append(_t(status.organization) or "Strategy", style="bold")
    if status.period:
        head.append(f"  {status.period} · {status.elapsed:.0%} through · as of {status.as_of}")
    if facts.commit:
        head.append(f" · {facts.commit[:10]}", style="dim")
    con.print(head)
    if facts.uncommitted:
        con.print(Text("includes uncommitted changes in the working tree", style="yellow"))
    if facts.note:
        con.print(Text(f"note: {_t(facts.note)}", style="yellow"))
    if check_errors:
        con.print(Text(f"vindaris check reports {check_errors} error(s); run `vindaris check` for details",
                       style="red"))
    con.print()
    if status.attention:
        # One entry per thing, as the weekly page counts them; its other reasons below it.
        things = by_thing(status.attention)
        con.print(Text(f"Needs attention ({len(things)})", style="bold underline"))
        width = max(len(a.kind) for a in status.attention)
        for first, *more in things:
            line = Text("  ")
            line.append(f"{first.kind:<{width}}", style="bold red" if first.rank <= 2 else "yellow")
            line.append(f"  {_t(first.ref)}", style="bold")
            line.append(f"  {_t(first.message)}")
            line.append(f"  → {_t(first.owner or 'nobody')}", style="cyan")
            con.print(line)
            for a in more:
                also = Text("  " + " " * width + "  + ")
                also.append(a.kind, style="bold red" if a.rank <= 2 else "yellow")
                also.append(f": {_t(a.message)}")
                con.print(also)
    else:
        con.print(Text("Nothing needs attention.", style="green"))
    if attention_only:
        return
    con.print()
    by_id = {g.id: g for g in status.goals}
    roots = [g for g in status.goals if g.parent not in by_id]
    for goal in roots:
        tree = Tree(_goal_label(goal))
        _fill(tree, goal, by_id)
        con.print(tree)


def _goal_label(goal: GoalStatus) -> Text:
    label = Text()
    label.append(_t(goal.title), style="bold")
    label.append(f"  [{_t(goal.id)}] ", style="dim")
    label.append(goal.health, style=HEALTH_STYLE.get(goal.health, ""))
    label.append(f"  owner {_t(goal.owner or '-')}", style="dim")
    return label


def _fill(tree: Tree, goal: GoalStatus, by_id: dict[str, GoalStatus]) -> None:
    """A goal's key results, work and child goals under `tree`, the children's own below them.

    With a stack of its own, not by recursion: goals nest as deep as
    directories do, past Python's recursion limit."""
    todo = [(tree, goal)]
    while todo:
        node, current = todo.pop()
        for kr in current.key_results:
            node.add(_kr_label(kr))
        for item in current.work:
            node.add(_work_label(item))
        below = [(node.add(_goal_label(by_id[child])), by_id[child]) for child in current.children if child in by_id]
        todo.extend(reversed(below))


def _kr_label(kr: KeyResultStatus) -> Text:
    label = Text()
    label.append(bar(kr.progress) + f" {percent(kr.progress):>4} ", style=HEALTH_STYLE.get(kr.health, ""))
    label.append(_t(kr.title))
    if kr.kind == "milestone":
        label.append("  done" if kr.progress >= 1 else "  not done yet", style="dim")
    else:
        label.append(f"  {number(kr.current, kr.unit)} → {number(kr.target, kr.unit)}", style="dim")
    label.append(f"  {kr.health}", style=HEALTH_STYLE.get(kr.health, ""))
    values = [c.value for c in kr.checkins]
    if values:
        label.append(f"  {sparkline(values)}")
    if kr.forecast is not None:
        label.append(f"  forecast {number(kr.forecast, kr.unit)}", style="dim")
    label.append(f"  expected {kr.expected:.0%}", style="dim")
    if kr.stale:
        label.append("  stale", style="yellow")
    return label


def _work_label(w: WorkStatus) -> Text:
    label = Text("• ")
    label.append(f"{w.state:<8}", style=STATE_STYLE.get(w.state, ""))
    label.append(" " + _t(w.title))
    label.append(f"  {_t(w.owner or '-')}", style="dim")
    if w.due:
        label.append(f"  due {w.due}", style="red" if w.overdue else "dim")
    if w.days_idle is not None:
        label.append(f"  {w.days_idle}d since activity", style="dim")
    flags = [name for name, on in (("stalled", w.stalled), ("overdue", w.overdue), ("long-blocked", w.long_blocked))
             if on]
    if w.blocked_by:
        flags.append("waits on " + ", ".join(_t(ref) for ref in w.blocked_by))
    if flags:
        label.append("  " + "; ".join(flags), style="bold yellow")
    return label
