"""Derive status facts (check-ins, state and owner changes) from git history.

Every historical version of every strategy file is parsed once with the C
loader (no positions needed here) and compared with the version before it;
a change of a key result's `current` or `done` is a check-in, a change of a
work item's `state` or `owner` is an event. Files the history cannot explain
(no repository, shallow clone) leave `Facts.available` False or a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from vindaris.history import Commit, History, Version
from vindaris.model.schema import Person
from vindaris.model.strategy import GOAL_FILE, GOALS_DIR, Strategy
from vindaris.status.records import Change, CheckIn, Event, Facts, GoalFacts, ItemFacts

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_PR = re.compile(r"(?:Merge pull request #(\d+)|\(#(\d+)\)\s*$)")
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9-]+)@users\.noreply\.github\.com$")

UNCOMMITTED_NOTE = "uncommitted change in the working tree"


def people_index(people: Mapping[str, Person]) -> dict[str, str]:
    """Lower-cased email or GitHub handle -> person id."""
    index: dict[str, str] = {}
    for person in people.values():
        if person.email:
            index[person.email.lower()] = person.id
        if person.github:
            index["@" + person.github.lower()] = person.id
    return index


def author_of(commit: Commit, index: Mapping[str, str]) -> str:
    email = commit.author_email.lower()
    if email in index:
        return index[email]
    handle = _NOREPLY.match(email)
    if handle and "@" + handle.group(1).lower() in index:
        return index["@" + handle.group(1).lower()]
    return commit.author_name


def pr_number(commit: Commit) -> int | None:
    match = _PR.search(commit.subject)
    if match:
        return int(match.group(1) or match.group(2))
    return None


def _parse(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - the C *safe* loader
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _kr_values(goal: dict[str, Any] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    if not goal or not isinstance(goal.get("key_results"), list):
        return out
    for kr in goal["key_results"]:
        if not isinstance(kr, dict) or not isinstance(kr.get("id"), str):
            continue
        if kr.get("kind") == "milestone":
            out[kr["id"]] = 1.0 if kr.get("done") is True else 0.0
            continue
        value = kr.get("current", kr.get("baseline"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[kr["id"]] = float(value)
    return out


def _baselines(goal: dict[str, Any] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for kr in (goal or {}).get("key_results") or []:
        if isinstance(kr, dict) and isinstance(kr.get("id"), str):
            base = 0.0 if kr.get("kind") == "milestone" else kr.get("baseline")
            if isinstance(base, (int, float)) and not isinstance(base, bool):
                out[kr["id"]] = float(base)
    return out


def _field(doc: dict[str, Any] | None, name: str, default: str | None = None) -> str | None:
    if doc is None:
        return None
    value = doc.get(name, default)
    return value if isinstance(value, str) else default


def derive(history: History, strategy: Strategy, working: Mapping[str, bytes] | None,
           now: dt.datetime | None) -> Facts:
    """Facts for everything in `strategy`, from `history` (+ the working tree when given)."""
    if not history.available:
        return Facts(available=False, note=history.reason or "history is unavailable")
    index = people_index(strategy.people)
    facts = Facts(
        available=True, shallow=history.shallow,
        commit=history.as_of.sha if history.as_of else None,
        commit_date=history.as_of.date if history.as_of else None,
    )
    if history.shallow:
        facts.note = ("history is cut (shallow clone): trends, stalls and check-ins are computed from the commits "
                      "that are here; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in "
                      "actions/checkout)")
    wanted = {p: history.timelines[p] for p in history.timelines if p.startswith(GOALS_DIR + "/")}
    blobs = history.blobs({v.blob for versions in wanted.values() for v in versions if v.blob})
    dirty = set(history.uncommitted) if working is not None else set()

    def event(commit: Commit) -> Event:
        return Event(commit.date, commit.sha, author_of(commit, index), commit.subject, pr_number(commit))

    uncommitted_event = Event(now or dt.datetime.now(dt.timezone.utc), None, "working tree", UNCOMMITTED_NOTE) if dirty else None
    goal_paths = {g.path: g.id for g in strategy.goals.values()}
    item_paths = {w.path: w.ref for w in strategy.work.values()}
    for path in sorted(set(goal_paths) | set(item_paths)):
        versions: list[tuple[Event, bytes | None, str]] = [
            (event(v.commit), blobs.get(v.blob) if v.blob else None, v.path) for v in wanted.get(path, ())
        ]
        if path in dirty and working is not None and uncommitted_event is not None:
            versions.append((uncommitted_event, working.get(path), path))
            facts.uncommitted = True
        if path in goal_paths:
            _goal_facts(facts, goal_paths[path], versions)
        else:
            _item_facts(facts, item_paths[path], path, versions)
    facts.events.sort(key=lambda e: (_order(e[2]), e[0], e[1]))
    return facts


def _order(what: Change | CheckIn) -> tuple[dt.datetime, str]:
    return what.event.date, what.event.commit or "~"


def _goal_facts(facts: Facts, goal_id: str, versions: list[tuple[Event, bytes | None, str]]) -> None:
    gf = facts.goals.setdefault(goal_id, GoalFacts())
    previous: dict[str, Any] | None = None
    for ev, raw, _path in versions:
        doc = _parse(raw)
        if doc is None:
            previous = None if raw is None else previous
            continue
        if gf.created is None:
            gf.created = ev
            facts.events.append(("goal-created", goal_id, Change(ev, "state", None, _field(doc, "state", "active"))))
        before = _kr_values(previous) if previous is not None else _baselines(doc)
        for kr_id, value in _kr_values(doc).items():
            old = before.get(kr_id)
            if old is None and previous is not None:
                old = _baselines(doc).get(kr_id)
            if old is not None and value == old:
                continue
            checkin = CheckIn(ev, value, old)
            facts.checkins.setdefault(f"{goal_id}/{kr_id}", []).append(checkin)
            facts.events.append(("checkin", f"{goal_id}/{kr_id}", checkin))
        if previous is not None:
            for name, default in (("owner", None), ("state", "active")):
                old_v, new_v = _field(previous, name, default), _field(doc, name, default)
                if old_v != new_v:
                    change = Change(ev, name, old_v, new_v)
                    gf.changes.append(change)
                    facts.events.append((f"goal-{name}", goal_id, change))
        previous = doc


def _item_facts(facts: Facts, ref: str, current: str, versions: list[tuple[Event, bytes | None, str]]) -> None:
    item = facts.items.setdefault(ref, ItemFacts())
    previous: dict[str, Any] | None = None
    for ev, raw, path in versions:
        item.last_touched = ev
        if ev.author not in item.touched_by:
            item.touched_by.append(ev.author)
        doc = _parse(raw)
        if doc is None:
            previous = None if raw is None else previous
            continue
        if item.created is None:
            item.created = ev
            state = _field(doc, "state", "planned")
            created = Change(ev, "state", None, state)
            facts.events.append(("work-created", ref, created))
            if state != "planned":
                item.changes.append(created)
        if path != current and item.moved_from is None:
            item.moved_from = path
        if previous is not None:
            for name, default in (("state", "planned"), ("owner", None)):
                old_v, new_v = _field(previous, name, default), _field(doc, name, default)
                if old_v != new_v:
                    change = Change(ev, name, old_v, new_v)
                    item.changes.append(change)
                    facts.events.append((f"work-{name}", ref, change))
        previous = doc
