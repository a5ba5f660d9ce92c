"""`vindaris work start|block|done|drop|plan`: change a work item's state."""

from __future__ import annotations

from pathlib import Path

import click

from vindaris.cli import completion
from vindaris.cli.authoring import carry_out, commit_option, root_path
from vindaris.cli.options import group_root_option, root_option


@click.group()
@group_root_option
def work() -> None:
    """Start, block, finish or drop a work item (or put it back to planned).

    Only the item's `state` changes; comments and layout stay as they are.
    When you block or drop an item, say why with --note: with --commit it
    becomes the body of the commit `work(REF): OLD -> NEW`.
    """


def _state_command(verb: str, state: str, summary: str) -> click.Command:
    @click.command(name=verb, help=f"{summary} (state: {state}).")
    @click.argument("ref", metavar="REF", shell_complete=completion.work_refs)
    @click.option("--note", metavar="TEXT", help="Why; the commit message's body with --commit.")
    @commit_option
    @root_option
    def command(ref: str, note: str | None, commit: bool, root: Path | None) -> None:
        from vindaris.authoring.change import Workspace
        from vindaris.authoring.edits import plan_work_state

        ws = Workspace.load(root_path(root))
        change = plan_work_state(ws, ref, state, note)
        if change is None:
            click.echo(f"{ref} is already {state}: nothing to change")
            return
        carry_out(ws, change, commit)

    return command


for _verb, _state, _summary in [
    ("start", "active", "Start working on REF (<goal-id>/<item-id>)"),
    ("block", "blocked", "Mark REF blocked by something outside the team's control"),
    ("done", "done", "Mark REF finished"),
    ("drop", "dropped", "Stop REF on purpose; its file and history stay"),
    ("plan", "planned", "Put REF back to planned: started too early, or taken up again after a drop"),
]:
    work.add_command(_state_command(_verb, _state, _summary))
