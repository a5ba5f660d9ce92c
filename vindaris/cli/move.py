"""`vindaris move`: move a work item under another goal."""

from __future__ import annotations

from pathlib import Path

import click

from vindaris.cli import completion
from vindaris.cli.authoring import Asker, carry_out, commit_option, interactive_option, now, root_path, show_goal
from vindaris.cli.options import root_option


@click.command()
@click.argument("ref", metavar="REF", shell_complete=completion.work_refs)
@click.argument("goal_id", metavar="NEW-GOAL", shell_complete=completion.goal_ids)
@click.option("--moves", metavar="KR,...", shell_complete=completion.key_results_of("goal_id"),
              help="Key results of NEW-GOAL the work moves (asked for when left out).")
@commit_option
@interactive_option
@root_option
def move(ref: str, goal_id: str, moves: str | None, commit: bool, interactive: bool, root: Path | None) -> None:
    """Move work item REF under NEW-GOAL.

    Inside a git repository the file moves with `git mv`, so its history
    follows it. Its `moves` become key results of NEW-GOAL, `impact` on key
    results it no longer moves is removed, and other items' `depends_on`
    are pointed at the new ref.
    """
    from vindaris.authoring.change import Workspace
    from vindaris.authoring.context import goal_context
    from vindaris.authoring.move import plan_move
    from vindaris.authoring.names import require_goal, require_work, split_list

    ws = Workspace.load(root_path(root))
    item = require_work(ws.strategy, ref)
    goal = require_goal(ws.strategy, goal_id, "NEW-GOAL")
    chosen = split_list(moves)
    if moves is None and goal.id != item.goal_id:
        ask = Asker(interactive)
        ask.need("--moves")
        show_goal(goal_context(ws.root, ws.strategy, goal.id, now()))
        keep = [kr for kr in item.moves if goal.key_result(kr) is not None]
        chosen = ask.key_results(goal, "--moves", f"Which key results of {goal.id} does {item.id} move?", keep)
    carry_out(ws, plan_move(ws, ref, goal_id, chosen), commit, git_move=True)
