"""Derive status facts (check-ins, state and owner changes) from git history.

Every historical version of every strategy file is summarised once (see
:mod:`vindaris.status.summary`; cached by blob sha) and compared with the
version before it;
a change of a key result's `current` or `done` is a check-in, a change of a
work item's `state` or `owner` is an event. Files the history cannot explain
(no repository, shallow clone) leave `Facts.available` False or a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

from vindaris.history import SHALLOW_HINT, Commit, History
from vindaris.keepalive import keep
from vindaris.model.schema import Person
from vindaris.model.strategy import Strategy
from vindaris.status.records import Change, CheckIn, Event, Facts, GoalFacts, ItemFacts
from vindaris.status.summaries import Prefetch, Summaries
from vindaris.status.summary import Summary, summarize_goal, summarize_work

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


# The subjects Vindaris' own commands write (`checkin(grow/arr): 250 -> 300`,
# `new(grow/ship): Ship it`): for those, what the author said (--note) is the
# body. A person's own `checkin(grow/arr): 340 after the renewals` is not one.
_OWN_SUBJECT = re.compile(r"^(?:(?:checkin|work|move)\([^)\n]+\): [^\n]* -> [^\n]*|new\([^)\n]+\): [^\n]*)$")


def generated(note: str) -> bool:
    """A subject Vindaris wrote, which only repeats the change (the report shows no note then)."""
    return _OWN_SUBJECT.match(note) is not None


def note_of(commit: Commit) -> str:
    """What a commit says about the change it makes: the first paragraph of
    the body of a commit Vindaris made (the author's --note; its subject only
    repeats the change), else the subject."""
    if generated(commit.subject):
        paragraph = commit.body.strip().split("\n\n", 1)[0]
        words = " ".join(line.strip() for line in paragraph.splitlines() if line.strip())
        if words:
            return words
    return commit.subject


def pr_number(commit: Commit) -> int | None:
    match = _PR.search(commit.subject)
    if match:
        return int(match.group(1) or match.group(2))
    return None


def merged_prs(commits: Sequence[Commit], tip: str | None) -> dict[str, int]:
    """Sha -> number of the pull request whose merge commit brought it onto `tip`'s branch.

    GitHub's "Merge pull request #7" merge adds no version of a file when it
    changes nothing itself, so the change belongs to the branch's commit; the
    pull request is the first merge on the first-parent chain that reaches it.
    """
    by_sha = {c.sha: c for c in commits}
    mainline: set[str] = set()
    sha = tip
    while sha in by_sha and sha not in mainline:
        mainline.add(sha)
        sha = by_sha[sha].parents[0] if by_sha[sha].parents else None
    out: dict[str, int] = {}
    for commit in commits:  # oldest first: an earlier merge claims a commit first
        pr = pr_number(commit) if commit.sha in mainline and commit.is_merge else None
        if pr is None:
            continue
        todo = list(commit.parents[1:])
        while todo:
            sha = todo.pop()
            if sha in mainline or sha in out or sha not in by_sha:
                continue
            out[sha] = pr
            todo.extend(by_sha[sha].parents)
    return out


def derive(history: History, strategy: Strategy, working: Mapping[str, bytes] | None,
           now: dt.datetime | None, prefetch: Prefetch | None = None) -> Facts:
    """Facts for everything in `strategy`, from `history` (+ the working tree when given).

    `prefetch`: the sink that was given to `open_history` as its read-ahead.
    """
    if not history.available:
        note = history.reason or "history is unavailable"
        if history.shallow:
            # "No commits before that date" is untrue in a shallow clone: they
            # were cut off (CONVENTIONS.md: never silent on a shallow clone).
            note = f"{note}: {SHALLOW_HINT}"
        return Facts(available=False, note=note, shallow=history.shallow)
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
    goal_paths = {g.path: g.id for g in strategy.goals.values()}
    item_paths = {w.path: w.ref for w in strategy.work.values()}
    wanted = {p: history.timelines.get(p, ()) for p in sorted(set(goal_paths) | set(item_paths))}
    dirty = set(history.uncommitted) if working is not None else set()
    needed: dict[str, Callable[[bytes], Summary]] = {}
    made_from: dict[str, str] = {}  # a version's blob -> its parent's, for reading by difference
    for path, timeline in wanted.items():
        summarize = summarize_goal if path in goal_paths else summarize_work
        for v in timeline:
            for blob in (*v.before, v.blob):
                if blob:
                    needed.setdefault(blob, summarize)
            if v.blob and len(v.before) == 1 and v.before[0]:
                made_from.setdefault(v.blob, v.before[0])
        if path in dirty and path in history.files:
            needed.setdefault(history.files[path], summarize)
    position = {c.sha: i for i, c in enumerate(history.commits)}
    merged = merged_prs(history.commits, history.as_of.sha if history.as_of else None)

    def made(commit: Commit) -> Event:
        return Event(commit.date, commit.sha, author_of(commit, index), note_of(commit),
                     pr_number(commit) or merged.get(commit.sha), position.get(commit.sha, len(position)))

    # Every commit's event is made before the summaries are waited for: on a
    # cold run a prefetch's worker is still summarising the oldest versions,
    # and this process would otherwise sit idle meanwhile.
    authors: dict[str, Event] = {c.sha: made(c) for c in history.commits}
    summaries = Summaries(history, needed, made_from, prefetch=prefetch)

    def event(commit: Commit) -> Event:
        if commit.sha not in authors:
            authors[commit.sha] = made(commit)
        return authors[commit.sha]

    # Uncommitted edits happen "today": stamped with the day, not the second,
    # so the same working tree gives the same bytes all day (and sorts after
    # every commit by its graph position, not by this stamp).
    today = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).date()
    uncommitted_event = Event(dt.datetime.combine(today, dt.time.min, dt.timezone.utc), None, "working tree",
                              UNCOMMITTED_NOTE, None, len(position) + 1)
    # In a shallow clone the oldest commits here have lost their parents: a
    # file they hold was not added there, it was already there before the cut.
    # Its values there are where reading starts, not changes (compared with
    # themselves), or every value away from its baseline would be a check-in
    # invented at the cut.
    cut = {c.sha for c in history.commits if not c.parents} if history.shallow else set()
    for path, timeline in wanted.items():
        summarize = summarize_goal if path in goal_paths else summarize_work
        summary_of = summaries.get
        versions: list[_Seen] = [
            (event(v.commit), summary_of(v.blob), v.path, v.blob is None,
             [summary_of(v.blob)] if v.commit.sha in cut
             else [summary_of(b) for b in v.before] if v.before else None)
            for v in timeline
        ]
        if path in dirty and working is not None:
            raw = working.get(path)
            versions.append((uncommitted_event, summarize(raw) if raw is not None else None, path, raw is None,
                             [summary_of(history.files.get(path))]))
            facts.uncommitted = True
        if path in goal_paths:
            _goal_facts(facts, goal_paths[path], versions)
        else:
            _item_facts(facts, item_paths[path], path, versions)
    summaries.save()
    keep("derive", summaries, needed, made_from, wanted, position)  # not freed one by one (vindaris/keepalive.py)
    # Graph order, not dates (which can lie); integers sort fast on 100k events.
    facts.events.sort(key=lambda e: (e[2].event.seq, e[0], e[1]))
    return facts


# One version as facts see it: its event, its summary, its path, whether it
# is a deletion, and the summaries of the file in the commit's parents (None:
# not known, compare with the version before it in the timeline).
_Seen = tuple[Event, Summary, str, bool, "list[Summary] | None"]


def _changed(new: object, olds: list[object]) -> bool:
    """A value changed in a commit only if it differs from every parent's: a
    merge that brings in a branch's value repeats a change, it does not make one."""
    if len(olds) == 1:  # all but merges; called for every field of every version
        return new != olds[0]
    return bool(olds) and all(new != old for old in olds)


def _goal_facts(facts: Facts, goal_id: str, versions: list[_Seen]) -> None:
    gf = facts.goals.setdefault(goal_id, GoalFacts())
    previous: Summary = None
    gone: Summary = None  # the last version before the file was deleted
    for ev, summary, _path, deleted, parents in versions:
        if summary is None:
            if deleted:
                gone = previous if previous is not None else gone
                previous = None
            continue
        owner, state, values, baselines = summary
        state = state or "active"
        if gf.created is None:
            gf.created = ev
            facts.events.append(("goal-created", goal_id, Change(ev, "state", None, state)))
        if parents is None:
            parents = [previous]
        if gone is not None and all(p is None for p in parents):
            # Restored after a deletion: the values come back, they are not
            # new from the baseline; compare with the ones the file had.
            parents = [gone]
        added = gf.added
        for kr_id, _value in values:
            if kr_id not in added:
                added[kr_id] = ev
        base = dict(baselines)
        # A key result new in this commit is compared with its own baseline.
        olds = [dict(p[2]) if p is not None else base for p in parents]
        for kr_id, value in values:
            if len(olds) == 1:  # all but merges: the same test, without the lists
                first = olds[0].get(kr_id, base.get(kr_id))
                if first is None or value == first:
                    continue  # no baseline to compare with, or no change
            else:
                before = [o.get(kr_id, base.get(kr_id)) for o in olds]
                if before and before[0] is None and all(b is None for b in before):
                    continue  # no baseline to compare with
                if not _changed(value, before):
                    continue
                first = before[0]
            checkin = CheckIn(ev, value, first)
            ref = f"{goal_id}/{kr_id}"
            facts.checkins.setdefault(ref, []).append(checkin)
            facts.events.append(("checkin", ref, checkin))
        present = [p for p in parents if p is not None]
        for name, i, new_v, default in (("owner", 0, owner, None), ("state", 1, state, "active")):
            olds_v = [p[i] or default for p in present]
            if _changed(new_v, olds_v):
                change = Change(ev, name, olds_v[0], new_v)
                gf.changes.append(change)
                facts.events.append((f"goal-{name}", goal_id, change))
        previous = summary


def _item_facts(facts: Facts, ref: str, current: str, versions: list[_Seen]) -> None:
    item = facts.items.setdefault(ref, ItemFacts())
    previous: Summary = None
    for ev, summary, path, deleted, parents in versions:
        item.last_touched = ev
        if ev.author not in item.touched_by:
            item.touched_by.append(ev.author)
        if summary is None:
            if deleted:
                previous = None
            continue
        state, owner = summary[0] or "planned", summary[1]
        if item.created is None:
            item.created = ev
            created = Change(ev, "state", None, state)
            facts.events.append(("work-created", ref, created))
            if state != "planned":
                item.changes.append(created)
        if path != current and item.moved_from is None:
            item.moved_from = path
        if parents is None:
            parents = [previous]
        present = [p for p in parents if p is not None]
        if len(present) == 1:  # all but merges: the loop below, unrolled
            old_state, old_owner = present[0][0] or "planned", present[0][1] or None
            if state != old_state:
                change = Change(ev, "state", old_state, state)
                item.changes.append(change)
                facts.events.append(("work-state", ref, change))
            if owner != old_owner:
                change = Change(ev, "owner", old_owner, owner)
                item.changes.append(change)
                facts.events.append(("work-owner", ref, change))
        else:
            for name, i, new_v, default in (("state", 0, state, "planned"), ("owner", 1, owner, None)):
                olds_v = [p[i] or default for p in present]
                if _changed(new_v, olds_v):
                    change = Change(ev, name, olds_v[0], new_v)
                    item.changes.append(change)
                    facts.events.append((f"work-{name}", ref, change))
        previous = summary
