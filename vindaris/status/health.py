"""The health rules: pure functions of (strategy, facts, as-of date).

Each rule and threshold is documented in docs/health.md; the thresholds that
an organisation may tune live in vindaris.yaml (see schema.HealthThresholds).
Only the CLI reads the clock: `as_of` always comes in as an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from vindaris.model.schema import Config, Period
from vindaris.model.strategy import Goal, KeyResult, Strategy, WorkItem
from vindaris.status.records import (
    HEALTH_ORDER,
    Attention,
    CheckIn,
    Facts,
    GoalFacts,
    GoalStatus,
    Health,
    ItemFacts,
    KeyResultStatus,
    OwnerStatus,
    Status,
    WorkStatus,
)

#: Severity order of the "needs attention" list (lower first): the order the
#: weekly page asks leaders to act in.
ATTENTION_RANK = {
    "off-track": 0,
    "work-without-effect": 1,
    "goal-without-work": 2,
    "stalled": 3,
    "overdue": 3,
    "long-blocked": 3,
    "stale-checkin": 4,
    "owner-departed": 5,
    "owner-overloaded": 6,
}

#: "Far exceeds": the key result moved less than half of what the finished
#: work promised in `impact`. Half, because estimates are rough: a shortfall
#: of a third is ordinary optimism, one of more than half says the bet failed.
IMPACT_SHORTFALL_RATIO = 0.5

# Settings for a strategy whose vindaris.yaml did not load: every default.
DEFAULTS = Config(organization="-", periods=[Period(id="p", start=dt.date(2000, 1, 1), end=dt.date(2000, 12, 31))])


def elapsed_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Share of the period [start, end] (inclusive days) gone at the end of `as_of`."""
    total = (end - start).days + 1
    done = (as_of - start).days + 1
    return min(1.0, max(0.0, done / total))


def progress(kr: KeyResult, value: float | None = None) -> float:
    """(value - baseline) / (target - baseline): the same for rising and falling metrics."""
    if kr.kind == "milestone":
        return 1.0 if kr.done else 0.0
    value = kr.current if value is None else value
    if kr.baseline is None or kr.target is None or value is None or kr.target == kr.baseline:
        return 0.0
    return (value - kr.baseline) / (kr.target - kr.baseline)


def forecast(kr: KeyResult, checkins: list[CheckIn], start: dt.date, end: dt.date, as_of: dt.date) -> float | None:
    """The value projected to the period's end.

    A least-squares line through the check-ins inside the period; with fewer
    than two, the line from the baseline at the period's start to the last
    value. After the period has ended the forecast is simply the last value.
    """
    if kr.kind == "milestone" or kr.baseline is None or kr.current is None:
        return None
    if as_of >= end:
        return kr.current
    horizon = (end - start).days + 1
    points = [((c.event.date.date() - start).days, c.value) for c in checkins
              if start <= c.event.date.date() <= min(end, as_of)]
    if len({t for t, _ in points}) >= 2:
        n = len(points)
        mean_t = sum(t for t, _ in points) / n
        mean_v = sum(v for _, v in points) / n
        var = sum((t - mean_t) ** 2 for t, _ in points)
        slope = sum((t - mean_t) * (v - mean_v) for t, v in points) / var
        return mean_v + slope * (horizon - mean_t)
    last_t, last_v = points[-1] if points else ((as_of - start).days + 1, kr.current)
    if last_t <= 0:
        return last_v
    return kr.baseline + (last_v - kr.baseline) * horizon / last_t


def kr_health(kr: KeyResult, config: Config, checkins: list[CheckIn], fc_progress: float | None,
              elapsed: float, period_over: bool, new: bool = False) -> Health:
    """Health of one key result; `new`: its goal was created too recently to judge."""
    if progress(kr) >= 1.0:
        return "achieved"
    if not checkins and (elapsed < config.health.not_started_ratio or new):
        return "not-started"
    if kr.kind == "milestone":
        # A milestone has no trajectory: it is on track until the share of the
        # period that at-risk allows for (70% by default) is gone, then at risk
        # until the period ends undone.
        if period_over:
            return "off-track"
        return "at-risk" if elapsed >= config.health.at_risk_ratio else "on-track"
    if fc_progress is None:
        return "not-started"
    if fc_progress >= 1.0:
        return "on-track"
    if fc_progress >= config.health.at_risk_ratio:
        return "at-risk"
    return "off-track"


def worst(healths: Iterable[Health]) -> Health | None:
    ranked = sorted(healths, key=HEALTH_ORDER.index)
    return ranked[0] if ranked else None


def _day(event_date: dt.datetime | None) -> dt.date | None:
    return event_date.date() if event_date else None


Flag = Callable[[str, str, "str | None", str], None]


def compute(strategy: Strategy, facts: Facts, as_of: dt.date) -> Status:
    """Compute every health rule for the whole strategy at `as_of`."""
    config = strategy.config or DEFAULTS
    attention: list[Attention] = []

    def flag(kind: str, ref: str, owner: str | None, message: str) -> None:
        attention.append(Attention(ATTENTION_RANK[kind], kind, ref, owner, message))

    work_status = {ref: _work_status(strategy, item, facts.items.get(ref), config, as_of, facts.available)
                   for ref, item in strategy.work.items()}
    goals: list[GoalStatus] = []
    for goal_id in _tree_order(strategy):
        goal = strategy.goals[goal_id]
        period = strategy.period(goal.period)
        start, end = period if period else (as_of, as_of)
        elapsed = elapsed_share(start, end, as_of)
        krs = []
        gf = facts.goals.get(goal.id)
        created = _day(gf.created.date) if gf and gf.created else None
        # A goal added mid-period is judged from when it was added: before its
        # first check-in is due twice over, it is not-started, not off-track.
        new = created is not None and (as_of - created).days <= 2 * config.checkin_every_days
        goal_origin = _origin(start, end, gf, created, [facts.checkins.get(kr.ref, []) for kr in goal.key_results])
        for kr in goal.key_results:
            history = facts.checkins.get(kr.ref, [])
            in_period = [c for c in history if start <= c.event.date.date() <= end]
            origin = _added_later(goal_origin, end, gf, kr.id, history)
            kr_elapsed = elapsed_share(origin, end, as_of) if origin != start else elapsed
            fc = forecast(kr, in_period, origin, end, as_of)
            if origin != start and in_period and all(c.event.date.date() <= origin for c in in_period):
                fc = None  # moved only on the day its clock started: no trajectory yet
            fcp = progress(kr, fc) if fc is not None else None
            health: Health
            if goal.state != "active" and progress(kr) < 1.0:
                health = _closed_health(goal.state)  # a dropped goal's key result is not "off-track"
            elif period:
                health = kr_health(kr, config, in_period, fcp, kr_elapsed, as_of > end, new)
            else:
                health = "not-started"
            last = _day(history[-1].event.date) if history else None
            since = last or max(start, created or start)
            # A milestone is done or not; it has no trajectory to check in on.
            stale = (facts.available and goal.state == "active" and health != "achieved" and as_of >= start
                     and kr.kind == "metric"
                     and (as_of - since).days > 2 * config.checkin_every_days)
            moved_by = tuple(sorted(ref for ref in goal.work if kr.id in strategy.work[ref].moves))
            krs.append(KeyResultStatus(
                ref=kr.ref, id=kr.id, title=kr.title, owner=kr.owner, kind=kr.kind, unit=kr.unit,
                baseline=kr.baseline, target=kr.target, current=kr.current, progress=progress(kr),
                expected=kr_elapsed, forecast=fc, forecast_progress=fcp, health=health, stale=stale,
                last_checkin=last, checkins=tuple(history), moved_by=moved_by,
            ))
        live = goal.state == "active"
        if live:
            _goal_attention(strategy, goal, krs, work_status, facts, config, as_of, flag)
        goal_health: Health = (worst(k.health for k in krs) or "not-started") if live else _closed_health(goal.state)
        goals.append(GoalStatus(
            id=goal.id, title=goal.title, owner=goal.owner, period=goal.period, state=goal.state,
            parent=goal.parent, children=tuple(sorted(goal.children)), depth=_depth(strategy, goal),
            health=goal_health, key_results=tuple(krs),
            work=tuple(work_status[ref] for ref in sorted(goal.work)),
        ))
    for ws in work_status.values():
        if ws.stalled:
            flag("stalled", ws.ref, ws.owner, f"active with no commit for {ws.days_idle} days")
        if ws.overdue:
            flag("overdue", ws.ref, ws.owner, f"due {ws.due} and still {ws.state}")
        if ws.long_blocked:
            flag("long-blocked", ws.ref, ws.owner, f"blocked for more than {config.stall_after_days} days")
    owners = _owners(strategy, goals, work_status, config, attention, flag)
    period_id, p_start, p_end = _current_period(strategy, as_of)
    return Status(
        organization=config.organization if strategy.config else "",
        as_of=as_of, period=period_id, period_start=p_start, period_end=p_end,
        elapsed=elapsed_share(p_start, p_end, as_of) if p_start and p_end else 0.0,
        facts=facts, goals=tuple(goals),
        attention=tuple(sorted(attention, key=lambda a: (a.rank, a.kind, a.ref, a.message))),
        owners=owners,
    )


def _origin(start: dt.date, end: dt.date, gf: GoalFacts | None, created: dt.date | None,
            checkins: list[list[CheckIn]]) -> dt.date:
    """Where a goal's key results start their clock: the period's start, or
    the day the goal was written down when that is later and its key results
    all stood at their baselines then (a goal set mid-quarter is not expected
    to have made the quarter's progress on its first day). A goal that
    arrived with a key result already moved (a strategy brought into git
    mid-quarter, its values as they were) had started before its first
    commit: its clock is the period's, for all its key results."""
    if gf is None or gf.created is None or created is None or not start < created <= end:
        return start
    if any(history and history[0].event.commit == gf.created.commit for history in checkins):
        return start  # moved from a baseline in the very commit that added the goal
    return created


def _added_later(origin: dt.date, end: dt.date, gf: GoalFacts | None, kr_id: str,
                 history: list[CheckIn]) -> dt.date:
    """A key result added to its goal after the goal was written starts its
    clock on the day it was added, if it stood at its baseline then (else it
    had started before, with its goal)."""
    added = gf.added.get(kr_id) if gf is not None and gf.created is not None else None
    if added is None or gf is None or gf.created is None or added.commit == gf.created.commit:
        return origin
    day = _day(added.date)
    if day is None or not origin < day <= end:
        return origin
    if history and history[0].event.commit == added.commit:
        return origin  # moved from its baseline in the very commit that added it
    return day


def _closed_health(state: str) -> Health:
    return {"achieved": "achieved", "missed": "missed", "dropped": "dropped"}.get(state, "not-started")  # type: ignore[return-value]


def _goal_attention(strategy: Strategy, goal: Goal, krs: list[KeyResultStatus], work: dict[str, WorkStatus],
                    facts: Facts, config: Config, as_of: dt.date, flag: Flag) -> None:
    for ks in krs:
        if ks.health == "off-track":
            fc = "" if ks.forecast is None else f"; forecast {_fmt(ks.forecast)} of target {_fmt(ks.target)}"
            flag("off-track", ks.ref, ks.owner, f"off track at {round(ks.progress * 100) + 0}% of the way{fc}")
        if ks.stale:
            when = f"since {ks.last_checkin}" if ks.last_checkin else "yet"
            flag("stale-checkin", ks.ref, ks.owner, f"no check-in {when} (expected every {config.checkin_every_days} days)")
        movers = [work[r] for r in ks.moved_by]
        if ks.health in ("off-track", "at-risk") and not any(w.state == "active" for w in movers):
            flag("goal-without-work", ks.ref, ks.owner, f"{ks.health} and no active work moves it")
        if facts.available:
            _work_without_effect(strategy, ks, movers, facts, config, as_of, flag)


def _work_without_effect(strategy: Strategy, ks: KeyResultStatus, movers: list[WorkStatus], facts: Facts,
                         config: Config, as_of: dt.date, flag: Flag) -> None:
    """Work finished a while ago while the key result it should move stayed put."""
    if ks.health == "achieved":
        return
    done = [w for w in movers if w.state == "done"]
    finished = {w.ref: _done_date(facts.items.get(w.ref)) for w in done}
    grace = dt.timedelta(days=config.checkin_every_days)
    last_change = ks.last_checkin
    flat = [r for r, d in finished.items() if d is not None and d + grace < as_of
            and (last_change is None or last_change <= d)]
    if flat:
        flag("work-without-effect", ks.ref, ks.owner,
             f"{_plural(len(flat), 'item')} finished ({', '.join(sorted(flat))}) but it has not moved since")
        return
    promised = sum(strategy.work[w.ref].impact.get(ks.id, 0.0) for w in done)
    if promised and ks.baseline is not None and ks.current is not None:
        moved = ks.current - ks.baseline
        if moved / promised < IMPACT_SHORTFALL_RATIO:
            flag("work-without-effect", ks.ref, ks.owner,
                 f"finished work promised {_fmt(promised)} but it moved {_fmt(moved)}")


def _done_date(item: ItemFacts | None) -> dt.date | None:
    if item is None:
        return None
    dates = [c.event.date.date() for c in item.changes if c.field == "state" and c.new == "done"]
    return dates[-1] if dates else None


def _work_status(strategy: Strategy, item: WorkItem, facts: ItemFacts | None, config: Config, as_of: dt.date,
                 history: bool) -> WorkStatus:
    last = _day(facts.last_touched.date) if facts and facts.last_touched else None
    # A commit dated after as-of (a skewed clock) is in as-of's history, so it
    # happened by then: idle for zero days, never a negative number.
    idle = max(0, (as_of - last).days) if last else None
    live = item.state in ("planned", "active", "blocked")
    blocked_since = None
    if facts:
        for change in facts.changes:
            if change.field == "state":
                blocked_since = change.event.date.date() if change.new == "blocked" else None
        if item.state == "blocked" and blocked_since is None and facts.created and not facts.changes:
            blocked_since = facts.created.date.date()
    started = done = None
    if facts:
        for change in facts.changes:
            if change.field == "state" and change.new == "active" and started is None:
                started = change.event.date.date()
            if change.field == "state" and change.new == "done":
                done = change.event.date.date()
    return WorkStatus(
        ref=item.ref, title=item.title, owner=item.owner, state=item.state, due=item.due,
        moves=tuple(item.moves), last_activity=last, days_idle=idle,
        stalled=history and item.state == "active" and idle is not None and idle >= config.stall_after_days,
        overdue=live and item.due is not None and item.due < as_of,
        long_blocked=history and item.state == "blocked" and blocked_since is not None
        and (as_of - blocked_since).days > config.stall_after_days,
        blocked_by=tuple(sorted(d for d in item.depends_on if d in strategy.work and strategy.work[d].state != "done"))
        if live else (),
        # Dates can lie (a clock set wrong): a cycle never runs backwards.
        cycle_days=max(0, (done - started).days) if item.state == "done" and started and done else None,
        created=_day(facts.created.date) if facts and facts.created else None,
    )


def _owners(strategy: Strategy, goals: list[GoalStatus], work: dict[str, WorkStatus], config: Config,
            attention: list[Attention], flag: Flag) -> tuple[OwnerStatus, ...]:
    owned_goals: dict[str, list[str]] = {}
    owned_krs: dict[str, list[str]] = {}
    owned_work: dict[str, list[str]] = {}
    for g in goals:
        if g.owner:
            owned_goals.setdefault(g.owner, []).append(g.id)
        for k in g.key_results:
            if k.owner:
                owned_krs.setdefault(k.owner, []).append(k.ref)
    for w in work.values():
        if w.owner:
            owned_work.setdefault(w.owner, []).append(w.ref)
    for g in goals:
        if g.state == "active" and g.owner and not _is_active(strategy, g.owner):
            flag("owner-departed", g.id, g.owner, f"goal owner '{g.owner}' is no longer active")
    for w in work.values():
        if w.state in ("planned", "active", "blocked") and w.owner and not _is_active(strategy, w.owner):
            flag("owner-departed", w.ref, w.owner, f"owner '{w.owner}' is no longer active")
    out = []
    for pid in sorted(set(strategy.people) | set(owned_goals) | set(owned_work) | set(owned_krs)):
        person = strategy.people.get(pid)
        active_work = sum(1 for r in owned_work.get(pid, []) if work[r].state == "active")
        overloaded = active_work > config.max_active_items_per_owner
        if overloaded:
            flag("owner-overloaded", pid, pid,
                 f"{active_work} active work items (limit {config.max_active_items_per_owner})")
        out.append(OwnerStatus(
            person=pid, name=person.name if person else pid, active=bool(person and person.active),
            goals=tuple(sorted(owned_goals.get(pid, []))), key_results=tuple(sorted(owned_krs.get(pid, []))),
            work=tuple(sorted(owned_work.get(pid, []))), active_work=active_work, overloaded=overloaded,
            attention=0,
        ))
    counts: dict[str, int] = {}
    for a in attention:
        if a.owner:
            counts[a.owner] = counts.get(a.owner, 0) + 1
    return tuple(OwnerStatus(**{**o.__dict__, "attention": counts.get(o.person, 0)}) for o in out)


def _is_active(strategy: Strategy, person: str) -> bool:
    p = strategy.people.get(person)
    return bool(p and p.active)


def _tree_order(strategy: Strategy) -> list[str]:
    out: list[str] = []
    for root in sorted(g.id for g in strategy.roots()):
        out.extend(strategy.descendants(root))
    return out


def _depth(strategy: Strategy, goal: Goal) -> int:
    depth = 0
    # Parents come from directories, so they cannot loop; the bound only
    # makes sure of it (it was 100, which reported deeper goals as 100).
    while goal.parent and goal.parent in strategy.goals and depth < len(strategy.goals):
        goal = strategy.goals[goal.parent]
        depth += 1
    return depth


def _current_period(strategy: Strategy, as_of: dt.date) -> tuple[str | None, dt.date | None, dt.date | None]:
    """The period containing `as_of` (else the latest that started before it)."""
    if strategy.config is None:
        return None, None, None
    periods = sorted(strategy.config.periods, key=lambda p: p.start)
    containing = [p for p in periods if p.start <= as_of <= p.end]
    chosen = containing[0] if containing else next((p for p in reversed(periods) if p.start <= as_of), periods[0])
    return chosen.id, chosen.start, chosen.end


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
