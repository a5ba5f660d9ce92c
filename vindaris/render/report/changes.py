"""What changed in a week: the status facts' events inside it, as page rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from vindaris.render.report.format import anchor, day, number, short
from vindaris.render.report.view import ChangeRow, Changes
from vindaris.status.facts import generated
from vindaris.status.records import Change, CheckIn, Event, KeyResultStatus, Status

#: Above this many rows the section folds away in HTML (the attention list and
#: the headline must stay on the first screen of a big organisation's page).
FOLD_AFTER = 40

_WORK_VERB = {"active": "started", "blocked": "blocked", "done": "finished", "dropped": "dropped",
              "planned": "back to planned"}
_GOAL_VERB = {"achieved": "achieved", "missed": "missed", "dropped": "dropped", "active": "reopened"}


def week_changes(status: Status, start: dt.datetime, end: dt.datetime, who: Callable[[str], str]) -> Changes:
    """Rows for every event dated in [start, end], oldest first, split by what changed.

    `who` turns an event's author (a person id, or a git name) into a display name.
    """
    goals = {g.id: g for g in status.goals}
    krs = {k.ref: k for g in status.goals for k in g.key_results}
    work = {w.ref: w for g in status.goals for w in g.work}
    checkins: list[ChangeRow] = []
    items: list[ChangeRow] = []
    goal_rows: list[ChangeRow] = []
    for kind, ref, what in status.facts.events:
        if not start <= what.event.date <= end:
            continue
        row = partial(_row, what.event, ref, who)

        if kind == "checkin" and isinstance(what, CheckIn):
            kr = krs.get(ref)
            old, new = _values(kr, what)
            checkins.append(row("checkin", "checked in", kr.title if kr else ref,
                                anchor("kr", ref) if kr else None, old, new))
        elif kind.startswith("work-") and isinstance(what, Change):
            w = work.get(ref)
            title, link = (w.title, anchor("work", ref)) if w else (ref, None)
            if kind == "work-created":
                items.append(row("work", "created", title, link, None, what.new))
            elif kind == "work-state":
                verb = "unblocked" if what.old == "blocked" and what.new == "active" else _WORK_VERB.get(
                    what.new or "", f"now {what.new}")
                items.append(row("work", verb, title, link, what.old, what.new))
            else:
                items.append(row("work", "new owner", title, link, _person(what.old, who), _person(what.new, who)))
        elif kind.startswith("goal-") and isinstance(what, Change):
            g = goals.get(ref)
            title, link = (g.title, anchor("goal", ref)) if g else (ref, None)
            if kind == "goal-created":
                goal_rows.append(row("goal", "new goal", title, link, None, what.new))
            elif kind == "goal-state":
                verb = _GOAL_VERB.get(what.new or "", f"now {what.new}")
                goal_rows.append(row("goal", verb, title, link, what.old, what.new))
            else:
                goal_rows.append(row("goal", "new owner", title, link, _person(what.old, who), _person(what.new, who)))
    total = len(checkins) + len(items) + len(goal_rows)
    return Changes(tuple(checkins), tuple(items), tuple(goal_rows), total, total > FOLD_AFTER)


def _row(ev: Event, ref: str, who: Callable[[str], str], group: str, verb: str, title: str, link: str | None,
         old: str | None, new: str | None) -> ChangeRow:
    return ChangeRow(date=day(ev.date) or "", kind=group, verb=verb, ref=ref, title=title, anchor=link,
                     old=old, new=new, note="" if generated(ev.note) else ev.note, who=who(ev.author),
                     commit=short(ev.commit), pr=ev.pr)


def _person(pid: str | None, who: Callable[[str], str]) -> str:
    return who(pid) if pid else "nobody"


def _values(kr: KeyResultStatus | None, checkin: CheckIn) -> tuple[str | None, str]:
    if kr is not None and kr.kind == "milestone":
        old = None if checkin.previous is None else ("done" if checkin.previous else "not done")
        return old, "done" if checkin.value else "not done"
    unit = kr.unit if kr else None
    return (None if checkin.previous is None else number(checkin.previous, unit)), number(checkin.value, unit)
