"""From a computed Status to the weekly page's view model.

Everything the page decides (which goals are on it, what is ranked first,
what folds away, every number's wording) is decided here, once for both
formats, so the templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from vindaris.model.strategy import Strategy
from vindaris.render.report.changes import week_changes
from vindaris.render.report.charts import progress_bar, spark
from vindaris.render.report.format import HEALTH_SYMBOL, STATE_SYMBOL, anchor, day, number, percent, short
from vindaris.render.report.view import (
    AttentionRow,
    Count,
    GoalView,
    Header,
    Headline,
    KeyResultView,
    Link,
    Nav,
    OwnerView,
    Page,
    Reason,
    Person,
    WorkView,
)
from vindaris.render.report.week import Week
from vindaris.status.compute import Computed
from vindaris.status.attention import by_thing
from vindaris.status.filters import narrow
from vindaris.status.records import KeyResultStatus, Status, WorkStatus

#: The order the headline counts in (the issue's order: good news last is
#: deliberate nowhere; this is simply the order a reader expects).
KR_HEALTHS = ("on-track", "at-risk", "off-track", "not-started", "achieved")
WORK_STATES = ("planned", "active", "blocked", "done", "dropped")
GOAL_STATES = ("active", "achieved", "missed", "dropped")

#: Attention rows shown before the rest folds away in HTML.
ATTENTION_SHOWN = 25
#: Up to this many goals every goal is open; above it only those that need
#: attention are, so a page with hundreds of goals stays a page you can scan.
EXPAND_ALL_UP_TO = 12

_KR_KINDS = ("off-track", "work-without-effect", "goal-without-work", "stale-checkin")
_WORK_KINDS = ("stalled", "overdue", "long-blocked")


def weekly_page(computed: Computed, week: Week, nav: Nav | None = None, root: Path | None = None) -> Page:
    """The page for `week` from status computed as of the week's end (or today).

    `root`, when given, is named "the strategy root" in notes: a published page
    should not show the path of the machine that built it.
    """
    full = computed.status
    strategy = computed.strategy
    shown = page_status(full)
    # Everyone who owns something on the page or must act has an entry in "By owner".
    names = _People(strategy, {pid: anchor("owner", pid) for pid in _owner_ids(shown, full)})
    titles = _Titles(full)
    attention = _attention_rows(full, titles, names)
    owners = _owners(shown, attention, names)
    start = week.start()
    end = dt.datetime.combine(full.as_of, dt.time.max, tzinfo=dt.timezone.utc)
    changes = week_changes(full, start, end, names.display)
    goals = _goals(shown, full, strategy, attention, names)
    return Page(
        header=_header(computed, week, root),
        nav=nav or Nav(None, None, None),
        headline=headline(shown, len(attention), len(full.goals) - len(shown.goals)),
        attention=attention,
        attention_shown=min(len(attention), ATTENTION_SHOWN),
        changes=changes,
        goals=goals,
        goals_collapsed=len(goals) > EXPAND_ALL_UP_TO,
        owners=owners,
    )


def page_status(full: Status) -> Status:
    """The part of a Status a weekly page shows: the goals of the current period."""
    return narrow(full, period=full.period) if full.period else full


class _People:
    """Person ids to display names; authors that are not people keep their git name."""

    def __init__(self, strategy: Strategy, anchors: dict[str, str]) -> None:
        self.people = strategy.people
        self.anchors = anchors

    def display(self, pid: str) -> str:
        person = self.people.get(pid)
        return person.name if person else pid

    def of(self, pid: str | None) -> Person:
        if pid is None:
            return Person(None, "nobody", False, None)
        person = self.people.get(pid)
        return Person(pid, person.name if person else pid, bool(person and person.active), self.anchors.get(pid))


class _Titles:
    """Title and anchor of whatever an attention entry's ref names."""

    def __init__(self, status: Status) -> None:
        self.goals = {g.id: g.title for g in status.goals}
        self.krs = {k.ref: k.title for g in status.goals for k in g.key_results}
        self.work = {w.ref: w.title for g in status.goals for w in g.work}

    def find(self, kind: str, ref: str) -> tuple[str, str | None]:
        if kind in _KR_KINDS and ref in self.krs:
            return self.krs[ref], anchor("kr", ref)
        if kind in _WORK_KINDS and ref in self.work:
            return self.work[ref], anchor("work", ref)
        if ref in self.goals:
            return self.goals[ref], anchor("goal", ref)
        if ref in self.work:
            return self.work[ref], anchor("work", ref)
        if ref in self.krs:
            return self.krs[ref], anchor("kr", ref)
        return ref, None  # a person (owner-overloaded): the owner column says who


def _attention_rows(status: Status, titles: _Titles, names: _People) -> tuple[AttentionRow, ...]:
    """One row per thing (and person who acts), with all its reasons, most severe first.

    A key result that is off track often also has no work moving it and a
    stale check-in: one row with three reasons reads better than three rows.
    """
    rows = []
    for entries in by_thing(status.attention):
        first = entries[0]
        ref, owner = first.ref, first.owner
        title, link = titles.find(first.kind, ref)
        rows.append(AttentionRow(
            rank=first.rank, kind=first.kind, severe=first.rank <= 2, ref=ref, title=title, anchor=link,
            owner=names.of(owner), message=first.message,
            reasons=tuple(Reason(e.kind, e.rank <= 2, e.message) for e in entries),
        ))
    return tuple(rows)


def _header(computed: Computed, week: Week, root: Path | None) -> Header:
    status, facts = computed.status, computed.status.facts
    notes = []
    if facts.note:
        notes.append(facts.note.replace(str(root), "the strategy root") if root else facts.note)
    if facts.uncommitted:
        notes.append("includes uncommitted changes in the working tree")
    if computed.errors:
        count = len(computed.errors)
        notes.append(f"vindaris check reports {count} error{'' if count == 1 else 's'}: "
                     "what failed to load is missing from this page")
    org = status.organization or "Strategy"
    return Header(
        organization=org,
        title=f"{org}: week {week.label}",
        week=week.label,
        monday=week.monday.isoformat(),
        sunday=week.sunday.isoformat(),
        as_of=status.as_of.isoformat(),
        week_over=status.as_of >= week.sunday,
        period=status.period,
        period_start=day(status.period_start),
        period_end=day(status.period_end),
        elapsed=percent(status.elapsed),
        commit=short(facts.commit),
        commit_date=day(facts.commit_date),
        notes=tuple(notes),
        partial=facts.shallow or not facts.available,
    )


def _counts(values: Iterable[str], order: tuple[str, ...], symbols: dict[str, str]) -> tuple[tuple[Count, ...], int]:
    seen = list(values)
    total = len(seen)
    names = list(order) + sorted(set(seen) - set(order))
    out, offset = [], 0.0
    for name in names:
        share = round(100 * seen.count(name) / total, 1) if total else 0.0
        out.append(Count(name, seen.count(name), symbols.get(name, ""), share, round(offset, 1)))
        offset += share
    return tuple(out), total


def _words(counts: tuple[Count, ...], total: int, noun: str) -> str:
    parts = ", ".join(f"{c.count} {c.name}" for c in counts if c.count)
    return f"{total} {noun}{'' if total == 1 else 's'}" + (f": {parts}" if parts else "")


def headline(shown: Status, attention: int, other_periods: int) -> Headline:
    """Key results of live goals by health, work by state, goals by state."""
    krs, kr_total = _counts((k.health for g in shown.goals if g.state == "active" for k in g.key_results),
                            KR_HEALTHS, HEALTH_SYMBOL)
    work, work_total = _counts((w.state for g in shown.goals for w in g.work), WORK_STATES, STATE_SYMBOL)
    goals, goals_total = _counts((g.state for g in shown.goals), GOAL_STATES, STATE_SYMBOL)
    return Headline(krs, kr_total, _words(krs, kr_total, "key result"), work, work_total,
                    _words(work, work_total, "work item"), goals, goals_total, attention, other_periods)


def _goals(shown: Status, full: Status, strategy: Strategy, attention: tuple[AttentionRow, ...],
           names: _People) -> tuple[GoalView, ...]:
    by_id = {g.id: g for g in full.goals}
    about: dict[str, int] = {}
    owner_of_ref: dict[str, str] = {}
    for g in shown.goals:
        for ref in [g.id, *(k.ref for k in g.key_results), *(w.ref for w in g.work)]:
            owner_of_ref.setdefault(ref, g.id)
    for a in attention:
        gid = owner_of_ref.get(a.ref)
        if gid:
            about[gid] = about.get(gid, 0) + 1
    expand_all = len(shown.goals) <= EXPAND_ALL_UP_TO
    out = []
    for g in shown.goals:
        path: list[str] = []
        parent = g.parent
        while parent in by_id and len(path) < 100:
            path.insert(0, by_id[parent].title)
            parent = by_id[parent].parent
        period = strategy.period(g.period)
        out.append(GoalView(
            id=g.id, anchor=anchor("goal", g.id), title=g.title, path=tuple(path), depth=g.depth,
            owner=names.of(g.owner), state=g.state, health=g.health, symbol=HEALTH_SYMBOL.get(g.health, ""),
            period=g.period, attention=about.get(g.id, 0),
            expanded=expand_all or about.get(g.id, 0) > 0 or g.health in ("off-track", "at-risk"),
            key_results=tuple(_kr(k, period, names) for k in g.key_results),
            work=tuple(_work(w, names) for w in g.work),
        ))
    return tuple(out)


def _kr(k: KeyResultStatus, period: tuple[dt.date, dt.date] | None, names: _People) -> KeyResultView:
    milestone = k.kind == "milestone"
    progress, expected = percent(k.progress), percent(k.expected)
    current = ("done" if k.progress >= 1 else "not done") if milestone else number(k.current, k.unit)
    target = "done" if milestone else number(k.target, k.unit)
    forecast = None if k.forecast is None else number(k.forecast, k.unit)
    line = None
    if not milestone and period is not None:
        values = [(c.event.date.astimezone(dt.timezone.utc).date(), c.value) for c in k.checkins]
        told = ", ".join(number(v, k.unit) for _, v in values) or "none"
        label = f"check-ins: {told}"
        if forecast is not None:
            label += f"; forecast {forecast} by {period[1].isoformat()}"
        label += f"; target {target}"
        line = spark(values, period[0], period[1], k.baseline, k.target, k.forecast, label)
    return KeyResultView(
        ref=k.ref, anchor=anchor("kr", k.ref), title=k.title, owner=names.of(k.owner), kind=k.kind,
        health=k.health, symbol=HEALTH_SYMBOL.get(k.health, ""), progress=progress, expected=expected,
        current=current, target=target, forecast=forecast, last_checkin=day(k.last_checkin),
        checkins=len(k.checkins), stale=k.stale,
        bar=progress_bar(k.progress, k.expected, f"{progress}% of the way to target; {expected}% expected by now"),
        spark=line,
    )


def _work(w: WorkStatus, names: _People) -> WorkView:
    flags = [name for name, on in (("stalled", w.stalled), ("overdue", w.overdue), ("long-blocked", w.long_blocked))
             if on]
    if w.blocked_by:
        flags.append("waits on " + ", ".join(w.blocked_by))
    return WorkView(
        ref=w.ref, anchor=anchor("work", w.ref), title=w.title, owner=names.of(w.owner), state=w.state,
        due=day(w.due), overdue=w.overdue, last_activity=day(w.last_activity), days_idle=w.days_idle,
        flags=tuple(flags),
    )


def _owner_ids(shown: Status, full: Status) -> set[str]:
    ids = {a.owner for a in full.attention if a.owner}
    for g in shown.goals:
        ids.update(x for x in [g.owner, *(k.owner for k in g.key_results), *(w.owner for w in g.work)] if x)
    return ids


def _owners(shown: Status, attention: tuple[AttentionRow, ...], names: _People) -> tuple[OwnerView, ...]:
    """Everyone who owns something on the page or is named on the attention list, by id."""
    goals: dict[str, list[Link]] = {}
    krs: dict[str, list[Link]] = {}
    work: dict[str, list[Link]] = {}
    active: dict[str, int] = {}
    for g in shown.goals:
        if g.owner:
            goals.setdefault(g.owner, []).append(Link(g.title, "#" + anchor("goal", g.id)))
        for k in g.key_results:
            if k.owner:
                krs.setdefault(k.owner, []).append(Link(k.title, "#" + anchor("kr", k.ref)))
        for w in g.work:
            if w.owner:
                work.setdefault(w.owner, []).append(Link(w.title, "#" + anchor("work", w.ref)))
                active[w.owner] = active.get(w.owner, 0) + (w.state == "active")
    flagged: dict[str, list[AttentionRow]] = {}
    for a in attention:
        if a.owner.id:
            flagged.setdefault(a.owner.id, []).append(a)
    overloaded = {o.person for o in shown.owners if o.overloaded}
    people = sorted(set(goals) | set(krs) | set(work) | set(flagged))
    return tuple(OwnerView(
        person=names.of(pid), anchor=anchor("owner", pid), goals=tuple(goals.get(pid, ())),
        key_results=tuple(krs.get(pid, ())), work=tuple(work.get(pid, ())), active_work=active.get(pid, 0),
        overloaded=pid in overloaded, attention=tuple(flagged.get(pid, ())),
    ) for pid in people)
