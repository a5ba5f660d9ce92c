"""`vindaris checkin`: record a key result's latest value."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from vindaris.cli import completion
from vindaris.cli.authoring import Asker, carry_out, commit_option, interactive_option, root_path
from vindaris.cli.options import root_option
from vindaris.errors import UsageError


@click.command()
@click.argument("goal_id", metavar="GOAL", shell_complete=completion.goal_ids)
@click.argument("kr_id", metavar="KR", shell_complete=completion.key_results_of("goal_id"))
@click.argument("value", required=False)
@click.option("--done/--not-done", "done", default=None, help="For a milestone: reached, or not (any more).")
@click.option("--note", metavar="TEXT", help="What happened; the commit message's body with --commit.")
@commit_option
@interactive_option
@root_option
def checkin(goal_id: str, kr_id: str, value: str | None, done: bool | None, note: str | None, commit: bool,
            interactive: bool, root: Path | None) -> None:
    """Set key result KR of GOAL to VALUE (a metric's `current`).

    Only that value changes in goal.yaml: comments, order and layout stay as
    they are. With --commit, commits just goal.yaml as
    `checkin(GOAL/KR): OLD -> NEW`, the note as its body: the commit's date
    is the check-in's date for `vindaris status`.
    """
    from vindaris.authoring.change import Workspace
    from vindaris.authoring.edits import plan_checkin
    from vindaris.authoring.names import require_goal, require_kr
    from vindaris.authoring.values import parse_number, with_unit
    from vindaris.render.escape import one_line

    ws = Workspace.load(root_path(root))
    goal_part, slash, kr_part = goal_id.partition("/")
    if slash and goal_part in ws.strategy.goals:
        # `status` and the commit subjects name key results GOAL/KR: the
        # natural thing to type, one argument short of what checkin takes.
        rest = [kr_id] + ([value] if value is not None else [])
        raise UsageError(f"GOAL {goal_id!r} names a key result: give its goal and key result apart",
                         f"vindaris checkin {shlex.join([goal_part, kr_part, *rest])}")
    kr = require_kr(require_goal(ws.strategy, goal_id), kr_id)
    number = None
    if kr.kind == "metric" and value is None and done is None:
        ask = Asker(interactive)
        ask.need("VALUE")
        click.echo(one_line(f"{kr.ref}: {kr.title}, now {with_unit(kr.current, kr.unit)} "
                            f"(target {with_unit(kr.target, kr.unit)})"))
        value = ask.text("VALUE", "New value")
    if value is not None:
        number = parse_number(value, "VALUE", kr.unit)
    change = plan_checkin(ws, goal_id, kr_id, number, done, note)
    if change is None:
        click.echo(one_line(f"{kr.ref} is already {value if value is not None else ('done' if done else 'not done')}: "
                            "nothing to change"))
        return
    carry_out(ws, change, commit)
