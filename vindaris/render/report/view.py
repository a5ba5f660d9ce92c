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
    """Someone who owns something (or nobody)."""

    id: str | None  # person id from people.yaml; None: nobody owns it
    name: str  # display name ("nobody" when id is None; the git name of an author people.yaml does not know)
    active: bool  # false once the person has left (`active: false`)
    anchor: str | None  # the owner's entry in "By owner", when there is one

    @property
    def label(self) -> str:
        """The name, marked when the person has left (`active: false`)."""
        return f"{self.name} (left)" if self.id is not None and not self.active else self.name


@dataclass(frozen=True)
class Link:
    """A link the page makes itself (a week of the site, an anchor on the page)."""

    label: str  # the text, user text for anchors (a goal's title)
    href: str  # a relative file name or `#anchor`, never user text


@dataclass(frozen=True)
class Nav:
    """Site navigation: previous and next week, the index (all None for a lone page)."""

    previous: Link | None  # the week before
    next: Link | None  # the week after
    index: Link | None  # the site's index page


@dataclass(frozen=True)
class Header:
    """What the page is about and what it was computed from."""

    organization: str  # from vindaris.yaml ("Strategy" without one)
    title: str  # "<organization>: week 2026-W47"
    week: str  # 2026-W47
    monday: str  # the week's first day, ISO date
    sunday: str  # the week's last day, ISO date
    as_of: str  # the day everything is computed for: the Sunday, or today for the current week
    week_over: bool  # false: the page shows the week to date
    period: str | None  # id of the period containing as_of
    period_start: str | None  # ISO date
    period_end: str | None  # ISO date
    elapsed: int  # percent of the period gone
    commit: str | None  # short sha
    commit_date: str | None  # ISO date of that commit
    notes: tuple[str, ...]  # history missing, cut or uncommitted; check errors
    partial: bool  # computed from incomplete history


@dataclass(frozen=True)
class Count:
    """How many key results have one health, or work items one state."""

    name: str  # a health or a state
    count: int  # how many
    symbol: str  # a character beside the name, so the page does not speak in colour alone
    share: float  # 0..100 of the row's total, for the stacked bar
    offset: float  # 0..100: where this count's part of the stacked bar starts


@dataclass(frozen=True)
class Headline:
    """The numbers at the top: key results of active goals by health, work by state, goals by state."""

    key_results: tuple[Count, ...]  # on-track, at-risk, off-track, not-started, achieved (in that order)
    key_results_total: int  # key results of active goals on the page
    key_results_label: str  # the counts in words: the stacked bar's text alternative
    work: tuple[Count, ...]  # planned, active, blocked, done, dropped
    work_total: int  # work items of the goals on the page
    work_label: str  # the counts in words
    goals: tuple[Count, ...]  # by goal state: active, achieved, missed, dropped
    goals_total: int  # goals on the page
    attention: int  # things on the attention list (one with several reasons counts once)
    other_periods: int  # goals of other periods, not on this page


@dataclass(frozen=True)
class Reason:
    """One reason a thing is on the attention list."""

    kind: str  # off-track, work-without-effect, goal-without-work, stalled, overdue, ... (docs/health.md)
    severe: bool  # off-track, work without effect, goal without work
    message: str  # why, in one sentence


@dataclass(frozen=True)
class AttentionRow:
    """One thing on "Needs attention", with every reason it is there; most severe first (docs/health.md)."""

    rank: int  # severity of its most severe reason, lower first
    kind: str  # its most severe reason's kind
    severe: bool  # ranks 0 to 2: off-track, work without effect, goal without work
    ref: str  # goal id, key result `goal/kr`, work item `goal/item`, or person id
    title: str  # of the thing the ref names
    anchor: str | None  # its id on the page, when it is on the page
    owner: Person  # who acts
    message: str  # its most severe reason, in one sentence
    reasons: tuple[Reason, ...]  # every reason, most severe first (the first is kind and message)


@dataclass(frozen=True)
class ChangeRow:
    """One thing that happened this week, from one commit."""

    date: str  # ISO date (UTC) of the commit
    kind: str  # checkin, work, goal
    verb: str  # checked in; created, started, unblocked, blocked, finished, dropped, new owner; new goal, achieved, ...
    ref: str  # what changed: key result, work item or goal ref
    title: str  # its title
    anchor: str | None  # its id on the page
    old: str | None  # the value or state before (None when it was created)
    new: str | None  # the value or state after
    note: str  # the commit subject, or the --note of a commit Vindaris made ('' for its bare subject)
    who: str  # the commit author's name (a person's name when people.yaml knows the address)
    commit: str | None  # short sha; None for the working tree
    pr: int | None  # the pull request that brought it in, when a merge message or subject names one


@dataclass(frozen=True)
class Changes:
    """What changed this week, from the commits inside it, oldest first."""

    checkins: tuple[ChangeRow, ...]  # key-result check-ins
    work: tuple[ChangeRow, ...]  # work created, started, blocked, finished, dropped; new owners
    goals: tuple[ChangeRow, ...]  # new goals, closed or reopened goals; new owners
    total: int  # rows in all three
    collapsed: bool  # long enough to fold away in HTML


@dataclass(frozen=True)
class KeyResultView:
    """One key result with its progress, forecast and trend."""

    ref: str  # goal/kr
    anchor: str  # its id on the page
    title: str  # from the goal file
    owner: Person  # the key result's owner (the goal's by default)
    kind: str  # metric or milestone
    health: str  # on-track, at-risk, off-track, not-started, achieved
    symbol: str  # beside the health
    progress: int  # percent of the way from baseline to target
    expected: int  # percent of the period gone (from when a goal set later was written down: docs/health.md)
    current: str  # the value now with its unit ("done" / "not done" for a milestone)
    target: str  # the target with its unit
    forecast: str | None  # the value projected to the period's end
    last_checkin: str | None  # ISO date
    checkins: int  # how many check-ins history has
    stale: bool  # no check-in for more than twice checkin_every_days
    bar: ProgressBar  # progress with the expected-progress marker
    spark: Sparkline | None  # check-ins and forecast; None for milestones


@dataclass(frozen=True)
class WorkView:
    """One work item of a goal."""

    ref: str  # goal/item
    anchor: str  # its id on the page
    title: str  # from the work item's file
    owner: Person  # who is accountable
    state: str  # planned, active, blocked, done, dropped
    due: str | None  # ISO date
    overdue: bool  # due has passed and it is not done or dropped
    last_activity: str | None  # ISO date of the last commit that touched its file
    days_idle: int | None  # days since then
    flags: tuple[str, ...]  # stalled, overdue, long-blocked, "waits on <ref>, ..."


@dataclass(frozen=True)
class GoalView:
    """One goal, in tree order, with its key results and work."""

    id: str  # the goal's directory name
    anchor: str  # its id on the page
    title: str  # from goal.yaml
    path: tuple[str, ...]  # titles of the goals above it, outermost first
    depth: int  # 0 for a top-level goal
    owner: Person  # who is accountable
    state: str  # active, achieved, missed, dropped
    health: str  # the worst of its key results', or its closed state
    symbol: str  # beside the health
    period: str  # period id
    attention: int  # entries on the attention list about this goal, its key results or its work
    expanded: bool  # open in HTML
    key_results: tuple[KeyResultView, ...]  # in file order
    work: tuple[WorkView, ...]  # by item id


@dataclass(frozen=True)
class OwnerView:
    """One person: what they are accountable for, and what of it needs attention."""

    person: Person  # who
    anchor: str  # their id on the page
    goals: tuple[Link, ...]  # goals they own, linked
    key_results: tuple[Link, ...]  # key results they own
    work: tuple[Link, ...]  # work items they own
    active_work: int  # how many of those are active
    overloaded: bool  # more active work than max_active_items_per_owner
    attention: tuple[AttentionRow, ...]  # attention entries they are named on


@dataclass(frozen=True)
class Page:
    """One weekly page."""

    header: Header  # what, when, from which commit
    nav: Nav  # links to other weeks (in a site)
    headline: Headline  # the numbers
    attention: tuple[AttentionRow, ...]  # most severe first
    attention_shown: int  # the first rows shown open; the rest fold away in HTML
    changes: Changes  # what changed this week
    goals: tuple[GoalView, ...]  # every goal of the period, depth first in tree order
    goals_collapsed: bool  # many goals: only those needing attention are open in HTML
    owners: tuple[OwnerView, ...]  # by person id


@dataclass(frozen=True)
class IndexRow:
    """One week on the site's index."""

    week: Link  # to the week's page
    as_of: str  # ISO date the week was computed for
    commit: str | None  # short sha
    headline: Headline  # that week's numbers
    changes: int  # how many changes that week


@dataclass(frozen=True)
class Index:
    """The site's index page: one row per week, newest first."""

    organization: str  # from vindaris.yaml
    title: str  # "<organization>: weekly status"
    period: str | None  # the latest week's period
    period_start: str | None  # ISO date
    period_end: str | None  # ISO date
    rows: tuple[IndexRow, ...]  # newest week first

