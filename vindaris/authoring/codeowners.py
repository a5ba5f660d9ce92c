"""`vindaris codeowners`: make each goal's owner the required reviewer of its directory.

The rules go in a block between two marker comments, replaced on every run;
whatever else the file holds (owners of code in a monorepo) is kept as it
is. The block goes at the end of a file that has none, because GitHub
applies the last matching rule. Within it, parents come before children, so
a child goal's owner, not its parent's, reviews the child's directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vindaris.model.codeowners import BEGIN, END, LOCATIONS, find_file, strategy_prefix, work_tree_top
from vindaris.model.strategy import Strategy


@dataclass(frozen=True)
class Unowned:
    goal: str
    owner: str | None
    reason: str


@dataclass(frozen=True)
class CodeownersPlan:
    path: Path  # where the file goes
    text: str  # the whole new file
    rules: int
    unowned: tuple[Unowned, ...]  # goals whose owner has no GitHub handle


def default_output(root: Path) -> Path:
    """The CODEOWNERS GitHub already reads, else `.github/CODEOWNERS`, at the working tree's top."""
    top = work_tree_top(root)
    return find_file(top) or top / LOCATIONS[0]


def plan_codeowners(root: Path, strategy: Strategy, output: Path | None = None) -> CodeownersPlan:
    top = work_tree_top(root)
    path = output or default_output(root)
    prefix = strategy_prefix(root, top).replace(" ", "\\ ")
    lines = [BEGIN, "# Each goal's owner reviews changes under the goal's directory (goal.yaml `owner`,",
             "# handles from people.yaml `github`). Regenerate with `vindaris codeowners`."]
    unowned = []
    for goal in sorted(strategy.goals.values(), key=lambda g: g.directory + "/"):
        pattern = f"/{prefix}{goal.directory}/"
        person = strategy.people.get(goal.owner or "")
        if person is not None and person.github:
            lines.append(f"{pattern} @{person.github.lstrip('@')}")
            continue
        reason = ("has no owner" if not goal.owner else
                  f"owner '{goal.owner}' is not in people.yaml" if person is None else
                  f"owner '{goal.owner}' has no `github` handle in people.yaml")
        unowned.append(Unowned(goal.id, goal.owner, reason))
        # A pattern without owners: nobody is required, rather than the parent's owner.
        lines += [f"# {goal.id}: {reason}", pattern]
    lines.append(END)
    block = "\n".join(lines) + "\n"
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    return CodeownersPlan(path, _merge(existing, block), len(strategy.goals) - len(unowned), tuple(unowned))


def _merge(existing: str, block: str) -> str:
    """`existing` with its vindaris block replaced by `block` (appended when there is none)."""
    lines = existing.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(BEGIN[:16])), None)
    if start is not None:
        end = next((i for i in range(start, len(lines)) if lines[i].strip() == END), len(lines) - 1)
        return "".join(lines[:start]) + block + "".join(lines[end + 1:])
    if not existing:
        return block
    return existing + ("" if existing.endswith("\n") else "\n") + "\n" + block
