"""Looking up what a person typed: goals, key results, work refs, people."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from vindaris.errors import UsageError
from vindaris.model.strategy import Goal, KeyResult, Strategy, WorkItem


def closest(name: str, known: Iterable[str]) -> str | None:
    """A `did you mean` hint, or None when nothing is close."""
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def require_goal(strategy: Strategy, goal_id: str, what: str = "GOAL") -> Goal:
    goal = strategy.goals.get(goal_id)
    if goal is None:
        raise UsageError(f"{what} {goal_id!r} is not a goal",
                         closest(goal_id, strategy.goals) or f"goals: {', '.join(sorted(strategy.goals)) or 'none'}")
    return goal


def require_kr(goal: Goal, kr_id: str) -> KeyResult:
    kr = goal.key_result(kr_id)
    if kr is None:
        known = [k.id for k in goal.key_results]
        raise UsageError(f"goal '{goal.id}' has no key result {kr_id!r}",
                         closest(kr_id, known) or f"its key results: {', '.join(known) or 'none'}")
    return kr


def require_work(strategy: Strategy, ref: str) -> WorkItem:
    item = strategy.work.get(ref)
    if item is None:
        near = strategy.nearest_work(ref)
        hint = f"did you mean '{near}'?" if near else None
        if hint is None and "/" not in ref:
            matches = sorted(r for r in strategy.work if r.endswith("/" + ref))
            hint = f"refs are <goal-id>/<item-id>: {', '.join(matches)}" if matches else "refs are <goal-id>/<item-id>"
        elif hint is None:
            goal_id = ref.split("/", 1)[0]
            goal = strategy.goals.get(goal_id)
            if goal is not None:
                hint = f"goal '{goal_id}' has: {_some(sorted(goal.work)) or 'no work items'}"
            else:
                goals = difflib.get_close_matches(goal_id, list(strategy.goals), n=1, cutoff=0.6)
                hint = f"there is no goal '{goal_id}'" + (f"; did you mean '{goals[0]}'?" if goals else "")
        raise UsageError(f"{ref!r} is not a work item", hint)
    return item


def _some(names: list[str], most: int = 12) -> str:
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


def split_list(text: str | None) -> list[str]:
    """`a, b,c` -> ['a', 'b', 'c']; None or blank -> []."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]
