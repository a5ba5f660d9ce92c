"""Helpers for authoring tests: run the CLI, snapshot trees, compare files line by line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from gitrepo import GitRepo
from vindaris.check import run_check
from vindaris.cli.main import cli
from vindaris.findings import Severity

IDENTITY = {
    "GIT_AUTHOR_NAME": "Ann Lee",
    "GIT_AUTHOR_EMAIL": "ann@example.com",
    "GIT_COMMITTER_NAME": "Ann Lee",
    "GIT_COMMITTER_EMAIL": "ann@example.com",
}

# The grow goal as people keep it: comments everywhere, both quote styles,
# blank lines, aligned trailing comments.
COMMENTED_GOAL = """\
# The company's growth goal for Q4.
# Owner: Alice.

title: Grow revenue   # shown everywhere
owner: alice
period: 2026-q4

key_results:
  # Revenue first.
  - id: arr
    title: "Net new ARR"        # quoted on purpose
    unit: kEUR
    baseline: 0
    target: 1000   # stretch
    current: 250   # last check-in

  # The partner milestone.
  - id: partners
    title: 'Partner program live'
    kind: milestone
    owner: bob
    done: false    # not yet
"""


def run(repo: GitRepo | Path, *args: str, input: str | None = None) -> Result:
    """`vindaris ARGS -C ROOT` in-process."""
    root = repo.path if isinstance(repo, GitRepo) else repo
    return CliRunner().invoke(cli, [*args, "-C", str(root)], input=input, catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` except git's own, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def errors(root: Path) -> list[str]:
    return [f"{f.path}:{f.line}: {f.rule}" for f in run_check(root).findings if f.severity is Severity.ERROR]


def changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    """(line number, old, new) for each line that differs, when the line counts agree."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), "a line was added or removed"
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(old, new)) if a != b]


def inserted_lines(before: str, after: str) -> list[tuple[int, str]]:
    """(line number in `after`, text) of the lines added, when nothing else changed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = []
    i = 0
    for j, line in enumerate(new):
        if i < len(old) and old[i] == line:
            i += 1
        else:
            added.append((j + 1, line))
    assert i == len(old), "a line was changed or removed"
    return added


def commits(repo: GitRepo) -> list[str]:
    return repo.git("log", "--format=%H").split()


def last_commit(repo: GitRepo) -> tuple[str, list[str]]:
    """The full message (without trailing newlines) and the changes of HEAD."""
    message = repo.git("log", "-1", "--format=%B").rstrip("\n")
    paths = repo.git("show", "--name-status", "--format=", "HEAD").split("\n")
    return message, [p for p in paths if p]


def lines(result: Result, stream: str = "stdout") -> Sequence[str]:
    return str(getattr(result, stream)).splitlines()
