"""What status is made of: facts read from history, and the computed health.

Facts (check-ins, state changes) are derived once from git; the health rules
in :mod:`vindaris.status.health` are pure functions of (strategy, facts,
as-of date) and produce the records below, which feed the terminal view,
`--format json` and the weekly report alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Health = Literal["on-track", "at-risk", "off-track", "not-started", "achieved", "missed", "dropped"]

#: Worst first: a goal's health is the worst of its key results'.
HEALTH_ORDER: tuple[str, ...] = ("off-track", "missed", "at-risk", "not-started", "on-track", "achieved", "dropped")


@dataclass(frozen=True, slots=True)
class Event:
    """One commit's effect on one thing (or the uncommitted working tree: commit None)."""

    date: dt.datetime
    commit: str | None
    author: str  # person id where people.yaml knows the author, else the git name
    note: str  # facts.note_of: the subject, or a Vindaris commit's --note ("uncommitted ..." for the working tree)
    pr: int | None = None
    # Position in the history's graph order (parents before children): the
    # order events happened in, whatever the commit dates claim.
    seq: int = 0


@dataclass(frozen=True, slots=True)
class CheckIn:
    event: Event
    value: float  # milestone: 1.0 done, 0.0 not done
    previous: float | None


@dataclass(frozen=True, slots=True)
class Change:
    """A change of one field (state, owner) from `old` to `new`."""

    event: Event
    field: str
    old: str | None
    new: str | None


@dataclass
class ItemFacts:
    created: Event | None = None
    changes: list[Change] = field(default_factory=list)
    last_touched: Event | None = None
    touched_by: list[str] = field(default_factory=list)
    moved_from: str | None = None  # earlier path when the item was moved to another goal


@dataclass
class GoalFacts:
    created: Event | None = None
    changes: list[Change] = field(default_factory=list)
    # Key result id -> the version it first appeared in (a key result added to
    # the goal later starts its clock then: status/health.py `_origin`).
    added: dict[str, Event] = field(default_factory=dict)


@dataclass
class Facts:
    """Everything status needs from history, keyed by refs as they are at as-of."""

    available: bool
    note: str | None = None  # why history is missing or partial, said to the reader
    shallow: bool = False
    commit: str | None = None
    commit_date: dt.datetime | None = None
    uncommitted: bool = False
    checkins: dict[str, list[CheckIn]] = field(default_factory=dict)  # "goal/kr" -> oldest first
    items: dict[str, ItemFacts] = field(default_factory=dict)  # "goal/item"
    goals: dict[str, GoalFacts] = field(default_factory=dict)
    events: list[tuple[str, str, Change | CheckIn]] = field(default_factory=list)  # (kind, ref, what), oldest first


@dataclass(frozen=True)
class KeyResultStatus:
    ref: str
    id: str
    title: str
    owner: str | None
    kind: str
    unit: str | None
    baseline: float | None
    target: float | None
    current: float | None
    progress: float  # 0..1 and beyond; share of the way from baseline to target
    expected: float  # share of the period elapsed
    forecast: float | None  # value projected to the period's end
    forecast_progress: float | None
    health: Health
    stale: bool
    last_checkin: dt.date | None
    checkins: tuple[CheckIn, ...]
    moved_by: tuple[str, ...]


@dataclass(frozen=True)
class WorkStatus:
    ref: str
    title: str
    owner: str | None
    state: str
    due: dt.date | None
    moves: tuple[str, ...]
    last_activity: dt.date | None
    days_idle: int | None
    stalled: bool
    overdue: bool
    long_blocked: bool
    blocked_by: tuple[str, ...]
    cycle_days: int | None
    created: dt.date | None


@dataclass(frozen=True)
class Attention:
    """One thing that needs someone to act, with who."""

    rank: int  # lower is more severe; see health.ATTENTION_RANK
    kind: str
    ref: str
    owner: str | None
    message: str


@dataclass(frozen=True)
class GoalStatus:
    id: str
    title: str
    owner: str | None
    period: str
    state: str
    parent: str | None
    children: tuple[str, ...]
    depth: int
    health: Health
    key_results: tuple[KeyResultStatus, ...]
    work: tuple[WorkStatus, ...]


@dataclass(frozen=True)
class OwnerStatus:
    person: str
    name: str
    active: bool
    goals: tuple[str, ...]
    key_results: tuple[str, ...]
    work: tuple[str, ...]
    active_work: int
    overloaded: bool
    attention: int


@dataclass(frozen=True)
class Status:
    organization: str
    as_of: dt.date
    period: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    elapsed: float
    facts: Facts
    goals: tuple[GoalStatus, ...]  # depth-first tree order
    attention: tuple[Attention, ...]
    owners: tuple[OwnerStatus, ...]
