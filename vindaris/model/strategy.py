"""The resolved strategy: goals, key results and work items, linked by place.

The file models in :mod:`vindaris.model.schema` say what one file holds;
these records add what the file's *place* says (a work item's goal is the
directory it sits in) and keep each file's source map for positions.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from vindaris.model.files import CONFIG_FILE as CONFIG_FILE
from vindaris.model.files import GOAL_FILE as GOAL_FILE
from vindaris.model.files import GOALS_DIR as GOALS_DIR
from vindaris.model.files import PEOPLE_FILE as PEOPLE_FILE
from vindaris.model.schema import Config, GoalState, KeyResultKind, Person, Team, WorkState
from vindaris.model.yamlsource import SourceMap


@dataclass
class KeyResult:
    id: str
    goal_id: str
    index: int  # position in the goal's key_results list, for source positions
    title: str
    owner: str | None
    owner_inherited: bool
    kind: KeyResultKind
    unit: str | None
    baseline: float | None
    target: float | None
    current: float | None
    done: bool
    #: The fields the file actually sets (a metric without `baseline` is an error).
    fields: frozenset[str] = frozenset()

    @property
    def ref(self) -> str:
        return f"{self.goal_id}/{self.id}"

    @property
    def falling(self) -> bool:
        """True when lower is better (the target lies below the baseline)."""
        return self.baseline is not None and self.target is not None and self.target < self.baseline


@dataclass
class Goal:
    id: str
    path: str  # the goal.yaml path, relative to the strategy root
    parent: str | None
    title: str
    owner: str | None
    period: str
    description: str | None
    state: GoalState
    supports: list[str]
    key_results: list[KeyResult]
    source: SourceMap
    children: list[str] = field(default_factory=list)
    work: list[str] = field(default_factory=list)

    @property
    def directory(self) -> str:
        return self.path.rsplit("/", 1)[0]

    def key_result(self, kr_id: str) -> KeyResult | None:
        return next((kr for kr in self.key_results if kr.id == kr_id), None)


@dataclass
class WorkItem:
    id: str
    goal_id: str
    path: str
    title: str
    owner: str | None
    moves: list[str]
    state: WorkState
    due: dt.date | None
    contributors: list[str]
    impact: dict[str, float]
    depends_on: list[str]
    description: str | None
    source: SourceMap

    @property
    def ref(self) -> str:
        return f"{self.goal_id}/{self.id}"


@dataclass
class Strategy:
    """Everything that loaded cleanly enough to reason about."""

    config: Config | None
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)
    work: dict[str, WorkItem] = field(default_factory=dict)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    #: Index of each person and team in people.yaml's lists, for positions.
    positions: dict[str, int] = field(default_factory=dict)

    def period(self, period_id: str) -> tuple[dt.date, dt.date] | None:
        if self.config is None:
            return None
        for p in self.config.periods:
            if p.id == period_id:
                return p.start, p.end
        return None

    def roots(self) -> list[Goal]:
        return [g for g in self.goals.values() if g.parent is None]

    def nearest_work(self, ref: str) -> str | None:
        """The work item nearest to a mistyped `ref` (a `did you mean`), or None.

        Among the items of `ref`'s goal when that goal exists: compared as
        whole refs, every item of a long-named goal shares enough of the ref
        to look near.
        """
        goal_id, slash, item_id = ref.partition("/")
        goal = self.goals.get(goal_id) if slash else None
        if goal is None:
            near = difflib.get_close_matches(ref, list(self.work), n=1, cutoff=0.6)
            return near[0] if near else None
        ids = {r.split("/", 1)[1]: r for r in goal.work}
        near = difflib.get_close_matches(item_id, list(ids), n=1, cutoff=0.6)
        return ids[near[0]] if near else None

    def descendants(self, goal_id: str) -> list[str]:
        """`goal_id` and every goal below it, depth first in id order.

        With a stack of its own: goals nest as deep as directories do, and a
        recursive walk stopped at Python's recursion limit (about a thousand
        levels) with an internal error in status and report.
        """
        out: list[str] = []
        todo = [goal_id]
        while todo:
            current = todo.pop()
            out.append(current)
            todo.extend(sorted(self.goals[current].children, reverse=True))
        return out
