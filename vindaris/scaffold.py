"""The files `vindaris init` writes: a small strategy that passes `check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vindaris import __version__
from vindaris.errors import UsageError


def quarter(today: dt.date) -> tuple[str, dt.date, dt.date]:
    """The calendar quarter containing `today`: id, first day, last day."""
    q = (today.month - 1) // 3
    start = dt.date(today.year, 3 * q + 1, 1)
    end = dt.date(today.year + (q == 3), (3 * q + 3) % 12 + 1, 1) - dt.timedelta(days=1)
    return f"{today.year}-q{q + 1}", start, end


def files(organization: str, today: dt.date) -> dict[str, str]:
    """Relative path -> content of a new strategy repository."""
    period, start, end = quarter(today)
    # Two months into the quarter, but never in the past: scaffolded late in
    # a quarter, the first item would otherwise be overdue from its first day.
    due = min(end, max(start + dt.timedelta(days=60), today + dt.timedelta(days=14)))
    org = organization.replace('"', '\\"')
    return {
        "vindaris.yaml": f"""\
# Vindaris settings: https://github.com/vindaris/vindaris/blob/main/docs/format.md
version: 1
organization: "{org}"
periods:
  - id: {period}
    start: {start}
    end: {end}
# Days without a commit after which active work counts as stalled.
stall_after_days: 14
# How often key results are expected to get a check-in.
checkin_every_days: 7
""",
        "people.yaml": """\
# Everyone who can own a goal, key result or work item. An owner is always
# one person: accountability needs a single name.
people:
  - id: alex
    name: Alex Example
    email: alex@example.com
    github: alex-example
    team: leadership
teams:
  - id: leadership
    name: Leadership
    lead: alex
""",
        "goals/first-goal/goal.yaml": f"""\
title: Our first goal, measured
owner: alex
period: {period}
description: >
  Replace this with a goal that matters this quarter. Key results say how
  you will know it is reached.
key_results:
  - id: first-result
    title: A number that shows the goal is reached
    unit: "%"
    baseline: 0
    target: 100
""",
        "goals/first-goal/first-step.yaml": f"""\
# A work item lives in its goal's directory: that is its link to the goal.
title: The first piece of strategic work towards the goal
owner: alex
moves: [first-result]
state: planned
due: {due}
""",
        ".github/workflows/vindaris.yml": f"""\
# Blocks pull requests that add orphaned, unowned or dangling strategic work.
name: strategy
on:
  pull_request:
  push:
    branches: [main]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # status and report read the whole history: never a shallow clone.
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # The version that wrote this file: CI checks by the same rules as your
      # machine until you upgrade both on purpose.
      - run: pip install "vindaris=={__version__}"
      - run: vindaris check --format github
""",
        ".pre-commit-config.yaml": """\
# Run `pre-commit install` once; then every commit is checked.
repos:
  - repo: local
    hooks:
      - id: vindaris-check
        name: vindaris check
        entry: vindaris check
        language: system
        pass_filenames: false
        files: \\.ya?ml$
        require_serial: true
""",
    }


def with_schemas(content: dict[str, str]) -> dict[str, str]:
    """`content` plus the JSON Schemas, each strategy file pointing at its schema on line 1."""
    from vindaris.authoring.schemas import SCHEMA_DIR, SCHEMAS, file_name, modeline, render

    out = {rel: (f"# {modeline(rel)}\n{text}" if rel.endswith(".yaml") and not rel.startswith(".") else text)
           for rel, text in content.items()}
    out.update({f"{SCHEMA_DIR}/{file_name(kind)}": render(kind) for kind in SCHEMAS})
    return out


def write(target: Path, organization: str, today: dt.date) -> list[str]:
    """Write the scaffold into `target`; refuse if any file already exists."""
    content = with_schemas(files(organization, today))
    taken = sorted(p for p in content if (target / p).exists())
    if taken:
        raise UsageError(f"{target / taken[0]} already exists; init never overwrites files",
                         "run init in an empty directory, or remove the existing files")
    for rel, text in content.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(content)


def in_git_repository(path: Path) -> bool:
    return any((p / ".git").exists() for p in (path.resolve(), *path.resolve().parents))
