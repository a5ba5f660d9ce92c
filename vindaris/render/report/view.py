"""The weekly page's view model: everything the templates show, already decided.

Built from a computed Status by :mod:`vindaris.render.report.build`; both the
Markdown and the HTML templates lay these records out and compute nothing.
Text fields hold user text as it is: each format escapes it on output.
"""

from __future__ import annotations

from dataclasses import dataclass

from vindaris.render.report.charts import ProgressBar, Sparkline


@dataclass(frozen=True)
class Person:
    id: str | None  # None: nobody owns it
    name: str  # display name ("nobody" when id is None)
    active: bool
    anchor: str | None  # the owner's entry in "By owner", when there is one

    @property
    def label(self) -> str:
        """The name, marked when the person has left (`active: false`)."""
        return f"{self.name} (left)" if self.id is not None and not self.active else self.name


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class Nav:
    """Site navigation: previous and next week, the index (all None for a lone page)."""

    previous: Link | None
    next: Link | None
    index: Link | None


@dataclass(frozen=True)
class Header:
    organization: str
    title: str
    week: str  # 2026-W47
    monday: str
    sunday: str
    as_of: str
    week_over: bool
    period: str | None
    period_start: str | None
    period_end: str | None
    elapsed: int  # percent of the period gone
    commit: str | None  # short sha
    commit_date: str | None
    notes: tuple[str, ...]  # history missing, cut or uncommitted; check errors
    partial: bool  # computed from incomplete history


@dataclass(frozen=True)
class Count:
    name: str  # a health or a state
    count: int
    symbol: str
    share: float  # 0..100 of the row's total, for the stacked bar
    offset: float  # 0..100: where this count's part of the stacked bar starts


@dataclass(frozen=True)
class Headline:
    key_results: tuple[Count, ...]
    key_results_total: int
    key_results_label: str  # the counts in words: the stacked bar's text alternative
    work: tuple[Count, ...]
    work_total: int
    work_label: str
    goals: tuple[Count, ...]  # by goal state
    goals_total: int
    attention: int
    other_periods: int  # goals of other periods, not on this page


@dataclass(frozen=True)
class AttentionRow:
    rank: int
    kind: str
    severe: bool
    ref: str
    title: str  # of the thing the ref names
    anchor: str | None
    owner: Person
    message: str


@dataclass(frozen=True)
class ChangeRow:
    """One thing that happened this week, from one commit."""

    date: str
    kind: str  # checkin, work, goal
    verb: str  # "checked in", "started", "blocked", "owner", ...
    ref: str
    title: str
    anchor: str | None
    old: str | None
    new: str | None
    note: str  # the commit subject
    who: str
    commit: str | None  # short sha; None for the working tree
    pr: int | None


@dataclass(frozen=True)
class Changes:
    checkins: tuple[ChangeRow, ...]
    work: tuple[ChangeRow, ...]
    goals: tuple[ChangeRow, ...]
    total: int
    collapsed: bool  # long enough to fold away in HTML


@dataclass(frozen=True)
class KeyResultView:
    ref: str
    anchor: str
    title: str
    owner: Person
    kind: str
    health: str
    symbol: str
    progress: int  # percent
    expected: int  # percent
    current: str
    target: str
    forecast: str | None
    last_checkin: str | None
    checkins: int
    stale: bool
    bar: ProgressBar
    spark: Sparkline | None


@dataclass(frozen=True)
class WorkView:
    ref: str
    anchor: str
    title: str
    owner: Person
    state: str
    due: str | None
    overdue: bool
    last_activity: str | None
    days_idle: int | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class GoalView:
    id: str
    anchor: str
    title: str
    path: tuple[str, ...]  # titles of the goals above it, outermost first
    depth: int
    owner: Person
    state: str
    health: str
    symbol: str
    period: str
    attention: int  # entries on the attention list about this goal, its key results or its work
    expanded: bool  # open in HTML
    key_results: tuple[KeyResultView, ...]
    work: tuple[WorkView, ...]


@dataclass(frozen=True)
class OwnerView:
    person: Person
    anchor: str
    goals: tuple[Link, ...]
    key_results: tuple[Link, ...]
    work: tuple[Link, ...]
    active_work: int
    overloaded: bool
    attention: tuple[AttentionRow, ...]


@dataclass(frozen=True)
class Page:
    """One weekly page."""

    header: Header
    nav: Nav
    headline: Headline
    attention: tuple[AttentionRow, ...]
    attention_shown: int  # the first rows shown open; the rest fold away in HTML
    changes: Changes
    goals: tuple[GoalView, ...]
    goals_collapsed: bool
    owners: tuple[OwnerView, ...]


@dataclass(frozen=True)
class IndexRow:
    week: Link
    as_of: str
    commit: str | None
    headline: Headline
    changes: int


@dataclass(frozen=True)
class Index:
    """The site's index page: one row per week, newest first."""

    organization: str
    title: str
    period: str | None
    period_start: str | None
    period_end: str | None
    rows: tuple[IndexRow, ...]
