"""Repository-wide rules: ownership, references, ids and alignment.

Each rule reads the loaded :class:`Strategy` and returns findings pointing at
the exact key or value in its file. Nothing here raises for bad content.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from vindaris.findings import Finding, Severity
from vindaris.model.loader import load_strategy
from vindaris.model.parallel import Parsing
from vindaris.model.strategy import CONFIG_FILE, PEOPLE_FILE, Goal, KeyResult, Strategy, WorkItem
from vindaris.model.yamlsource import Path as Loc
from vindaris.model.yamlsource import SourceMap
from vindaris.rules import RULES

LIVE_WORK = ("planned", "active", "blocked")


def check_files(files: dict[str, bytes], *, again: bool = False,
                parsing: Parsing | None = None) -> tuple[Strategy, list[Finding]]:
    """Load and validate a strategy; return it with every finding, ignores applied.

    `again`: the same files, or nearly, will be checked again in this process
    (an authoring command's verify): keep what was parsed (see load_strategy).
    `parsing`: their parse, begun earlier (model/parallel.py).
    """
    strategy, findings = load_strategy(files, again=again, parsing=parsing)
    findings += list(check_strategy(strategy))
    return strategy, apply_ignores(strategy, findings)


def apply_ignores(strategy: Strategy, findings: list[Finding]) -> list[Finding]:
    ignored = set(strategy.config.ignore) if strategy.config else set()
    return [f for f in findings if f.rule not in ignored]


def check_strategy(s: Strategy) -> Iterator[Finding]:
    yield from _config_rules(s)
    yield from _people_rules(s)
    for goal in s.goals.values():
        yield from _goal_rules(s, goal)
    for item in s.work.values():
        yield from _work_rules(s, item)
    yield from _dependency_cycles(s)


def _at(path: str, pos: tuple[int, int], rule: str, message: str, hint: str | None = None,
        severity: Severity | None = None) -> Finding:
    return Finding(path, pos[0], pos[1], rule, severity or RULES[rule].severity, message, hint)


def _config_rules(s: Strategy) -> Iterator[Finding]:
    if s.config is None:
        return
    src = s.sources[CONFIG_FILE]
    seen: set[str] = set()
    for i, period in enumerate(s.config.periods):
        if period.id in seen:
            yield _at(CONFIG_FILE, src.value_at(("periods", i, "id")), "duplicate-id", f"period id '{period.id}' is defined twice")
        seen.add(period.id)
        if period.start >= period.end:
            yield _at(CONFIG_FILE, src.value_at(("periods", i, "end")), "bad-period",
                      f"period '{period.id}' ends ({period.end}) before it starts ({period.start})"
                      if period.end < period.start else f"period '{period.id}' starts and ends on {period.end}")
    for i, rule in enumerate(s.config.ignore):
        if rule not in RULES:
            close = difflib.get_close_matches(rule, list(RULES), n=1)
            yield _at(CONFIG_FILE, src.value_at(("ignore", i)), "unknown-rule", f"ignore names unknown rule '{rule}'",
                      f"did you mean '{close[0]}'?" if close else None)


def _people_rules(s: Strategy) -> Iterator[Finding]:
    src = s.sources.get(PEOPLE_FILE)
    if src is None:
        return
    for person in s.people.values():
        if person.team is not None and person.team not in s.teams:
            yield _at(PEOPLE_FILE, src.value_at(("people", s.positions[person.id], "team")), "unknown-team",
                      f"team '{person.team}' of '{person.id}' is not defined under teams", _close(person.team, s.teams))
    for team in s.teams.values():
        if team.lead is not None:
            yield from _person_ref(s, PEOPLE_FILE, ("teams", s.positions[team.id], "lead"), team.lead, "team lead")


def _close(name: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _person_ref(s: Strategy, path: str, loc: Loc, name: str, role: str, of: str = "") -> Iterator[Finding]:
    if name in s.people:
        return
    pos = s.sources[path].value_at(loc)
    if name in s.teams:
        lead = s.teams[name].lead
        led = f"; team '{name}' is led by '{lead}'" if lead else ""
        yield _at(path, pos, "unknown-person", f"{role}{of} must be a person, not a team{led}",
                  f"set {loc[-1]}: {lead}" if lead else "name the one person accountable")
        return
    yield _at(path, pos, "unknown-person", f"{role} '{name}'{of} is not in people.yaml", _close(name, s.people))


def _owner(s: Strategy, path: str, loc: Loc, owner: str | None, what: str, live: bool) -> Iterator[Finding]:
    src = s.sources[path]
    if loc in src.invalid:
        return  # already reported as a wrong value
    if owner is None or not owner.strip():
        pos = src.value_at(loc) if loc[-1:] == ("owner",) and loc in src.values else src.value_at(loc[:-1])
        yield _at(path, pos, "unowned", f"{what} has no owner", "add `owner:` with one person id from people.yaml")
        return
    if owner not in s.people:
        yield from _person_ref(s, path, loc, owner, "owner", f" of {what}")
        return
    if live and not s.people[owner].active:
        yield _at(path, src.value_at(loc), "inactive-owner", f"{what} is owned by '{owner}', who is no longer active",
                  "hand it to an active person")


def _goal_rules(s: Strategy, goal: Goal) -> Iterator[Finding]:
    path, src = goal.path, goal.source
    live = goal.state == "active"
    yield from _owner(s, path, ("owner",), goal.owner, f"goal '{goal.id}'", live)
    period = s.period(goal.period)
    if s.config is not None and period is None and ("period",) not in src.invalid:
        yield _at(path, src.value_at(("period",)), "unknown-period", f"period '{goal.period}' is not defined in vindaris.yaml",
                  _close(goal.period, [p.id for p in s.config.periods]))
    if live and not goal.key_results:
        yield _at(path, src.key_at(("key_results",)) if ("key_results",) in src.keys else (1, 1), "no-key-results",
                  f"active goal '{goal.id}' has no key results", "add at least one measurable key result")
    parent = s.goals.get(goal.parent) if goal.parent else None
    # Top-level by place, not "parent not loaded": a parent goal.yaml with its
    # own errors must not make its children look top-level as well.
    if goal.supports and goal.parent is None:
        yield _at(path, src.key_at(("supports",)), "supports-without-parent",
                  f"goal '{goal.id}' is a top-level goal; `supports` names key results of a parent goal")
    for i, kr_id in enumerate(goal.supports):
        if parent is not None and parent.key_result(kr_id) is None:
            yield _at(path, src.value_at(("supports", i)), "unknown-key-result",
                      f"parent goal '{parent.id}' has no key result '{kr_id}'", _close(kr_id, [k.id for k in parent.key_results]))
    if parent is not None and period is not None:
        parent_period = s.period(parent.period)
        if parent_period and (period[0] < parent_period[0] or period[1] > parent_period[1]):
            yield _at(path, src.value_at(("period",)), "period-outside-parent",
                      f"period '{goal.period}' lies outside period '{parent.period}' of parent goal '{parent.id}'")
    seen: set[str] = set()
    for kr in goal.key_results:
        loc: Loc = ("key_results", kr.index)
        if kr.id in seen:
            yield _at(path, src.value_at(loc + ("id",)), "duplicate-id", f"key result id '{kr.id}' appears twice in goal '{goal.id}'")
        seen.add(kr.id)
        owner_loc = loc + ("owner",) if not kr.owner_inherited else loc + ("id",)
        if kr.owner_inherited and goal.owner is None:
            yield _at(path, src.value_at(loc), "unowned", f"key result '{kr.id}' has no owner (and its goal has none to inherit)")
        elif not kr.owner_inherited:
            yield from _owner(s, path, owner_loc, kr.owner, f"key result '{goal.id}/{kr.id}'", live)
        yield from _kind_rules(path, src, loc, kr)
        if live and not _settled(kr) and not any(
            kr.id in s.work[ref].moves and s.work[ref].state in ("planned", "active") for ref in goal.work
        ):
            yield _at(path, src.value_at(loc + ("id",)), "unmoved-key-result",
                      f"no planned or active work moves key result '{goal.id}/{kr.id}'",
                      f"add a work item under {goal.directory}/ with `moves: [{kr.id}]`")


def _settled(kr: KeyResult) -> bool:
    if kr.kind == "milestone":
        return kr.done
    if kr.target is None or kr.current is None or kr.baseline is None:
        return False
    return kr.current <= kr.target if kr.falling else kr.current >= kr.target


def _kind_rules(path: str, src: SourceMap, loc: Loc, kr: KeyResult) -> Iterator[Finding]:
    # Fields whose bad value was dropped (already reported) count as present.
    present = kr.fields | {k[len(loc)] for k in src.invalid if len(k) == len(loc) + 1 and k[: len(loc)] == loc}
    if kr.kind == "metric":
        for name in ("baseline", "target"):
            if name not in present:
                yield _at(path, src.value_at(loc), "kind-mismatch", f"metric key result '{kr.id}' needs a {name}",
                          "or set `kind: milestone` with `done: false`")
        if "done" in present:
            yield _at(path, src.key_at(loc + ("done",)), "kind-mismatch", f"`done` is for milestones; metric '{kr.id}' uses `current`")
        if kr.baseline is not None and kr.target is not None and kr.baseline == kr.target:
            yield _at(path, src.value_at(loc + ("target",)), "target-equals-baseline",
                      f"key result '{kr.id}' has target equal to its baseline ({_num(kr.target)}): progress is undefined")
    else:
        for name in ("baseline", "target", "current", "unit"):
            if name in present:
                yield _at(path, src.key_at(loc + (name,)), "kind-mismatch",
                          f"`{name}` is for metrics; milestone '{kr.id}' uses `done: true|false`")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _work_rules(s: Strategy, item: WorkItem) -> Iterator[Finding]:
    path, src = item.path, item.source
    goal = s.goals[item.goal_id]
    live = item.state in LIVE_WORK
    yield from _owner(s, path, ("owner",), item.owner, f"work item '{item.ref}'", live)
    for i, person in enumerate(item.contributors):
        yield from _person_ref(s, path, ("contributors", i), person, "contributor")
    kr_ids = [k.id for k in goal.key_results]
    for i, kr_id in enumerate(item.moves):
        if goal.key_result(kr_id) is None:
            yield _at(path, src.value_at(("moves", i)), "unknown-key-result",
                      f"goal '{goal.id}' has no key result '{kr_id}'", _close(kr_id, kr_ids) or f"known: {', '.join(kr_ids) or 'none'}")
    for kr_id in item.impact:
        if goal.key_result(kr_id) is None:
            yield _at(path, src.key_at(("impact", kr_id)), "unknown-key-result",
                      f"impact names key result '{kr_id}', which goal '{goal.id}' does not have", _close(kr_id, kr_ids))
    for i, ref in enumerate(item.depends_on):
        if ref not in s.work:
            near = s.nearest_work(ref)
            hint = f"did you mean '{near}'?" if near else ("refs are <goal-id>/<item-id>" if "/" not in ref else None)
            yield _at(path, src.value_at(("depends_on", i)), "unknown-dependency", f"depends_on '{ref}' is not a work item", hint)
    period = s.period(goal.period)
    if item.due is not None and period is not None and live and not (period[0] <= item.due <= period[1]):
        yield _at(path, src.value_at(("due",)), "due-outside-period",
                  f"due {item.due} lies outside period {goal.period} ({period[0]} to {period[1]}) of goal '{goal.id}'")


def _dependency_cycles(s: Strategy) -> Iterator[Finding]:
    """Report each dependency cycle once, at the first item of the cycle.

    A depth-first walk with its own stack: recursion stopped at Python's
    limit on a chain of a thousand items (an internal error where a finding
    or nothing was due), and a recursive inner function is a reference cycle
    that kept the whole strategy alive after the check.
    """
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    reported: set[frozenset[str]] = set()
    for start in sorted(s.work):
        if start in state:
            continue
        state[start] = 1
        path = [start]
        pending = [iter(s.work[start].depends_on)]
        while pending:
            dep = next(pending[-1], None)
            if dep is None:
                pending.pop()
                state[path.pop()] = 2
            elif dep not in s.work:
                continue
            elif state.get(dep) == 1:
                cycle = path[path.index(dep):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle)
                    item = s.work[first]
                    i = item.depends_on.index(next(d for d in item.depends_on if d in key))
                    loop = cycle[cycle.index(first):] + cycle[: cycle.index(first)] + [first]
                    yield _at(item.path, item.source.value_at(("depends_on", i)), "dependency-cycle",
                              "dependency cycle: " + " -> ".join(loop))
            elif dep not in state:
                state[dep] = 1
                path.append(dep)
                pending.append(iter(s.work[dep].depends_on))
