"""What an author sees before deciding: a goal's key results, how they are doing, who works on them.

Health comes from the status engine (`vindaris status`), computed from the
repository's history. Where that cannot run (no git, no history yet), the
context falls back to what the files alone say: progress as
(current - baseline) / (target - baseline), and no health.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vindaris.errors import VindarisError
from vindaris.model.strategy import Goal, KeyResult, Strategy

if TYPE_CHECKING:
    from vindaris.status.records import Status


@dataclass(frozen=True)
class KeyResultLine:
    kr: KeyResult
    progress: float
    health: str | None  # None when history is unavailable
    movers: tuple[tuple[str, str], ...]  # (work ref, state) of the goal's items that move it


@dataclass(frozen=True)
class GoalContext:
    goal: Goal
    owner_name: str | None
    health: str | None
    key_results: tuple[KeyResultLine, ...]
    from_history: bool  # health computed by the status engine


def status_of(root: Path, now: dt.datetime) -> Status | None:
    """The status engine's result for `root` now, or None when it cannot run here."""
    try:
        from vindaris.status.compute import compute_status

        return compute_status(root, None, now).status
    except (ImportError, VindarisError):
        return None


def progress(kr: KeyResult) -> float:
    """Share of the way from baseline to target (docs/format.md, "Direction")."""
    if kr.kind == "milestone":
        return 1.0 if kr.done else 0.0
    if kr.baseline is None or kr.target is None or kr.current is None or kr.target == kr.baseline:
        return 0.0
    return (kr.current - kr.baseline) / (kr.target - kr.baseline)


def goal_context(root: Path, strategy: Strategy, goal_id: str, now: dt.datetime) -> GoalContext:
    goal = strategy.goals[goal_id]
    status = status_of(root, now)
    computed = next((g for g in status.goals if g.id == goal_id), None) if status else None
    health = {k.id: k.health for k in computed.key_results} if computed else {}
    lines = []
    for kr in goal.key_results:
        movers = tuple((ref, strategy.work[ref].state) for ref in sorted(goal.work)
                       if kr.id in strategy.work[ref].moves)
        lines.append(KeyResultLine(kr, progress(kr), health.get(kr.id), movers))
    person = strategy.people.get(goal.owner or "")
    return GoalContext(goal, person.name if person else None, computed.health if computed else None,
                       tuple(lines), computed is not None)
