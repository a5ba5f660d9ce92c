"""`vindaris check`: validate the strategy repository (runs in CI on every PR)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vindaris.cli.options import resolve_root, root_option

if TYPE_CHECKING:
    from vindaris.findings import Finding


@click.command(epilog="\b\nEnvironment:\n"
                       "  VINDARIS_WORKERS=0  parse every file in this process (by default, 1,000 files\n"
                       "                      or more are parsed on two cores)")
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: one finding per line; json: versioned document; github: Actions annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def check(root: Path | None, fmt: str, strict: bool) -> None:
    """Validate every file: block orphaned, unowned or dangling work.

    Exit 0 when there are no errors (warnings allowed), 1 when there are
    errors (or warnings with --strict), 2 when the check cannot run.
    """
    from vindaris.check import run_check
    from vindaris.findings import Severity
    from vindaris.render import findings as out

    strategy_root = resolve_root(root)
    result = run_check(strategy_root)
    findings = result.findings
    if fmt == "json":
        from vindaris.cli.output import emit_document

        emit_document(out.as_json(findings, result.files))
    elif fmt == "github":
        for f in findings:
            click.echo(out.text_line(f))
        for line in out.github(findings, prefix=_workspace_prefix(strategy_root)):
            click.echo(line)
        click.echo(out.summary(findings, result.files))
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as fh:
                fh.write(out.step_summary(findings, result.files))
    else:
        _print_text(findings, result.files)
    errors = any(f.severity is Severity.ERROR for f in findings)
    if errors or (strict and findings):
        raise SystemExit(1)


def _print_text(findings: list[Finding], files: int) -> None:
    from rich.text import Text

    from vindaris.cli.console import console
    from vindaris.findings import Severity
    from vindaris.render import findings as out

    con = console()
    for f in findings:
        line = Text(out.text_line(f))
        colour = "red" if f.severity is Severity.ERROR else "yellow"
        line.stylize("bold", 0, len(f.path))
        start = line.plain.find(f"{f.severity.value}[")
        line.stylize(colour, start, start + len(f.severity.value) + len(f.rule) + 2)
        con.print(line)
        hint = out.hint_line(f)
        if hint:
            con.print(Text(hint, style="dim"))
    con.print(Text(out.summary(findings, files), style="bold"))


def _workspace_prefix(root: Path) -> str:
    """The strategy root's path inside its git work tree ('' at the top), found without git."""
    for candidate in (root, *root.parents):
        if (candidate / ".git").exists():
            rel = root.relative_to(candidate).as_posix()
            return "" if rel == "." else rel + "/"
    return ""
