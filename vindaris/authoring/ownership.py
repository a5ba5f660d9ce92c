"""`vindaris owners`: who owns what, how loaded they are and what needs them."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vindaris.model.checks import LIVE_WORK
from vindaris.model.schema import Config
from vindaris.model.strategy import Strategy

if TYPE_CHECKING:
    from vindaris.status.records import Status


@dataclass(frozen=True)
class Attention:
    kind: str
    ref: str
    message: str


@dataclass(frozen=True)
class Owner:
    person: str
    name: str
    active: bool
    goals: tuple[str, ...]
    key_results: tuple[str, ...]
    live_work: tuple[tuple[str, str], ...]  # (ref, state) of planned, active and blocked items
    active_items: int
    overloaded: bool
    attention: tuple[Attention, ...]


@dataclass(frozen=True)
class Ownership:
    owners: tuple[Owner, ...]
    limit: int  # max_active_items_per_owner
    from_history: bool  # attention computed by the status engine


def ownership(strategy: Strategy, status: Status | None, person: str | None = None) -> Ownership:
    """Everyone who owns something (or `person` only), with load and, from
    `status` (None: it could not be computed), what needs their attention."""
    default = Config.model_fields["max_active_items_per_owner"].default
    limit = strategy.config.max_active_items_per_owner if strategy.config else default
    needs: dict[str, list[Attention]] = {}
    if status is not None:
        for a in status.attention:
            if a.owner:
                needs.setdefault(a.owner, []).append(Attention(a.kind, a.ref, a.message))
    goals: dict[str, list[str]] = {}
    krs: dict[str, list[str]] = {}
    work: dict[str, list[tuple[str, str]]] = {}
    for goal in strategy.goals.values():
        if goal.owner:
            goals.setdefault(goal.owner, []).append(goal.id)
        for kr in goal.key_results:
            if kr.owner:
                krs.setdefault(kr.owner, []).append(kr.ref)
    for item in strategy.work.values():
        if item.owner and item.state in LIVE_WORK:
            work.setdefault(item.owner, []).append((item.ref, item.state))
    people = sorted(set(goals) | set(krs) | set(work) | set(needs))
    if person is not None:
        people = [person]
    owners = []
    for pid in people:
        known = strategy.people.get(pid)
        live = tuple(sorted(work.get(pid, [])))
        active = sum(1 for _, state in live if state == "active")
        owners.append(Owner(
            person=pid, name=known.name if known else pid, active=bool(known and known.active),
            goals=tuple(sorted(goals.get(pid, []))), key_results=tuple(sorted(krs.get(pid, []))),
            live_work=live, active_items=active, overloaded=active > limit,
            attention=tuple(needs.get(pid, [])),
        ))
    return Ownership(tuple(owners), limit, status is not None)


#: Version of `vindaris owners --format json`; keys may be added, never removed or renamed.
OWNERS_JSON_VERSION = 1


def ownership_json(result: Ownership) -> str:
    """`vindaris owners --format json`: one document, keys as in docs/authoring.md."""
    doc = {
        "version": OWNERS_JSON_VERSION,
        "limit": result.limit,
        "attention_known": result.from_history,
        "owners": [
            {**dataclasses.asdict(o),
             "live_work": [{"ref": ref, "state": state} for ref, state in o.live_work],
             "attention": [dataclasses.asdict(a) for a in o.attention] if result.from_history else None}
            for o in result.owners
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
