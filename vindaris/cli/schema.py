"""`vindaris schema`: JSON Schemas for editors, from the models check uses."""

from __future__ import annotations

from pathlib import Path

import click

from vindaris.cli.options import root_option


@click.command()
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory to write into (default: .vindaris/schemas in the strategy root).")
@root_option
def schema(output: Path | None, root: Path | None) -> None:
    """Write JSON Schemas for vindaris.yaml, people.yaml, goal.yaml and work items.

    Files that start with `# yaml-language-server: $schema=<path>` (those
    `init` and `new` write do) are then completed and validated in any
    editor running the YAML language server. Rerun after upgrading Vindaris.
    """
    from vindaris.authoring.schemas import SCHEMA_DIR, write_schemas
    from vindaris.cli.authoring import root_path

    directory = output if output is not None else root_path(root) / SCHEMA_DIR
    for path in write_schemas(directory):
        click.echo(f"wrote {path}")
