"""`vindaris init`: scaffold a new strategy repository that passes check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--organization", "-o", default=None, help="Organisation name (default: the directory's name).")
def init(directory: Path, organization: str | None) -> None:
    """Create a strategy repository in DIRECTORY (default: here).

    Writes vindaris.yaml for the current quarter, people.yaml, a starter goal
    with a key result and a work item, a CI workflow that runs `vindaris
    check` on pull requests, and a pre-commit configuration. Runs `git init`
    when DIRECTORY is not inside a git repository. Never overwrites a file.
    """
    from vindaris import scaffold

    directory.mkdir(parents=True, exist_ok=True)
    org = organization or directory.resolve().name.replace("-", " ").title() or "Our Company"
    initialise_git = not scaffold.in_git_repository(directory)
    written = scaffold.write(directory, org, dt.date.today())
    if initialise_git:
        from vindaris.history.writes import init_repository

        init_repository(directory)
        click.echo(f"Initialised a git repository in {directory}")
    for rel in written:
        click.echo(f"  created {rel}")
    click.echo(f"Next: edit people.yaml and goals/, then run `vindaris check -C {directory}`.")
