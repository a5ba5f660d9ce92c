"""Check-ins and state changes: one value of one file, everything else untouched."""

from __future__ import annotations

from vindaris.authoring.change import Change, Workspace
from vindaris.authoring.names import require_goal, require_kr, require_work
from vindaris.authoring.values import kr_value, with_unit
from vindaris.authoring.yamltext import YamlText
from vindaris.errors import UsageError

#: `vindaris work <verb>` -> the state it sets.
WORK_VERBS = {"start": "active", "block": "blocked", "done": "done", "drop": "dropped"}

# Where a missing key goes, nearest first: the order docs/format.md writes fields in.
_CURRENT_AFTER = ("target", "baseline", "unit", "kind", "title", "id")
_DONE_AFTER = ("kind", "owner", "title", "id")
_STATE_AFTER = ("owner", "title")


def plan_checkin(ws: Workspace, goal_id: str, kr_id: str, value: float | None, done: bool | None,
                 note: str | None = None) -> Change | None:
    """Set a metric's `current` (or a milestone's `done`); None when it already has that value."""
    goal = require_goal(ws.strategy, goal_id)
    kr = require_kr(goal, kr_id)
    loc: tuple[str | int, ...] = ("key_results", kr.index)
    if kr.kind == "milestone":
        if value is not None or done is None:
            raise UsageError(f"{kr.ref} is a milestone: check it in with --done (or --not-done), without a VALUE")
        if done == kr.done:
            return None
        new = "done" if done else "not done"
        edit = YamlText(goal.path, ws.text(goal.path))
        edit.set(loc + ("done",), done, after=_DONE_AFTER)
    else:
        if value is None or done is not None:
            raise UsageError(f"{kr.ref} is a metric: give its new VALUE (--done is for milestones)")
        if value == kr.current:
            return None
        new = with_unit(value, kr.unit)
        edit = YamlText(goal.path, ws.text(goal.path))
        edit.set(loc + ("current",), value, after=_CURRENT_AFTER)
    subject = f"checkin({kr.ref}): {kr_value(kr)} -> {new}"
    return Change({goal.path: edit.text}, subject, note)


def plan_work_state(ws: Workspace, ref: str, state: str, note: str | None = None) -> Change | None:
    """Set a work item's `state`; None when it is already in that state."""
    item = require_work(ws.strategy, ref)
    if item.state == state:
        return None
    edit = YamlText(item.path, ws.text(item.path))
    edit.set(("state",), state, after=_STATE_AFTER)
    return Change({item.path: edit.text}, f"work({item.ref}): {item.state} -> {state}", note)
