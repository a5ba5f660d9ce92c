"""`vindaris demo`: build a strategy repository with a quarter of history to try things on."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", type=click.Path(path_type=Path), default="vindaris-demo")
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Strategy to end the history in (default: the bundled Kestrel Metrics example).")
def demo(directory: Path, source: Path | None) -> None:
    """Create a demo strategy repository in DIRECTORY (default: vindaris-demo).

    The repository's last commit holds the example strategy (or the one given
    with --from); before it lies a quarter of backdated history, 2026-09-28
    to 2026-11-24: weekly key-result check-ins, work items starting, stalling,
    getting blocked and finishing, and a few merged pull requests. Built the
    same way every time. DIRECTORY must be new or empty.
    """
    from vindaris.demo import build_demo

    summary = build_demo(directory, source)
    click.echo(f"Built a demo strategy repository in {summary.target}")
    click.echo(f"  {summary.commits} commits from {summary.first} to {summary.last}, HEAD {summary.head[:12]}")
    click.echo("Try:")
    click.echo(f"  vindaris status -C {summary.target} --as-of {summary.last}")
    click.echo(f"  vindaris report -C {summary.target} --week 2026-W48 --format html --output report.html")
