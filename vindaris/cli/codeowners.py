"""`vindaris codeowners`: goal owners as required reviewers on GitHub."""

from __future__ import annotations

from pathlib import Path

import click

from vindaris.cli.authoring import root_path
from vindaris.cli.options import root_option


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write (default: the CODEOWNERS GitHub reads, else .github/CODEOWNERS "
                   "at the top of the git working tree).")
@root_option
def codeowners(output: Path | None, root: Path | None) -> None:
    """Write CODEOWNERS rules making each goal's owner review its directory.

    One rule per goal directory, `@handle` from people.yaml's `github`. The
    rules sit in a marked block that is replaced on every run; other lines
    of the file are kept. A goal whose owner has no handle gets a rule with
    no owner and is reported: exit 1, so CI notices, with the file written.
    `vindaris check` warns (codeowners-mismatch) when the file and the
    goals disagree.
    """
    from vindaris.atomic import write_atomic
    from vindaris.authoring.change import Workspace
    from vindaris.authoring.codeowners import plan_codeowners

    ws = Workspace.load(root_path(root))
    plan = plan_codeowners(ws.root, ws.strategy, output)
    write_atomic(plan.path, plan.text.encode("utf-8"))
    click.echo(f"wrote {plan.path}: {plan.rules} goal directories with an owner")
    for u in plan.unowned:
        click.echo(f"vindaris: goal '{u.goal}' has no code owner: {u.reason}", err=True)
    if plan.unowned:
        click.echo("  hint: add `github: <handle>` to the owner's entry in people.yaml, then rerun", err=True)
        raise SystemExit(1)
