#!/usr/bin/env python3
"""Generate a synthetic strategy repository with real, backdated git history.

    python bench/generate.py --size large --out bench/out/repos/large

The whole history goes through ONE `git fast-import` process: the stream
(commits, backdated author and committer dates, identities, a few merges) is
generated here in Python and written to fast-import's stdin while it runs.
Every file version is rendered in memory from a small model of the company,
so generating `large` (30,000 commits) takes seconds.

The output is deterministic: a seeded random generator and a stream that
depends on nothing else, so the same size gives the same HEAD sha on every
run and every machine (git's object ids depend only on the content).

Every commit, not only the last, is a valid strategy (`vindaris check` finds
no errors): parents exist before children, goals before their work items,
dependencies before the items that depend on them; work items only move
forward (planned -> active -> blocked/done/dropped, blocked -> active); people
leave only after everything they own is finished, and own nothing after.

Sizes (goals / work items / people / commits):

    tiny     10 /    40 /  12 /    150   for tests
    small    12 /   120 /  20 /    600   ~1/50 of large
    medium  120 / 1,200 /  60 /  6,000   ~1/5 of large
    large   600 / 6,000 / 300 / 30,000   the size of issue 6

History runs from 2024-11-25 to 2026-11-23, in quarters 2024-q4 .. 2026-q4.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, ClassVar

# Bump when the generated content changes, so cached repositories are rebuilt.
GENERATOR_VERSION = 1

DAY = 86_400
HOUR = 3_600
UTC = dt.UTC
START = int(dt.datetime(2024, 11, 25, tzinfo=UTC).timestamp())  # first commit's day
END = int(dt.datetime(2026, 11, 23, tzinfo=UTC).timestamp())  # last commit's day
LAST_COMMIT = END + 16 * HOUR  # the last check-in, 2026-11-23 16:00 UTC
FIRST_COMMIT = START + 9 * HOUR


@dataclass(frozen=True)
class Size:
    goals: int
    items: int
    people: int
    teams: int
    commits: int
    merges: int
    seed: int


SIZES: dict[str, Size] = {
    "tiny": Size(goals=10, items=40, people=12, teams=3, commits=150, merges=1, seed=11),
    "small": Size(goals=12, items=120, people=20, teams=4, commits=600, merges=2, seed=12),
    "medium": Size(goals=120, items=1200, people=60, teams=8, commits=6000, merges=6, seed=13),
    "large": Size(goals=600, items=6000, people=300, teams=20, commits=30000, merges=30, seed=14),
}

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

FIRST_NAMES = [
    ("Priya", "priya"), ("Jonas", "jonas"), ("Omar", "omar"), ("Kasia", "kasia"), ("Tomas", "tomas"),
    ("Inês", "ines"), ("Wei", "wei"), ("Arjun", "arjun"), ("Maya", "maya"), ("Lena", "lena"),
    ("Noah", "noah"), ("Sofia", "sofia"), ("Mateo", "mateo"), ("Amara", "amara"), ("Kenji", "kenji"),
    ("Zoë", "zoe"), ("Lucas", "lucas"), ("Fatima", "fatima"), ("Erik", "erik"), ("Chloé", "chloe"),
    ("Diego", "diego"), ("Hana", "hana"), ("Ravi", "ravi"), ("Olga", "olga"), ("Samuel", "samuel"),
    ("Aisha", "aisha"), ("Jürgen", "jurgen"), ("Nina", "nina"), ("Pedro", "pedro"), ("Yuki", "yuki"),
    ("Grace", "grace"), ("Ahmed", "ahmed"), ("Elif", "elif"), ("Marco", "marco"), ("Leila", "leila"),
    ("Tariq", "tariq"), ("Ingrid", "ingrid"), ("Felix", "felix"), ("Mei", "mei"), ("Oscar", "oscar"),
]
LAST_NAMES = [
    ("Nair", "nair"), ("Weber", "weber"), ("Haddad", "haddad"), ("Nowak", "nowak"), ("Lindqvist", "lindqvist"),
    ("Costa", "costa"), ("Chen", "chen"), ("Mehta", "mehta"), ("Okafor", "okafor"), ("Schmidt", "schmidt"),
    ("García", "garcia"), ("Rossi", "rossi"), ("Kowalski", "kowalski"), ("Tanaka", "tanaka"), ("Dubois", "dubois"),
    ("Novak", "novak"), ("Silva", "silva"), ("Jensen", "jensen"), ("Yilmaz", "yilmaz"), ("Murphy", "murphy"),
    ("Ivanova", "ivanova"), ("Müller", "muller"), ("Kim", "kim"), ("Osei", "osei"), ("Larsen", "larsen"),
    ("Fischer", "fischer"), ("Moreau", "moreau"), ("Patel", "patel"), ("Sato", "sato"), ("Andersen", "andersen"),
    ("O'Brien", "obrien"), ("Khan", "khan"), ("Berg", "berg"), ("Romero", "romero"), ("Virtanen", "virtanen"),
    ("Adeyemi", "adeyemi"), ("Horvat", "horvat"), ("Popescu", "popescu"), ("Dahl", "dahl"), ("Ferreira", "ferreira"),
]
TEAMS = [
    ("customer-success", "Customer Success", "+0100"), ("growth", "Growth", "+0000"),
    ("platform", "Platform Engineering", "+0100"), ("data", "Data and Analytics", "+0200"),
    ("sales-emea", "Sales EMEA", "+0100"), ("sales-americas", "Sales Americas", "-0500"),
    ("product-core", "Product: Core", "+0100"), ("product-mobile", "Product: Mobile", "-0800"),
    ("security", "Security and Compliance", "+0000"), ("finance", "Finance", "+0100"),
    ("people-ops", "People Operations", "+0000"), ("marketing", "Marketing", "-0500"),
    ("partners", "Partnerships", "+0100"), ("support", "Support", "+0530"),
    ("infra", "Infrastructure", "+0200"), ("billing", "Billing", "+0100"),
    ("design", "Design", "+0100"), ("docs", "Documentation", "+0000"),
    ("ml", "Machine Learning", "+0530"), ("apac", "APAC Expansion", "+0900"),
]
GOAL_VERBS = [
    "grow", "win", "keep", "ship", "cut", "scale", "launch", "improve", "reduce", "modernise",
    "automate", "expand", "harden", "simplify", "speed-up",
]
GOAL_OBJECTS = [
    "mid-market", "self-serve", "onboarding", "churn", "pipeline", "platform", "query-engine",
    "billing", "support", "partner-channel", "analytics", "security", "mobile", "api",
    "data-quality", "pricing", "hiring", "docs", "infra-costs", "enterprise",
]
ITEM_VERBS = [
    "migrate", "build", "launch", "rewrite", "pilot", "audit", "redesign", "automate", "document",
    "instrument", "negotiate", "hire-for", "deprecate", "localise", "benchmark", "price",
]
ITEM_OBJECTS = [
    "exports", "alerts", "dashboards", "sso", "invoices", "onboarding-emails", "trial-flow",
    "health-score", "cluster", "audit-log", "webhooks", "reseller-deals", "help-center",
    "usage-metering", "search", "mobile-sync", "status-page", "renewal-playbook", "api-keys",
    "data-retention",
]
# (id, title, unit, baseline range, relative change toward target, decimals, higher_is_better, clamp)
METRICS = [
    ("nrr", "Net revenue retention", "%", (95.0, 104.0), 0.05, 1, True, 100.0 * 2),
    ("logo-churn", "Monthly logo churn", "%", (1.4, 3.2), 0.35, 2, False, 100.0),
    ("p95-load", "p95 dashboard load time", "ms", (1500, 4200), 0.45, 0, False, None),
    ("pipeline", "Qualified pipeline", "kEUR", (400, 3200), 0.6, 0, True, None),
    ("weekly-active", "Weekly active accounts", "accounts", (800, 9000), 0.3, 0, True, None),
    ("time-to-value", "Days to first dashboard", "days", (6, 21), 0.4, 0, False, None),
    ("nps", "Net promoter score", "points", (18, 45), 0.35, 0, True, None),
    ("tickets", "Support tickets per 100 accounts", "tickets", (9.0, 24.0), 0.3, 1, False, None),
    ("trial-conversion", "Trial-to-paid conversion", "%", (8.0, 19.0), 0.3, 1, True, 100.0),
    ("uptime", "Monthly API availability", "%", (99.50, 99.85), 0.0015, 2, True, 100.0),
    ("arr", "New annual recurring revenue", "kEUR", (200, 1800), 0.7, 0, True, None),
    ("cost-per-query", "Infrastructure cost per 1k queries", "EUR", (0.8, 3.5), 0.3, 2, False, None),
    ("deploys", "Production deploys per week", "deploys", (8, 40), 0.5, 0, True, None),
    ("csat", "Support satisfaction", "%", (78.0, 91.0), 0.06, 1, True, 100.0),
    ("activation", "Accounts activated in week one", "%", (30.0, 55.0), 0.25, 1, True, 100.0),
]
MILESTONES = [
    ("soc2", "SOC 2 Type II report issued by the auditor"),
    ("germany-launch", "Generally available in Germany"),
    ("sso-ga", "Single sign-on generally available"),
    ("pricing-v3", "New pricing live for all new customers"),
    ("partner-program", "Partner program launched with three resellers"),
    ("mobile-ga", "Mobile app in both stores"),
    ("data-residency", "EU data residency available"),
]
BLOCK_REASONS = [
    "Blocked: waiting on the vendor's API change, promised for next month.",
    "Blocked: legal has not signed off the data processing terms yet.",
    "Blocked: the cluster upgrade it needs is itself blocked.",
    "Blocked: the only engineer who knows the billing code is on leave.",
    "Blocked: security review found a gap; fixing that first.",
]
DROP_REASONS = [
    "Dropped: the pilot customers did not use it; the time goes to onboarding instead.",
    "Dropped: superseded by the platform team's rewrite.",
    "Dropped: priorities changed at the quarterly review.",
    "Dropped: the partner pulled out of the deal.",
]

# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------


@dataclass
class Person:
    id: str
    name: str
    email: str
    github: str | None
    team: str
    tz: str
    hired: int | None = None  # joins people.yaml at this time (None: from the start)
    leaves: int | None = None  # marked active: false at this time
    active: bool = True


@dataclass
class Period:
    id: str
    start: int
    end: int  # the last second of the last day
    start_date: dt.date
    end_date: dt.date


@dataclass
class KeyResult:
    id: str
    title: str
    kind: str  # metric | milestone
    owner: str | None
    unit: str | None = None
    baseline: float = 0.0
    target: float = 0.0
    current: float = 0.0
    decimals: int = 0
    clamp: float | None = None
    achieve: float = 1.0  # share of the way to target reached by the period's end
    done: bool = False


@dataclass
class Goal:
    id: str
    path: str  # goals/a/b/goal.yaml's directory
    parent: Goal | None
    depth: int
    period: Period
    owner: str
    title: str
    description: str
    supports: list[str]
    krs: list[KeyResult]
    created: int = 0
    closes: int | None = None  # None: open at the end of history
    state: str = "active"
    items: list[Item] = field(default_factory=list)
    children: int = 0


@dataclass
class Item:
    id: str
    goal: Goal
    title: str
    owner: str
    moves: list[str]
    impact: dict[str, float]
    due: dt.date
    contributors: list[str]
    description: str
    depends_on: list[Item] = field(default_factory=list)
    created: int = 0
    state: str = "planned"
    reason: str | None = None
    transitions: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.goal.id}/{self.id}"

    @property
    def path(self) -> str:
        return f"{self.goal.path}/{self.id}.yaml"


# ---------------------------------------------------------------------------
# Rendering: file contents as strings
# ---------------------------------------------------------------------------


def number(value: float, decimals: int) -> str:
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}"


def unit_text(unit: str) -> str:
    return '"%"' if unit == "%" else unit


def folded(text: str, indent: str = "  ") -> str:
    """A `>` block: words wrapped at ~76 columns."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > 74:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">\n" + "".join(f"{indent}{l}\n" for l in lines)


def render_goal(goal: Goal) -> str:
    out = [f"# {goal.period.id} goal. Owner: {goal.owner}.\n", f"title: {goal.title}\n",
           f"owner: {goal.owner}\n", f"period: {goal.period.id}\n"]
    if goal.state != "active":
        out.append(f"state: {goal.state}\n")
    out.append("description: " + folded(goal.description))
    if goal.supports:
        out.append("supports:\n")
        out.extend(f"  - {s}\n" for s in goal.supports)
    out.append("key_results:\n")
    for kr in goal.krs:
        out.append(f"  - id: {kr.id}\n    title: {kr.title}\n")
        if kr.owner:
            out.append(f"    owner: {kr.owner}\n")
        if kr.kind == "milestone":
            out.append(f"    kind: milestone\n    done: {'true' if kr.done else 'false'}\n")
        else:
            out.append(
                f"    unit: {unit_text(kr.unit or '')}\n"
                f"    baseline: {number(kr.baseline, kr.decimals)}\n"
                f"    target: {number(kr.target, kr.decimals)}\n"
                f"    current: {number(kr.current, kr.decimals)}\n"
            )
    return "".join(out)


def render_item(item: Item) -> str:
    out = [f"title: {item.title}\n", f"owner: {item.owner}\n", f"state: {item.state}\n", "moves:\n"]
    out.extend(f"  - {m}\n" for m in item.moves)
    if item.impact:
        out.append("impact:\n")
        krs = {kr.id: kr for kr in item.goal.krs}
        out.extend(f"  {k}: {number(v, krs[k].decimals)}\n" for k, v in item.impact.items())
    out.append(f"due: {item.due.isoformat()}\n")
    if item.contributors:
        out.append("contributors:\n")
        out.extend(f"  - {c}\n" for c in item.contributors)
    if item.depends_on:
        out.append("depends_on:\n")
        out.extend(f"  - {d.ref}\n" for d in item.depends_on)
    text = item.description if item.reason is None else f"{item.description} {item.reason}"
    out.append("description: " + folded(text))
    return "".join(out)


def render_settings(periods: list[Period]) -> str:
    out = [
        "# Corvid Analytics: strategy settings (synthetic, generated by bench/generate.py).\n",
        "version: 1\n",
        "organization: Corvid Analytics\n",
        "\n",
        "# Quarters we plan in.\n",
        "periods:\n",
    ]
    for p in periods:
        out.append(f"  - id: {p.id}\n    start: {p.start_date.isoformat()}\n    end: {p.end_date.isoformat()}\n")
    out.append("\nstall_after_days: 14\ncheckin_every_days: 7\n")
    return "".join(out)


def yaml_text(text: str) -> str:
    """A scalar that YAML reads back as this text (quoted where a plain scalar could surprise)."""
    if any(c in text for c in ":#'\"") or text.lower() in ("yes", "no", "on", "off", "true", "false"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def render_people(people: list[Person], teams: list[tuple[str, str, str]], leads: dict[str, str]) -> str:
    out = ["# Who can own goals, key results and work items at Corvid Analytics.\n", "people:\n"]
    for p in people:
        out.append(f"  - id: {p.id}\n    name: {yaml_text(p.name)}\n    email: {p.email}\n")
        if p.github:
            out.append(f"    github: {p.github}\n")
        out.append(f"    team: {p.team}\n")
        if not p.active:
            out.append("    active: false\n")
    out.append("\nteams:\n")
    for tid, tname, _ in teams:
        out.append(f"  - id: {tid}\n    name: {yaml_text(tname)}\n    lead: {leads[tid]}\n")
    return "".join(out)


README = """# Corvid Analytics strategy (synthetic)

Generated by `bench/generate.py` in the Vindaris repository for benchmarks.
Every name, number and commit in here is made up.
"""

# ---------------------------------------------------------------------------
# The company and its plan
# ---------------------------------------------------------------------------


def quarters() -> list[Period]:
    periods = []
    year, q = 2024, 4
    while (year, q) <= (2026, 4):
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
        periods.append(Period(f"{year}-q{q}", _epoch(start), _epoch(end) + DAY - 1, start, end))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return periods


def _epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _date(t: int) -> dt.date:
    return dt.datetime.fromtimestamp(t, UTC).date()


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, largest remainders first (deterministic)."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    counts = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), -i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def tz_seconds(tz: str) -> int:
    sign = -1 if tz[0] == "-" else 1
    return sign * (int(tz[1:3]) * HOUR + int(tz[3:5]) * 60)


class Company:
    """The people, goals and work items, with the time of everything that happens to them."""

    def __init__(self, size: Size) -> None:
        self.size = size
        self.rng = random.Random(size.seed)
        self.periods = quarters()
        self._people()
        self._goals()
        self._items()
        self._closings()

    # -- people -------------------------------------------------------------

    def _people(self) -> None:
        rng, size = self.rng, self.size
        self.teams = TEAMS[: size.teams]
        names = [(f, l) for f in FIRST_NAMES for l in LAST_NAMES]
        rng.shuffle(names)
        people: list[Person] = []
        for i, ((first, fslug), (last, lslug)) in enumerate(names[: size.people]):
            tid, _, tz = self.teams[i % len(self.teams)]
            pid = f"{fslug}-{lslug}"
            github = f"{fslug}{lslug[:3]}" if rng.random() < 0.8 else None
            people.append(Person(pid, f"{first} {last}", f"{fslug}.{lslug}@corvid.example", github, tid, tz))
        # The first person of each team leads it and stays for the whole history.
        self.leads = {tid: people[i].id for i, (tid, _, _) in enumerate(self.teams)}
        lead_ids = set(self.leads.values())
        others = [p for p in people if p.id not in lead_ids]
        movers = rng.sample(others, k=min(len(others), 2 * max(1, round(size.people * 0.05))))
        half = len(movers) // 2
        for p in movers[:half]:  # hires: join a few weeks before a quarter starts
            k = rng.randint(1, len(self.periods) - 1)
            p.hired = self.periods[k].start - 30 * DAY + rng.randint(0, 5) * DAY + 10 * HOUR
        for p in movers[half:]:  # leavers: leave a month or so after a quarter ends
            k = rng.randint(0, len(self.periods) - 2)
            p.leaves = self.periods[k].end + rng.randint(25, 40) * DAY - 8 * HOUR
        self.people = people
        self.by_id = {p.id: p for p in people}
        self.core = [p for p in people if p.hired is None and p.leaves is None]
        # Who can own something in each period: present from planning to closing.
        self.eligible: list[list[Person]] = []
        for period in self.periods:
            self.eligible.append([
                p for p in people
                if (p.hired is None or p.hired < period.start - 15 * DAY)
                and (p.leaves is None or p.leaves > period.end + 20 * DAY)
            ])

    def owner_for(self, pi: int, team: str | None = None) -> str:
        pool = self.eligible[pi]
        if team is not None and self.rng.random() < 0.6:
            same = [p for p in pool if p.team == team]
            if same:
                return self.rng.choice(same).id
        return self.rng.choice(pool).id

    def work_time(self, t: int, person: str) -> int:
        """`t` moved to working hours (person's time zone) on a weekday, mostly."""
        rng = self.rng
        day = t // DAY
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
        if weekday >= 5 and rng.random() < 0.9:
            day += 7 - weekday if rng.random() < 0.5 else -(weekday - 4)
        local = rng.randint(8 * HOUR, 19 * HOUR)
        return day * DAY + local - tz_seconds(self.by_id[person].tz)

    # -- goals --------------------------------------------------------------

    def _goals(self) -> None:
        rng = self.rng
        counts = apportion(self.size.goals, [i + 1.0 for i in range(len(self.periods))])
        self.goals: list[Goal] = []
        self.goals_by_period: list[list[Goal]] = []
        for pi, (period, n) in enumerate(zip(self.periods, counts)):
            suffix = f"{period.start_date.year % 100}q{period.id[-1]}"
            names = [(v, o) for v in GOAL_VERBS for o in GOAL_OBJECTS]
            rng.shuffle(names)
            roots = max(1, round(n / 12))
            goals: list[Goal] = []
            for k in range(n):
                verb, obj = names[k]
                gid = f"{verb}-{obj}-{suffix}"
                title = f"{verb.replace('-', ' ').capitalize()} {obj.replace('-', ' ')}"
                parent = None
                if k >= roots:
                    # Deep trees: any goal up to level 4 can take a child (level 5 at most).
                    candidates = [g for g in goals if g.depth < 4]
                    weights = [1.0 / (1 + g.children) * (1.5 if g.depth in (1, 2) else 1.0) for g in candidates]
                    parent = rng.choices(candidates, weights)[0]
                depth = 0 if parent is None else parent.depth + 1
                team = None if parent is None else self.by_id[parent.owner].team
                owner = self.leads[self.teams[k % len(self.teams)][0]] if parent is None else self.owner_for(pi, team)
                krs = self._key_results(pi, owner)
                supports = [] if parent is None else rng.sample([kr.id for kr in parent.krs], k=rng.choice((1, 1, 2)))
                path = f"{parent.path}/{gid}" if parent else f"goals/{gid}"
                description = (
                    f"{title} in {period.id.replace('-', ' ').upper()}. Scope: the {obj.replace('-', ' ')} work "
                    f"of the {self.by_id[owner].team.replace('-', ' ')} team; out of scope: anything that needs "
                    f"a new hire before the quarter ends."
                )
                goal = Goal(gid, path, parent, depth, period, owner, title, description, supports, krs)
                if parent:
                    parent.children += 1
                goals.append(goal)
            # Planning starts two weeks before the quarter; parents before children.
            window_start = max(FIRST_COMMIT + HOUR, period.start - 14 * DAY)
            times = sorted(rng.randint(window_start, window_start + 21 * DAY) for _ in goals)
            last = 0
            for goal, t in zip(goals, times):
                t = max(self.work_time(t, goal.owner), window_start, last + 60)
                goal.created = last = t
            self.goals.extend(goals)
            self.goals_by_period.append(goals)

    def _key_results(self, pi: int, goal_owner: str) -> list[KeyResult]:
        rng = self.rng
        n = rng.choice((2, 3, 3, 4))
        milestones = 1 if n >= 3 and rng.random() < 0.35 else 0
        krs = []
        for mid, title, unit, (lo, hi), change, dec, up, clamp in rng.sample(METRICS, n - milestones):
            baseline = round(rng.uniform(lo, hi), dec)
            delta = baseline * change * rng.uniform(0.6, 1.4)
            target = baseline + delta if up else baseline - delta
            if clamp is not None:
                target = min(target, clamp)
            target = round(target, dec)
            if target == baseline:
                target = round(baseline + (10 ** -dec if up else -(10 ** -dec)), dec)
            owner = self.owner_for(pi) if rng.random() < 0.25 else None
            achieve = rng.choice((rng.uniform(-0.2, 0.5), rng.uniform(0.5, 1.0), rng.uniform(0.8, 1.3)))
            krs.append(KeyResult(mid, title, "metric", owner, unit, baseline, target, baseline, dec, clamp, achieve))
        for mid, title in rng.sample(MILESTONES, milestones):
            owner = self.owner_for(pi) if rng.random() < 0.25 else None
            krs.append(KeyResult(mid, title, "milestone", owner, achieve=rng.random()))
        return krs

    # -- work items ---------------------------------------------------------

    PATHS: ClassVar[list[tuple[float, tuple[str, ...]]]] = [
        (0.60, ("active", "done")),
        (0.12, ("active", "blocked", "active", "done")),
        (0.03, ("active", "blocked", "active", "blocked", "active", "done")),
        (0.05, ("active", "blocked", "dropped")),
        (0.07, ("active", "dropped")),
        (0.06, ("dropped",)),
        (0.07, ("active", "done")),
    ]

    def _items(self) -> None:
        rng = self.rng
        per_goal = [1] * len(self.goals)
        weights = [rng.uniform(0.4, 1.6) for _ in self.goals]
        for i in rng.choices(range(len(self.goals)), weights, k=self.size.items - len(self.goals)):
            per_goal[i] += 1
        path_weights = [w for w, _ in self.PATHS]
        self.items: list[Item] = []
        self.item_batches: list[tuple[int, list[Item]]] = []
        serial = 0
        for goal, n in zip(self.goals, per_goal):
            period = goal.period
            pi = self.periods.index(period)
            team = self.by_id[goal.owner].team
            # Work is written down in the first half of the goal's life, in batches of 1-3.
            span = max(2 * DAY, int(0.45 * (period.end - goal.created)))
            latest = min(goal.created + span, LAST_COMMIT - DAY)
            k = 0
            while k < n:
                batch_n = min(n - k, rng.choice((1, 1, 2, 2, 3)))
                owner = self.owner_for(pi, team)
                t = rng.randint(goal.created + 2 * HOUR, max(goal.created + 3 * HOUR, latest))
                t = min(max(self.work_time(t, owner), goal.created + 2 * HOUR), LAST_COMMIT - DAY)
                batch: list[Item] = []
                for _ in range(batch_n):
                    serial += 1
                    verb, obj = rng.choice(ITEM_VERBS), rng.choice(ITEM_OBJECTS)
                    iid = f"{verb}-{obj}-{serial}"
                    title = f"{verb.replace('-', ' ').capitalize()} {obj.replace('-', ' ')} ({serial})"
                    krs = goal.krs
                    moves = [krs[k % len(krs)].id]
                    if len(krs) > 1 and rng.random() < 0.3:
                        moves.append(krs[(k + 1) % len(krs)].id)
                    impact = {}
                    for m in moves:
                        kr = next(x for x in krs if x.id == m)
                        if kr.kind == "metric" and rng.random() < 0.6:
                            share = rng.uniform(0.05, 0.4)
                            impact[m] = round((kr.target - kr.baseline) * share, kr.decimals) or (
                                kr.target - kr.baseline)
                    item_owner = owner if not batch else self.owner_for(pi, team)
                    pool = [p.id for p in self.eligible[pi] if p.id != item_owner]
                    contributors = rng.sample(pool, k=min(len(pool), rng.choice((0, 0, 1, 2))))
                    due_lo = max(period.start, t + 14 * DAY)
                    due = _date(rng.randint(min(due_lo, period.end), period.end))
                    description = (
                        f"{title}: part of {goal.title.lower()}. Approach: small steps, each one "
                        f"shipped and measured before the next."
                    )
                    item = Item(iid, goal, title, item_owner, moves, impact, due, contributors, description)
                    item.created = t
                    states = rng.choices([p for _, p in self.PATHS], path_weights)[0]
                    lo, hi = t + HOUR, period.end - DAY
                    times = sorted(rng.randint(lo, max(lo + HOUR, hi)) for _ in states)
                    last = t
                    for state, when in zip(states, times):
                        when = max(self.work_time(when, item_owner), last + 600)
                        if when > LAST_COMMIT - HOUR:
                            break
                        item.transitions.append((when, state))
                        last = when
                    batch.append(item)
                    k += 1
                self.item_batches.append((t, batch))
                goal.items.extend(batch)
                self.items.extend(batch)
        # Dependencies: on work of the same period written down strictly earlier.
        self.items.sort(key=lambda it: it.created)
        created = [it.created for it in self.items]
        for item in self.items:
            if rng.random() >= 0.15:
                continue
            earlier = self.items[: bisect.bisect_left(created, item.created)]
            same_goal = [it for it in earlier if it.goal is item.goal]
            same_period = [it for it in earlier[-400:] if it.goal.period is item.goal.period]
            pool = same_goal if same_goal and rng.random() < 0.6 else same_period
            if pool:
                item.depends_on = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))

    # -- closing a quarter --------------------------------------------------

    def _closings(self) -> None:
        rng = self.rng
        self.close_groups: list[tuple[int, list[Goal]]] = []
        for period, goals in zip(self.periods, self.goals_by_period):
            if period.end + 10 * DAY > LAST_COMMIT:
                continue  # the current quarter stays open
            k = 0
            while k < len(goals):
                group = goals[k : k + rng.choice((1, 2, 2, 3))]
                k += len(group)
                t = self.work_time(period.end + rng.randint(1, 7) * DAY, group[0].owner)
                t = max(t, period.end + HOUR)
                for g in group:
                    g.closes = t
                self.close_groups.append((t, group))


# ---------------------------------------------------------------------------
# Events -> fast-import stream
# ---------------------------------------------------------------------------


@dataclass
class Event:
    time: int
    seq: int
    kind: str
    author: str
    payload: object
    paths: tuple[str, ...] = ()


class Builder:
    """Orders every event of the company's history and writes it as a fast-import stream."""

    def __init__(self, company: Company) -> None:
        self.c = company
        self.rng = company.rng
        self.events: list[Event] = []
        self.contents: dict[str, str] = {}
        self.people_in_file: list[Person] = []
        self.mark = 0
        self.commits = 0
        self._schedule()

    def add(self, time: int, kind: str, author: str, payload: object, paths: tuple[str, ...] = ()) -> None:
        self.events.append(Event(time, len(self.events), kind, author, payload, paths))

    def _schedule(self) -> None:
        c, rng = self.c, self.rng
        first = c.leads[c.teams[0][0]]
        self.add(FIRST_COMMIT, "init", first, None, ("vindaris.yaml", "people.yaml", "README.md"))
        for t in sorted({p.hired for p in c.people if p.hired is not None}):
            joiners = [p for p in c.people if p.hired == t]
            self.add(t, "hire", c.leads[joiners[0].team], joiners, ("people.yaml",))
        for t in sorted({p.leaves for p in c.people if p.leaves is not None}):
            leavers = [p for p in c.people if p.leaves == t]
            self.add(t, "leave", c.leads[leavers[0].team], leavers, ("people.yaml",))
        for goal in c.goals:
            self.add(goal.created, "goal", goal.owner, goal, (f"{goal.path}/goal.yaml",))
        for t, batch in c.item_batches:
            self.add(t, "items", batch[0].owner, batch, tuple(it.path for it in batch))
        for item in c.items:
            for when, state in item.transitions:
                # Finishing work often comes with a check-in of what it moved.
                with_checkin = state == "done" and rng.random() < 0.3 and any(
                    kr.kind == "metric" for kr in item.goal.krs if kr.id in item.moves)
                paths = (item.path, f"{item.goal.path}/goal.yaml") if with_checkin else (item.path,)
                self.add(when, "move", item.owner, (item, state, with_checkin), paths)
        for t, group in c.close_groups:
            self.add(t, "close", group[0].owner, group, tuple(f"{g.path}/goal.yaml" for g in group))
        structural = len(self.events)
        checkins = c.size.commits - structural - c.size.merges
        if checkins < 1:
            raise SystemExit(f"size too small: {structural} structural commits leave no room for check-ins")
        self._checkins(checkins)
        self.events.sort(key=lambda e: (e.time, e.seq))

    def _checkins(self, n: int) -> None:
        """`n` check-in commits, each on a goal open at that time, 1-3 goals of one period."""
        c, rng = self.c, self.rng
        spans = []
        for goal in c.goals:
            lo = goal.created + HOUR
            hi = min(goal.closes - HOUR if goal.closes else LAST_COMMIT - HOUR, LAST_COMMIT - HOUR)
            spans.append((goal, lo, hi))
        weights = [max(1, hi - lo) for _, lo, hi in spans]
        current = [s for s in spans if s[0].closes is None]
        picks = rng.choices(spans, weights, k=n - 1)
        # The very last commit of the history is a check-in on 2026-11-23.
        picks.append(rng.choice(current) if current else spans[-1])
        by_period: dict[str, list[tuple[Goal, int, int]]] = {}
        for s in spans:
            by_period.setdefault(s[0].period.id, []).append(s)
        for i, (goal, lo, hi) in enumerate(picks):
            t = LAST_COMMIT if i == n - 1 else rng.randint(lo, max(lo, hi))
            if i != n - 1:
                t = min(max(self.c.work_time(t, goal.owner), lo), hi)
            group = [goal]
            extra = rng.choice((0, 0, 0, 1, 2))
            if extra:
                open_now = [g for g, glo, ghi in by_period[goal.period.id] if glo <= t <= ghi and g is not goal]
                group += rng.sample(open_now, k=min(extra, len(open_now)))
            kr = group[0].krs[0]
            self.add(t, "checkin", kr.owner or group[0].owner, group, tuple(f"{g.path}/goal.yaml" for g in group))

    # -- applying events to the model ----------------------------------------

    def checkin_kr(self, kr: KeyResult, goal: Goal, t: int) -> str:
        """Move a metric to a new value (never the same one); a short description of the change."""
        period = goal.period
        frac = min(1.0, max(0.0, (t - period.start) / (period.end - period.start)))
        span = kr.target - kr.baseline
        value = kr.baseline + span * (kr.achieve * frac + self.rng.gauss(0.0, 0.06))
        value = max(0.0, value)
        if kr.clamp is not None:
            value = min(kr.clamp, value)
        value = round(value, kr.decimals)
        if value == kr.current:
            step = 10 ** -kr.decimals
            value = round(kr.current + (step if self.rng.random() < 0.5 or kr.current - step < 0 else -step),
                          kr.decimals)
        kr.current = value
        return f"{kr.id} {number(value, kr.decimals)}{'%' if kr.unit == '%' else ' ' + (kr.unit or '')}".rstrip()

    def apply(self, ev: Event) -> tuple[str, dict[str, str]]:
        """Apply one event to the model: the commit message and the files it writes."""
        c = self.c
        if ev.kind == "init":
            initial = [p for p in c.people if p.hired is None]
            self.people_in_file = initial
            return "Strategy repository for Corvid Analytics", {
                "vindaris.yaml": render_settings(c.periods),
                "people.yaml": render_people(initial, c.teams, c.leads),
                "README.md": README,
            }
        if ev.kind == "hire":
            joiners: list[Person] = ev.payload  # type: ignore[assignment]
            self.people_in_file = self.people_in_file + joiners
            names = ", ".join(p.name for p in joiners)
            return f"people: welcome {names}", {"people.yaml": render_people(self.people_in_file, c.teams, c.leads)}
        if ev.kind == "leave":
            leavers: list[Person] = ev.payload  # type: ignore[assignment]
            for p in leavers:
                p.active = False
            names = ", ".join(p.name for p in leavers)
            return f"people: {names} left; their work was handed over or finished", {
                "people.yaml": render_people(self.people_in_file, c.teams, c.leads)}
        if ev.kind == "goal":
            goal: Goal = ev.payload  # type: ignore[assignment]
            where = f" under {goal.parent.id}" if goal.parent else ""
            return f"New {goal.period.id} goal{where}: {goal.title}", {ev.paths[0]: render_goal(goal)}
        if ev.kind == "items":
            batch: list[Item] = ev.payload  # type: ignore[assignment]
            files = {it.path: render_item(it) for it in batch}
            if len(batch) == 1:
                return f"{batch[0].goal.id}: plan {batch[0].title.lower()}", files
            return f"{batch[0].goal.id}: plan {len(batch)} work items", files
        if ev.kind == "move":
            item, state, with_checkin = ev.payload  # type: ignore[misc]
            item.state = state
            if state == "blocked":
                item.reason = self.rng.choice(BLOCK_REASONS)
            elif state == "dropped":
                item.reason = self.rng.choice(DROP_REASONS)
            elif state == "active" and item.reason:
                item.reason = "Unblocked and moving again."
            files = {item.path: render_item(item)}
            message = f"{item.ref}: {state}"
            if with_checkin:
                kr = next(k for k in item.goal.krs if k.id in item.moves and k.kind == "metric")
                message += f"; check-in {self.checkin_kr(kr, item.goal, ev.time)}"
                files[f"{item.goal.path}/goal.yaml"] = render_goal(item.goal)
            return message, files
        if ev.kind == "checkin":
            group: list[Goal] = ev.payload  # type: ignore[assignment]
            files, notes = {}, []
            for goal in group:
                metrics = [kr for kr in goal.krs if kr.kind == "metric"]
                chosen = metrics if self.rng.random() < 0.4 else [self.rng.choice(metrics)]
                for kr in chosen:
                    notes.append(self.checkin_kr(kr, goal, ev.time))
                period = goal.period
                frac = (ev.time - period.start) / (period.end - period.start)
                for kr in goal.krs:
                    if kr.kind == "milestone" and not kr.done and frac > 0.4 and kr.achieve > 0.5 \
                            and self.rng.random() < 0.25:
                        kr.done = True
                        notes.append(f"{kr.id} done")
                files[f"{goal.path}/goal.yaml"] = render_goal(goal)
            return f"Check-in: {', '.join(notes)}", files
        if ev.kind == "close":
            group = ev.payload  # type: ignore[assignment]
            files, notes = {}, []
            for goal in group:
                metrics = [kr for kr in goal.krs if kr.kind == "metric"]
                progress = sum((kr.current - kr.baseline) / (kr.target - kr.baseline) for kr in metrics) / len(metrics)
                roll = self.rng.random()
                goal.state = "dropped" if roll < 0.05 else ("achieved" if progress >= 0.7 else "missed")
                notes.append(f"{goal.id} {goal.state}")
                files[f"{goal.path}/goal.yaml"] = render_goal(goal)
            return f"Close {group[0].period.id}: {', '.join(notes)}", files
        raise AssertionError(ev.kind)

    # -- writing ------------------------------------------------------------

    def write(self, out: IO[bytes]) -> int:
        """Write the whole history to `out` (fast-import's stdin); the number of commits."""
        merges = self._merge_windows()
        i = 0
        events = self.events
        tip = 0
        while i < len(events):
            window = merges.get(i)
            if window is None:
                tip = self._commit(out, events[i], parent=None)
                i += 1
                continue
            length, side = window
            fork = tip
            side_tip = fork
            touched: dict[str, None] = {}
            for k in side:
                side_tip = self._commit(out, events[i + k], parent=side_tip)
                touched.update(dict.fromkeys(events[i + k].paths))
            main_tip = fork
            for k in range(length):
                if k not in side:
                    main_tip = self._commit(out, events[i + k], parent=main_tip)
            last = max(events[i + k].time for k in range(length))
            tip = self._merge(out, main_tip, side_tip, last + 300, list(touched), events[i + side[0]])
            i += length
        out.write(b"done\n")
        return self.commits

    def _merge_windows(self) -> dict[int, tuple[int, list[int]]]:
        """Where the merges go: window start -> (length, indices of the events on the side branch).

        Side-branch events are check-ins and state changes whose files no
        other event of the window touches, so both branches merge cleanly
        and every commit on either side is a valid strategy.
        """
        n_merges = self.c.size.merges
        events = self.events
        windows: dict[int, tuple[int, list[int]]] = {}
        length = 6
        for m in range(n_merges):
            start = (m + 1) * len(events) // (n_merges + 1)
            while True:
                if start + length >= len(events):
                    raise SystemExit("could not place the merges")
                if start not in windows and all(s + length <= start or start + length <= s for s in windows):
                    window = events[start : start + length]
                    side: list[int] = []
                    for k, ev in enumerate(window):
                        shared = any(set(ev.paths) & set(o.paths) for j, o in enumerate(window) if j != k)
                        if ev.kind in ("checkin", "move") and not shared and len(side) < 3:
                            side.append(k)
                    if side:
                        windows[start] = (length, side)
                        break
                start += 1
        return windows

    def _ident(self, person: str, t: int) -> bytes:
        p = self.c.by_id[person]
        return f"{p.name} <{p.email}> {t} {p.tz}".encode()

    def _commit(self, out: IO[bytes], ev: Event, parent: int | None) -> int:
        message, files = self.apply(ev)
        self.mark += 1
        self.commits += 1
        ident = self._ident(ev.author, ev.time)
        msg = message.encode() + b"\n"
        chunks = [b"commit refs/heads/main\nmark :%d\nauthor " % self.mark, ident, b"\ncommitter ", ident,
                  b"\ndata %d\n" % len(msg), msg]
        if parent is not None and parent != self.mark - 1:
            chunks.append(b"from :%d\n" % parent)
        for path, text in files.items():
            self.contents[path] = text
            data = text.encode()
            chunks += [b"M 100644 inline ", path.encode(), b"\ndata %d\n" % len(data), data, b"\n"]
        chunks.append(b"\n")
        out.write(b"".join(chunks))
        return self.mark

    def _merge(self, out: IO[bytes], main_tip: int, side_tip: int, t: int, paths: list[str], first: Event) -> int:
        self.mark += 1
        self.commits += 1
        author = self.rng.choice(self.c.core).id
        branch = f"{first.author}/{first.kind}-{_date(first.time).isoformat()}"
        msg = f"Merge pull request #{1000 + self.mark} from {branch}\n".encode()
        ident = self._ident(author, t)
        chunks = [b"commit refs/heads/main\nmark :%d\nauthor " % self.mark, ident, b"\ncommitter ", ident,
                  b"\ndata %d\n" % len(msg), msg, b"from :%d\nmerge :%d\n" % (main_tip, side_tip)]
        for path in paths:
            data = self.contents[path].encode()
            chunks += [b"M 100644 inline ", path.encode(), b"\ndata %d\n" % len(data), data, b"\n"]
        chunks.append(b"\n")
        out.write(b"".join(chunks))
        return self.mark


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def git_env() -> dict[str, str]:
    """git without the machine's configuration, so the result never depends on who runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    return env


def generate(size: str | Size, out: Path, force: bool = False) -> dict[str, object]:
    """Build the repository of `size` at `out`; a summary (head sha, commits, seconds)."""
    spec = SIZES[size] if isinstance(size, str) else size
    started = time.perf_counter()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
    subprocess.run(["git", "-C", str(out), "config", "gc.auto", "0"], check=True, env=env)
    company = Company(spec)
    builder = Builder(company)
    with tempfile.TemporaryFile() as err:
        # glibc's malloc would otherwise give memory back to the system after
        # every commit and ask for it again (brk calls dominate fast-import's
        # time); a generous top pad makes the import ~3x faster. Harmless
        # elsewhere.
        proc = subprocess.Popen(
            ["git", "-C", str(out), "fast-import", "--quiet", "--done"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err,
            env={**env, "MALLOC_TOP_PAD_": str(64 << 20)},
        )
        assert proc.stdin is not None
        try:
            with proc.stdin as stdin:
                commits = builder.write(stdin)  # type: ignore[arg-type]
        except BrokenPipeError:
            commits = -1
        if proc.wait() != 0 or commits < 0:
            err.seek(0)
            raise SystemExit(f"git fast-import failed:\n{err.read().decode(errors='replace')[-2000:]}")
    subprocess.run(["git", "-C", str(out), "reset", "-q", "--hard"], check=True, env=env)
    head = subprocess.run(["git", "-C", str(out), "rev-parse", "HEAD"], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()
    return {
        "size": size if isinstance(size, str) else "custom",
        "generator_version": GENERATOR_VERSION,
        "head": head,
        "commits": commits,
        "goals": len(company.goals),
        "items": len(company.items),
        "people": len(company.people),
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES, key=lambda s: SIZES[s].commits), default="small")
    parser.add_argument("--out", type=Path, required=True, help="directory for the new repository")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = parser.parse_args(argv)
    summary = generate(args.size, args.out, force=args.force)
    print(" ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
