"""`vindaris move`: a work item to another goal, with every reference kept valid."""

from __future__ import annotations

from vindaris.authoring.change import Change, Workspace
from vindaris.authoring.names import require_goal, require_work
from vindaris.authoring.yamltext import YamlText
from vindaris.errors import UsageError
from vindaris.findings import Finding, Severity


def plan_move(ws: Workspace, ref: str, goal_id: str, moves: list[str]) -> Change:
    """Move `ref` under goal `goal_id`, moving key results `moves`.

    `moves` and `impact` name key results of the item's own goal, so they
    are rewritten for the new goal: `moves` as given, and `impact` entries
    for key results the item no longer moves are removed. Other items'
    `depends_on` that named the old ref are pointed at the new one.
    """
    item = require_work(ws.strategy, ref)
    goal = require_goal(ws.strategy, goal_id, "NEW-GOAL")
    if goal.id == item.goal_id:
        raise UsageError(f"{ref} already belongs to goal '{goal.id}'")
    if not moves:
        raise UsageError("the moved item must move at least one key result of its new goal")
    new_ref = f"{goal.id}/{item.id}"
    new_rel = f"{goal.directory}/{item.id}.yaml"
    subject = f"move({ref}): {item.goal_id} -> {goal.id}"
    if (ws.root / new_rel).exists():
        return Change({}, subject, problems=(Finding(
            new_rel, 1, 1, "duplicate-id", Severity.ERROR,
            f"work item '{new_ref}' already exists ({new_rel})", "rename one of the two items first"),))
    notes: list[str] = []
    edit = YamlText(item.path, ws.text(item.path))
    edit.replace_list(("moves",), moves)
    stale = [kr for kr in item.impact if kr not in moves]
    if stale:
        edit.remove_keys(("impact",), stale)
        notes.append(f"removed impact on {', '.join(stale)}: {new_ref} no longer moves "
                     f"{'it' if len(stale) == 1 else 'them'}")
    writes = {new_rel: edit.text}
    for other in sorted(ws.strategy.work.values(), key=lambda w: w.ref):
        if other.ref == item.ref or ref not in other.depends_on:
            continue
        dep = YamlText(other.path, ws.text(other.path))
        for i, target in enumerate(other.depends_on):
            if target == ref:
                dep.set(("depends_on", i), new_ref)
        writes[other.path] = dep.text
        notes.append(f"updated depends_on in {other.ref}")
    return Change(writes, subject, renames=((item.path, new_rel),), notes=tuple(notes))
