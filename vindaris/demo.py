"""A demo strategy repository with a quarter of backdated history (`vindaris demo`).

The last commit holds exactly the files of a source strategy (by default the
bundled Kestrel Metrics example). Every earlier version of a file is the
final file with only its `state:`, `current:` or `done:` value rewritten in
place, and a file appears in the commit that creates it; so each commit reads
as a key-result check-in or a work item changing state, and each one passes
`vindaris check`. Dates, identities and the commit order are all fixed, so two
builds give the same HEAD sha. The story of the bundled example is written
out in :mod:`vindaris.story` (see examples/strategy/README.md); any
other source gets a plain, deterministic history derived from its final
states and due dates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from vindaris.check import run_check
from vindaris.errors import UsageError
from vindaris.findings import Severity
from vindaris.history.fastimport import NewCommit, write_history
from vindaris.history.writes import init_repository
from vindaris.model.strategy import Goal, KeyResult, Strategy, WorkItem
from vindaris.story import ITEM_STORY, KR_STORY, PR_TITLES

#: Quarter planning on the Monday before Q4, the last commit on the Tuesday
#: the example's files describe (README: "as it looks on 2026-11-24").
PLAN_DAY = dt.date(2026, 9, 28)
LAST_DAY = dt.date(2026, 11, 24)

FIRST_PR = 4
GITHUB = ("GitHub", "noreply@github.com")

Loc = tuple[str | int, ...]
_TOKEN = re.compile(r"[-+.\w]+")
_EVENT = re.compile(r"(\d\d-\d\d) (\S+)(?: pr:(\S+))?(?: (.+))?")


@dataclass(frozen=True)
class DemoSummary:
    target: Path
    commits: int
    first: dt.date
    last: dt.date
    head: str


def bundled_example() -> Path:
    """The Kestrel Metrics example: installed as `vindaris.example_data`, or next to a source checkout."""
    spec = importlib.util.find_spec("vindaris.example_data")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "vindaris.yaml").is_file():
            return Path(location)
    return Path(__file__).resolve().parent.parent / "examples" / "strategy"


def build_demo(target: Path, source: Path | None = None) -> DemoSummary:
    """Create a new git repository at `target` whose history ends in the files of `source`."""
    source = source or bundled_example()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not an empty directory; name a new one")
    if not (source / "vindaris.yaml").is_file():
        raise UsageError(f"{source} is not a strategy root: it has no vindaris.yaml")
    checked = run_check(source)
    errors = sum(f.severity is Severity.ERROR for f in checked.findings)
    if errors:
        raise UsageError(f"{source} has {errors} check error(s) (see `vindaris check -C {source}`); "
                         "the demo needs a strategy that passes")
    files = {p.relative_to(source).as_posix(): p.read_bytes() for p in sorted(source.rglob("*"))
             if p.is_file() and not {".git", "__pycache__"} & set(p.relative_to(source).parts)}
    commits = _Story(checked.strategy, files).commits()
    target.mkdir(parents=True, exist_ok=True)
    init_repository(target)
    head = write_history(target, _history(commits, files))
    return DemoSummary(target, len(commits), commits[0].when.date(), commits[-1].when.date(), head)


# --- the story: which value changes when ------------------------------------


@dataclass(frozen=True)
class _Slot:
    """One value the history rewrites: its place in the final file and its final text."""

    path: str
    loc: Loc
    line: int  # 0-based
    start: int
    end: int
    final: str


@dataclass(frozen=True)
class _Event:
    day: dt.date
    value: str
    branch: str | None = None
    note: str = ""


@dataclass(frozen=True)
class _Change:
    path: str
    create: bool = False
    slots: tuple[tuple[_Slot, str | None], ...] = ()  # None: back to the final text


@dataclass
class _Commit:
    when: dt.datetime
    author: tuple[str, str]
    subject: str
    body: str = ""
    changes: list[_Change] = field(default_factory=list)
    branch: str | None = None
    merge: int | None = None  # the PR number, on a merge commit
    committer: tuple[str, str] | None = None


class _Story:
    """Plans every commit of the demo history for one source strategy."""

    def __init__(self, strategy: Strategy, files: Mapping[str, bytes]) -> None:
        self.s = strategy
        self.files = files
        self.lines = {path: raw.decode("utf-8").split("\n") for path, raw in files.items()
                      if path.endswith(".yaml")}
        org = strategy.config.organization if strategy.config else ""
        self.org_slug = re.sub(r"[^a-z0-9]+", "-", (org.split() or ["team"])[0].lower()).strip("-") or "team"

    def identity(self, person_id: str | None) -> tuple[str, str]:
        person = self.s.people.get(person_id or "")
        if person is None:
            return ("Vindaris demo", "demo@example.invalid")
        name = re.sub(r"[<>\n]", "", person.name)
        return (name, person.email or f"{person.id}@example.invalid")

    def slot(self, path: str, loc: Loc, source_values: Mapping[Loc, tuple[int, int]]) -> _Slot | None:
        if loc not in source_values or path not in self.lines:
            return None
        line, col = source_values[loc]
        match = _TOKEN.match(self.lines[path][line - 1], col - 1)
        if not match:
            return None  # quoted or tagged: leave the value as it is
        return _Slot(path, loc, line - 1, match.start(), match.end(), match.group())

    # items ---------------------------------------------------------------

    def item_events(self, item: WorkItem, script: bool = True) -> list[_Event]:
        """The item's states, oldest first; the first event creates its file."""
        goal = self.s.goals[item.goal_id]
        owner = self.s.people.get(item.owner or "")
        # Closed goals, last quarter's work and work of people who have left
        # stay as they are: made live, they would fail check (inactive-owner).
        settled = (goal.state != "active" or (owner is not None and not owner.active)
                   or (item.due is not None and item.due < PLAN_DAY))
        if settled or self.item_slot(item) is None:
            return [_Event(PLAN_DAY, item.state)]
        scripted = _parse(ITEM_STORY.get(item.ref, "")) if script else []
        if scripted and scripted[-1].value == item.state and _increasing(scripted) and all(
                e.value in ("planned", "active", "blocked", "done", "dropped") for e in scripted) and all(
                a.value != b.value for a, b in pairwise(scripted)):
            return scripted
        return _generic_item(item)

    def item_slot(self, item: WorkItem) -> _Slot | None:
        found = self.slot(item.path, ("state",), item.source.values)
        return found if found and found.final == item.state else None

    # key results ---------------------------------------------------------

    def kr_slot(self, goal: Goal, kr: KeyResult) -> _Slot | None:
        name = "done" if kr.kind == "milestone" else "current"
        found = self.slot(goal.path, ("key_results", kr.index, name), goal.source.values)
        if found is None or goal.state != "active":
            return None
        if kr.kind == "milestone":
            return found if found.final == ("true" if kr.done else "false") else None
        return found if _num(found.final) == kr.current else None

    def kr_events(self, goal: Goal, kr: KeyResult, finished: Iterable[dt.date]) -> tuple[str, list[_Event]]:
        """The key result's first text and its check-ins."""
        slot = self.kr_slot(goal, kr)
        if slot is None:
            return "", []
        if kr.kind == "milestone":
            if slot.final != "true":
                return slot.final, []
            # Reached the workday after the last work moving it was done.
            day = _workday(max(finished, default=LAST_DAY - dt.timedelta(days=15)) + dt.timedelta(days=1))
            return "false", [_Event(min(day, LAST_DAY), "true")]
        decimals = max(_decimals(self.slot(goal.path, ("key_results", kr.index, k), goal.source.values))
                       for k in ("baseline", "target", "current"))
        first = _fmt(kr.baseline or 0.0, decimals)
        scripted = _parse(KR_STORY.get(kr.ref, ""))
        values = [_num(e.value) for e in scripted]
        if scripted and None not in values and values[-1] == kr.current and _increasing(scripted) and all(
                a != b for a, b in pairwise([kr.baseline, *values])):
            return first, scripted
        if kr.current == kr.baseline or kr.current is None or kr.baseline is None:
            return first, []
        return first, _generic_checkins(kr, decimals, slot.final)

    # commits -------------------------------------------------------------

    def commits(self) -> list[_Commit]:
        """Every commit, oldest first: the plan, check-ins, state changes, and merges of the PR branches."""
        items = {w.path: w for w in sorted(self.s.work.values(), key=lambda w: w.path)}
        events = {w.ref: self.item_events(w) for w in items.values()}
        self.settle_dependencies(events)
        later: list[_Commit] = []
        first_values: dict[str, list[tuple[_Slot, str | None]]] = {}
        for goal in sorted(self.s.goals.values(), key=lambda g: g.path):
            for kr in goal.key_results:
                finished = [events[r][-1].day for r in goal.work
                            if events[r][-1].value == "done" and kr.id in self.s.work[r].moves]
                slot = self.kr_slot(goal, kr)
                old, checkins = self.kr_events(goal, kr, finished)
                if slot is None or not checkins:
                    continue
                first_values.setdefault(goal.path, []).append((slot, _unless_final(old, slot)))
                for e in checkins:
                    later.append(_Commit(
                        _at(e.day, 9, 5 + _hash(kr.ref, e.value) % 150), self.identity(kr.owner or goal.owner),
                        f"checkin({kr.ref}): {old} -> {e.value}", e.note,
                        [_Change(goal.path, slots=((slot, _unless_final(e.value, slot)),))]))
                    old = e.value
        plan: list[_Change] = []
        for path in sorted(self.files):
            item = items.get(path)
            if item is None:
                plan.append(_Change(path, True, tuple(first_values.get(path, ()))))
                continue
            slot = self.item_slot(item)
            evs = events[item.ref]
            initial = ((slot, _unless_final(evs[0].value, slot)),) if slot else ()
            if evs[0].day == PLAN_DAY:
                plan.append(_Change(path, True, initial))
            else:
                later.append(_Commit(
                    _at(evs[0].day, 9, 30 + _hash(item.ref, "new") % 450), self.identity(item.owner),
                    f"work({item.ref}): add as {evs[0].value}", evs[0].note, [_Change(path, True, initial)],
                    branch=evs[0].branch))
            for old_event, e in pairwise(evs):
                assert slot is not None  # only items with a state line get events
                later.append(_Commit(
                    _at(e.day, 9, 30 + _hash(item.ref, e.value) % 450), self.identity(item.owner),
                    f"work({item.ref}): {old_event.value} -> {e.value}", e.note,
                    [_Change(path, slots=((slot, _unless_final(e.value, slot)),))], branch=e.branch))
        subject, body = self.plan_message(events)
        first = _Commit(_at(PLAN_DAY, 10, 0), self.identity(self.planner()), subject, body, plan)
        return [first, *_with_merges(later, self.org_slug)]

    def settle_dependencies(self, events: dict[str, list[_Event]]) -> None:
        """Create no item before the items it depends on (`unknown-dependency` otherwise)."""
        changed = True
        while changed:
            changed = False
            for item in self.s.work.values():
                for dep in item.depends_on:
                    if dep not in events:
                        continue
                    mine, theirs = events[item.ref][0].day, events[dep][0].day
                    if theirs > mine or (theirs == mine != PLAN_DAY):
                        late = item if mine != PLAN_DAY else self.s.work[dep]
                        events[late.ref] = self.item_events(late, script=False)
                        changed = True

    def planner(self) -> str | None:
        return next((p.id for p in self.s.people.values() if p.active), None)

    def plan_message(self, events: Mapping[str, list[_Event]]) -> tuple[str, str]:
        config = self.s.config
        start = PLAN_DAY + dt.timedelta(days=7)
        period = next((p.id for p in config.periods if p.start <= start <= p.end), None) if config else None
        planned = sum(evs[0].day == PLAN_DAY for evs in events.values())
        krs = sum(len(g.key_results) for g in self.s.goals.values())
        subject = f"Plan {period or 'the quarter'}: goals, key results and work"
        return subject, (f"{len(self.s.goals)} goals with {krs} key results and {planned} work items.\n"
                         "From here on, every check-in and every change of state is a commit of its own.")


def _parse(script: str) -> list[_Event]:
    events = []
    for part in filter(None, (p.strip() for p in script.split(";"))):
        match = _EVENT.fullmatch(part)
        if match is None:
            raise ValueError(f"bad story event {part!r}")
        month, day = match[1].split("-")
        events.append(_Event(dt.date(PLAN_DAY.year, int(month), int(day)), match[2], match[3], match[4] or ""))
    return events


def _increasing(events: list[_Event]) -> bool:
    days = [e.day for e in events]
    return PLAN_DAY <= days[0] and days[-1] <= LAST_DAY and all(a < b for a, b in pairwise(days))


def _generic_item(item: WorkItem) -> list[_Event]:
    """A plain history for an item the story does not script, from its final state and due date."""
    h = _hash(item.ref)
    plan = _Event(PLAN_DAY, "planned")
    first_workday = PLAN_DAY + dt.timedelta(days=1)
    if item.state == "active":
        return [plan, _Event(_recent(h), "active")]
    if item.state == "done":
        due = item.due or PLAN_DAY + dt.timedelta(days=14 + h % 42)
        finish = _workday(min(due - dt.timedelta(days=h % 3), LAST_DAY), back=True)
        finish = max(finish, PLAN_DAY + dt.timedelta(days=3))
        start = max(first_workday, _workday(finish - dt.timedelta(days=5 + h % 9), back=True))
        return [plan, _Event(start, "active"), _Event(finish, "done", f"finish-{item.goal_id}-{item.id}")]
    if item.state == "blocked":
        start = _workday(PLAN_DAY + dt.timedelta(days=14 + h % 14))
        return [plan, _Event(start, "active"), _Event(_workday(start + dt.timedelta(days=7 + h % 7)), "blocked")]
    if item.state == "dropped":
        return [plan, _Event(_workday(PLAN_DAY + dt.timedelta(days=10 + h % 40)), "dropped")]
    return [plan]


def _recent(h: int) -> dt.date:
    """A workday in the last nine days: recent enough that an active item does not look stalled."""
    days = [d for d in (LAST_DAY - dt.timedelta(days=n) for n in range(9)) if d.weekday() < 5]
    return days[h % len(days)]


def _generic_checkins(kr: KeyResult, decimals: int, final: str) -> list[_Event]:
    """Every other week, ending in the last week, from the baseline to the final value."""
    assert kr.baseline is not None and kr.current is not None
    h = _hash(kr.ref)
    monday = LAST_DAY - dt.timedelta(days=LAST_DAY.weekday())
    step = (kr.current - kr.baseline) / 4
    events: list[_Event] = []
    previous = _fmt(kr.baseline, decimals)
    for n in (1, 2, 3, 4):
        day = min(monday - dt.timedelta(weeks=2 * (4 - n)) + dt.timedelta(days=h % 2), LAST_DAY)
        wobble = ((_hash(kr.ref, str(n)) % 5) - 2) / 10 if n < 4 else 0.0
        text = final if n == 4 else _fmt(kr.baseline + step * (n + wobble), decimals)
        if text != previous:
            events.append(_Event(day, text))
            previous = text
    return events


def _hash(*parts: str) -> int:
    """A stable number per name: the story varies by item without randomness."""
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16)


def _workday(day: dt.date, back: bool = False) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=-1 if back else 1)
    return day


def _at(day: dt.date, hour: int, minutes: int) -> dt.datetime:
    """Local time in Amsterdam: CEST until the last Sunday of October, CET after."""
    october_end = dt.date(day.year, 10, 31)
    summer_ends = october_end - dt.timedelta(days=(october_end.weekday() + 1) % 7)
    tz = dt.timezone(dt.timedelta(hours=2 if day < summer_ends else 1))
    return dt.datetime.combine(day, dt.time(hour), tz) + dt.timedelta(minutes=minutes)


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _unless_final(text: str, slot: _Slot) -> str | None:
    """The text to write for a value, or None where it equals the final value (the file's own bytes)."""
    a, b = _num(text), _num(slot.final)
    same = a == b if a is not None and b is not None else text == slot.final
    return None if same else text


def _decimals(slot: _Slot | None) -> int:
    if slot is None or _num(slot.final) is None or "." not in slot.final:
        return 0
    return len(slot.final.split(".")[1])


def _fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _with_merges(commits: list[_Commit], org_slug: str) -> list[_Commit]:
    """Order the commits by time and close every PR branch with a GitHub merge commit."""
    commits = sorted(commits, key=lambda c: (c.when, c.subject))
    branches: dict[str, list[_Commit]] = {}
    for c in commits:
        if c.branch is not None:
            branches.setdefault(c.branch, []).append(c)
    merges = sorted((_Commit(own[-1].when + dt.timedelta(minutes=20 + _hash(name) % 60), own[0].author, "",
                             PR_TITLES.get(name, own[0].subject), branch=name, merge=0, committer=GITHUB)
                     for name, own in branches.items()), key=lambda m: m.when)
    number = FIRST_PR
    for m in merges:  # PR numbers rise with merge time, with gaps for other PRs
        m.merge, m.subject = number, f"Merge pull request #{number} from {org_slug}/{m.branch}"
        number += 1 + _hash(str(m.branch)) % 3
    ordered = sorted(commits + merges, key=lambda c: (c.when, c.merge is not None, c.subject))
    for previous, c in pairwise(ordered):  # one commit a minute: date order is history order
        if c.when <= previous.when:
            c.when = previous.when + dt.timedelta(minutes=1)
    return ordered


# --- from commits to files ----------------------------------------------------

State = dict[str, dict[_Slot, str]]  # path of every file that exists -> its rewritten values


def _history(commits: list[_Commit], files: Mapping[str, bytes]) -> list[NewCommit]:
    """The commits with their parents and file contents, ready for fast-import.

    A PR branch forks from main when its first commit is made; its merge
    applies all the branch's changes on top of main as it is by then.
    """
    out: list[NewCommit] = []
    main: State = {}
    main_tip: int | None = None
    branches: dict[str, tuple[int, State, list[_Change]]] = {}  # name -> tip, state, all its changes
    for n, c in enumerate(commits):
        parents: tuple[int, ...]
        if c.merge is not None:
            tip, _, changes = branches.pop(str(c.branch))
            state, parents = _apply(main, changes), (_tip(main_tip), tip)
        elif c.branch is not None:
            tip, base, so_far = branches.get(c.branch, (_tip(main_tip), main, []))
            changes, state, parents = c.changes, _apply(base, c.changes), (tip,)
            branches[c.branch] = (n, state, so_far + c.changes)
        else:
            changes, state = c.changes, _apply(main, c.changes)
            parents = () if main_tip is None else (main_tip,)
        if c.branch is None or c.merge is not None:
            main, main_tip = state, n
        message = c.subject + (f"\n\n{c.body}" if c.body else "") + "\n"
        changed = sorted({ch.path for ch in changes})
        out.append(NewCommit(c.author, c.committer or c.author, c.when, message, parents,
                             tuple((path, _render(files[path], state[path])) for path in changed)))
    if branches or main != {path: {} for path in files}:
        raise AssertionError("the demo history does not end in the source files")
    return out


def _tip(mark: int | None) -> int:
    assert mark is not None, "a branch or merge before the first commit"
    return mark


def _apply(state: State, changes: Iterable[_Change]) -> State:
    new = {path: dict(values) for path, values in state.items()}
    for change in changes:
        values = new.setdefault(change.path, {}) if change.create else new[change.path]
        for slot, text in change.slots:
            if text is None:
                values.pop(slot, None)
            else:
                values[slot] = text
    return new


def _render(raw: bytes, values: Mapping[_Slot, str]) -> bytes:
    """The final file with the rewritten values put in their places."""
    if not values:
        return raw
    lines = raw.decode("utf-8").split("\n")
    for slot, text in sorted(values.items(), key=lambda kv: (kv[0].line, kv[0].start), reverse=True):
        line = lines[slot.line]
        lines[slot.line] = line[:slot.start] + text + line[slot.end:]
    return "\n".join(lines).encode("utf-8")
