"""What the authoring commands share on the CLI side: asking, showing, writing.

Prompts run only when someone can answer them: on a terminal (stdin is a
tty), or when `-i/--interactive` says answers come from stdin anyway (a pipe,
a test). Otherwise a missing value is a usage error (exit 2), so a script or
CI job never hangs on a question.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from vindaris.authoring.change import Change, Workspace, apply, verify
from vindaris.authoring.context import GoalContext
from vindaris.authoring.names import closest, split_list
from vindaris.authoring.values import compact, with_unit
from vindaris.errors import UsageError
from vindaris.model.strategy import Goal, Strategy
from vindaris.render.escape import one_line

F = TypeVar("F", bound=Callable[..., Any])


def interactive_option(func: F) -> F:
    return click.option(
        "-i", "--interactive", is_flag=True,
        help="Ask for missing values even when stdin is not a terminal (answers piped in).",
    )(func)


def commit_option(func: F) -> F:
    return click.option(
        "--commit", is_flag=True,
        help="Commit just the changed file(s), with a message that says what changed.",
    )(func)


class Asker:
    """Asks for missing values, or says which flag to pass when nobody can answer."""

    def __init__(self, forced: bool) -> None:
        self.enabled = forced or sys.stdin.isatty()

    def need(self, flag: str) -> None:
        if not self.enabled:
            raise UsageError(f"missing {flag} (stdin is not a terminal, so there is nobody to ask)",
                             f"pass {flag}, or -i to answer prompts from stdin")

    def text(self, flag: str, label: str, default: str | None = None) -> str:
        self.need(flag)
        value: str = click.prompt(label, default=default, type=str)
        return value.strip()

    def optional(self, label: str) -> str:
        value: str = click.prompt(label, default="", show_default=False, type=str)
        return value.strip()

    def person(self, strategy: Strategy, flag: str, label: str, default: str | None = None) -> str:
        self.need(flag)

        def known(value: str) -> str:
            value = value.strip()
            if value not in strategy.people:
                raise click.UsageError(f"{value!r} is not in people.yaml" + _hint(closest(value, strategy.people)))
            return value

        result: str = click.prompt(label, default=default, value_proc=known)
        return result

    def key_results(self, goal: Goal, flag: str, label: str, default: Sequence[str] = (),
                    optional: bool = False) -> list[str]:
        if not optional:
            self.need(flag)
        ids = [kr.id for kr in goal.key_results]

        def valid(value: str) -> list[str]:
            chosen = split_list(value)
            for kr_id in chosen:
                if kr_id not in ids:
                    raise click.UsageError(f"goal '{goal.id}' has no key result {kr_id!r}"
                                           + _hint(closest(kr_id, ids)))
            if not chosen and not optional:
                raise click.UsageError("name at least one key result")
            return chosen

        result: list[str] = click.prompt(f"{label} ({', '.join(ids)})", default=", ".join(default) or
                                         ("" if optional else None), show_default=bool(default),
                                         value_proc=valid)
        return result


def _echo(text: str) -> None:
    # Titles, names, ids and paths are user text: a control character in one
    # (an ANSI escape in a title) is shown, never sent to the terminal.
    click.echo(one_line(text))


def _hint(text: str | None) -> str:
    return f" ({text})" if text else ""


def show_goal(context: GoalContext) -> None:
    """The goal, its owner, its key results with progress and health, and the work moving each."""
    goal = context.goal
    owner = f"{goal.owner} ({context.owner_name})" if context.owner_name else (goal.owner or "nobody")
    health = f", {context.health}" if context.health else ""
    _echo(f"Goal {goal.id}: {goal.title}")
    _echo(f"  owner {owner}, period {goal.period}, {goal.state}{health}")
    if not context.key_results:
        click.echo("  (no key results yet)")
    for line in context.key_results:
        kr = line.kr
        if kr.kind == "milestone":
            where = "milestone, " + ("done" if kr.done else "not done")
        else:
            where = (f"{line.progress:.0%} of the way: {with_unit(kr.current, kr.unit)} "
                     f"(from {compact(kr.baseline or 0)} to {compact(kr.target or 0)})")
        health = f" [{line.health}]" if line.health else ""
        _echo(f"  - {kr.id}: {kr.title}")
        _echo(f"      {where}{health}")
        movers = ", ".join(f"{ref} ({state})" for ref, state in line.movers) or "no work yet"
        _echo(f"      moved by: {movers}")
    if not context.from_history:
        click.echo("  (health could not be computed here; progress is from the files)")


def carry_out(ws: Workspace, change: Change, commit: bool, git_move: bool = False) -> None:
    """Refuse (exit 1, check's own messages) or write, then commit when asked."""
    from vindaris.history.writes import Worktree
    from vindaris.render.findings import hint_line, text_line

    worktree = Worktree.find(ws.root) if (commit or git_move) else None
    if commit and worktree is None:
        raise UsageError(f"--commit: {ws.root} is not inside a git repository", "drop --commit, or run `git init`")
    verdict = verify(ws, change)
    if not verdict.ok:
        for f in verdict.errors:
            click.echo(text_line(f), err=True)
            hint = hint_line(f)
            if hint:
                click.echo(hint, err=True)
        click.echo("vindaris: refused: this would fail `vindaris check`; nothing was written", err=True)
        raise SystemExit(1)
    mover = None
    if git_move and worktree is not None and all(worktree.is_tracked(ws.root / old) for old, _ in change.renames):
        mover = worktree
    apply(ws, change, mover)
    for old, new in change.renames:
        _echo(f"moved {old} -> {new}" + (" (git mv)" if mover else ""))
    for rel in change.writes:
        if rel not in {new for _, new in change.renames}:
            _echo(f"{'updated' if rel in ws.files else 'created'} {rel}")
    for note in change.notes:
        _echo(f"  {note}")
    for f in verdict.warnings:
        click.echo(text_line(f))
        hint = hint_line(f)
        if hint:
            click.echo(hint)
    if commit and worktree is not None:
        paths = [ws.root / p for p in change.paths]
        sha = worktree.commit(paths, change.subject, change.body)
        _echo(f"committed {sha[:10]} {change.subject}")
    else:
        _echo(f"not committed (with --commit: \"{change.subject}\")")


def now() -> dt.datetime:
    """The only clock the authoring commands read."""
    return dt.datetime.now(dt.timezone.utc)


def root_path(root: Path | None) -> Path:
    from vindaris.cli.options import resolve_root

    return resolve_root(root)
