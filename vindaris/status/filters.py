"""Narrowing a computed Status to one goal subtree, owner or period."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from vindaris.errors import UsageError
from vindaris.status.records import GoalStatus, Status


def narrow(status: Status, goal: str | None = None, owner: str | None = None, period: str | None = None,
           periods: Collection[str] | None = None) -> Status:
    """The same Status with only the goals (and attention) the filters keep.

    `periods`: the ones vindaris.yaml defines; a `period` outside them is
    refused (a typo would otherwise show an empty view as if all were well).
    """
    goals = list(status.goals)
    by_id = {g.id: g for g in goals}
    if goal is not None:
        if goal not in by_id:
            raise UsageError(f"--goal {goal}: no such goal", _known(sorted(by_id)))
        keep = _subtree(by_id, goal)
        goals = [g for g in goals if g.id in keep]
    if period is not None:
        if periods is not None and period not in periods:
            raise UsageError(f"--period {period}: no such period in vindaris.yaml", _known(list(periods)))
        goals = [g for g in goals if g.period == period]
    if owner is not None:
        if owner not in {o.person for o in status.owners}:
            raise UsageError(f"--owner {owner}: no such person", _known(sorted(o.person for o in status.owners)))
        goals = [_owned(g, owner) for g in goals if _touches(g, owner)]
    ids = {g.id for g in goals}
    refs = ids | {k.ref for g in goals for k in g.key_results} | {w.ref for g in goals for w in g.work}
    attention = tuple(a for a in status.attention
                      if (a.ref in refs or (a.kind == "owner-overloaded" and goal is None and period is None))
                      and (owner is None or a.owner == owner))
    owners = status.owners if owner is None else tuple(o for o in status.owners if o.person == owner)
    return dataclasses.replace(status, goals=tuple(goals), attention=attention, owners=owners)


def _known(ids: list[str]) -> str:
    shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
    return f"known: {shown}" if ids else "there are none"


def _subtree(by_id: dict[str, GoalStatus], root: str) -> set[str]:
    out, todo = set(), [root]
    while todo:
        gid = todo.pop()
        if gid in out or gid not in by_id:
            continue
        out.add(gid)
        todo.extend(by_id[gid].children)
    return out


def _touches(g: GoalStatus, owner: str) -> bool:
    return g.owner == owner or any(k.owner == owner for k in g.key_results) or any(w.owner == owner for w in g.work)


def _owned(g: GoalStatus, owner: str) -> GoalStatus:
    if g.owner == owner:
        return g
    return dataclasses.replace(
        g,
        key_results=tuple(k for k in g.key_results if k.owner == owner),
        work=tuple(w for w in g.work if w.owner == owner),
    )
