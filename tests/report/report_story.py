"""A small strategy with a quarter of backdated history, told commit by commit.

The weekly-page tests read week 2026-W47 (Monday 16 to Sunday 22 November
2026) of this repository. Its history has check-ins across earlier weeks, work
that starts, blocks, unblocks and finishes, an owner change, a goal created
and one dropped inside the week, a pull request merged with GitHub's merge
message, a commit after the week (which the page must not see), a goal of an
earlier period (which the page leaves out) and one work item whose title
tries every trick against Markdown and HTML.

Everything is fixed (dates, identities, content), so commit shas and pages
are the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from gitrepo import GitRepo

ALICE = ("Alice Adams", "alice@example.com")
BOB = ("Bob Brown", "bob@example.com")
CAROL = ("Carol Chen", "carol@example.com")

#: The title that must show as text in both formats.
HOSTILE = "Fix | pipes *and* <script>alert(1)</script> [x](javascript:alert(1))\nsecond line"

CONFIG = """\
version: 1
organization: Example Co
periods:
  - {id: 2026-q3, start: 2026-07-01, end: 2026-09-30}
  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}
stall_after_days: 14
checkin_every_days: 7
max_active_items_per_owner: 3
"""

PEOPLE = """\
people:
  - {id: alice, name: Alice Adams, email: alice@example.com}
  - {id: bob, name: Bob Brown, email: bob@example.com}
  - {id: carol, name: Carol Chen, email: carol@example.com}
  - {id: dave, name: Dave Diaz, active: false}
"""


def grow(arr: float, partners: bool = False) -> str:
    return f"""\
title: Grow revenue
owner: alice
period: 2026-q4
key_results:
  - id: arr
    title: Net new ARR
    unit: kEUR
    baseline: 0
    target: 1000
    current: {arr}
  - id: partners
    title: Partner program live
    kind: milestone
    owner: bob
    done: {str(partners).lower()}
"""


def trials(signups: float) -> str:
    return f"""\
title: Self-serve trials
owner: carol
period: 2026-q4
supports: [arr]
key_results:
  - id: signups
    title: Trial sign-ups per month
    baseline: 100
    target: 400
    current: {signups}
"""


def keep(churn: float) -> str:
    return f"""\
title: Keep the customers we have
owner: bob
period: 2026-q4
key_results:
  - id: churn
    title: Monthly logo churn
    unit: "%"
    baseline: 5
    target: 3
    current: {churn}
"""


ONBOARDING = """\
title: Rebuild onboarding
owner: alice
period: 2026-q4
state: {state}
key_results:
  - id: activation
    title: Activated trials
    unit: "%"
    baseline: 20
    target: 40
"""

NORDICS = """\
title: Enter the Nordics
owner: carol
period: 2026-q4
key_results:
  - id: nordic-logos
    title: Nordic customers signed
    baseline: 0
    target: 10
"""

LEGACY = """\
title: Migrate billing
owner: bob
period: 2026-q3
state: achieved
key_results:
  - id: migrated
    title: Accounts on the new billing
    unit: "%"
    baseline: 0
    target: 100
    current: 100
"""


def item(title: str, owner: str, moves: str, state: str, extra: str = "") -> str:
    return f"title: {title}\nowner: {owner}\nmoves: [{moves}]\nstate: {state}\n{extra}"


def hostile_item() -> str:
    # A YAML double-quoted string keeps the newline and every special character.
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'title: "{quoted}"\nowner: carol\nmoves: [arr]\nstate: planned\n'


def at(day: str, hour: int = 10) -> str:
    return f"2026-{day}T{hour:02d}:00:00+00:00"


def build_story(repo: GitRepo) -> GitRepo:
    """Write the whole history into the empty repository `repo` (branch main)."""
    repo.write("vindaris.yaml", CONFIG)
    repo.write("people.yaml", PEOPLE)
    repo.write("goals/legacy/goal.yaml", LEGACY)
    repo.commit("Last quarter's goal, achieved", date=at("09-30"), author=BOB)

    repo.write("goals/grow/goal.yaml", grow(0))
    repo.write("goals/grow/ship.yaml", item("Ship self-serve checkout", "bob", "arr", "planned", "due: 2026-11-30\n"))
    repo.write("goals/grow/resellers.yaml", item("Sign two resellers", "alice", "partners", "planned",
                                                 "depends_on: [grow/ship]\n"))
    repo.write("goals/grow/pricing.yaml", item("Retire the old price list", "dave", "arr", "active"))
    repo.write("goals/grow/trials/goal.yaml", trials(100))
    repo.write("goals/grow/trials/signup-page.yaml", item("Rebuild the sign-up page", "carol", "signups", "active"))
    repo.write("goals/grow/trials/sso.yaml", item("Single sign-on for trials", "bob", "signups", "planned"))
    repo.write("goals/onboarding/goal.yaml", ONBOARDING.format(state="active"))
    repo.commit("Plan the quarter", date=at("10-01", 9), author=ALICE)

    repo.write("goals/grow/goal.yaml", grow(50))
    repo.commit("checkin(grow/arr): 50", date=at("10-05"), author=ALICE)
    repo.write("goals/grow/ship.yaml", item("Ship self-serve checkout", "bob", "arr", "active", "due: 2026-11-30\n"))
    repo.commit("Start checkout", date=at("10-06"), author=BOB)
    repo.write("goals/grow/trials/goal.yaml", trials(130))
    repo.commit("checkin(trials/signups): 130", date=at("10-08"), author=CAROL)
    repo.write("goals/grow/goal.yaml", grow(120))
    repo.commit("checkin(grow/arr): 120", date=at("10-12"), author=ALICE)
    repo.write("goals/grow/goal.yaml", grow(180))
    repo.commit("checkin(grow/arr): 180", date=at("10-19"), author=ALICE)
    repo.write("goals/grow/trials/sso.yaml", item("Single sign-on for trials", "bob", "signups", "blocked"))
    repo.commit("SSO waits for the identity provider contract", date=at("10-20"), author=BOB)
    repo.write("goals/grow/trials/goal.yaml", trials(180))
    repo.commit("checkin(trials/signups): 180", date=at("10-22"), author=CAROL)
    repo.write("goals/grow/goal.yaml", grow(230))
    repo.write("goals/keep/goal.yaml", keep(5))
    repo.write("goals/keep/health-score.yaml", item("Customer health score", "bob", "churn", "active"))
    repo.commit("checkin(grow/arr): 230; new goal: keep customers", date=at("10-26"), author=ALICE)
    repo.write("goals/grow/goal.yaml", grow(260))
    repo.write("goals/keep/goal.yaml", keep(4.8))
    repo.commit("Weekly check-ins", date=at("11-02"), author=ALICE)
    repo.write("goals/keep/health-score.yaml", item("Customer health score", "bob", "churn", "done"))
    repo.commit("Health score shipped", date=at("11-04"), author=BOB)
    repo.write("goals/grow/ship.yaml", item("Ship self-serve checkout", "bob", "arr", "blocked", "due: 2026-11-30\n"))
    repo.commit("Checkout blocked on the payment provider", date=at("11-05"), author=BOB)
    repo.write("goals/grow/goal.yaml", grow(300))
    repo.commit("checkin(grow/arr): 300", date=at("11-09"), author=ALICE)

    # Week 2026-W47: Monday 16 to Sunday 22 November.
    repo.write("goals/grow/ship.yaml", item("Ship self-serve checkout", "bob", "arr", "active", "due: 2026-11-30\n"))
    repo.commit("Payment provider unblocked checkout", date=at("11-16"), author=BOB)
    repo.git("checkout", "-q", "-b", "alice/arr-checkin")
    repo.write("goals/grow/goal.yaml", grow(340))
    repo.commit("checkin(grow/arr): 340 after the October renewals", date=at("11-17", 9), author=ALICE)
    repo.git("checkout", "-q", "main")
    repo.merge("alice/arr-checkin", "Merge pull request #7 from example/alice/arr-checkin", date=at("11-17", 11))
    repo.write("goals/grow/trials/goal.yaml", trials(260))
    repo.write("goals/grow/trials/signup-page.yaml", item("Rebuild the sign-up page", "carol", "signups", "done"))
    repo.commit("New sign-up page is live; signups 260", date=at("11-18"), author=CAROL)
    repo.write("goals/onboarding/goal.yaml", ONBOARDING.format(state="dropped"))
    repo.write("goals/grow/resellers.yaml", item("Sign two resellers", "carol", "partners", "planned",
                                                 "depends_on: [grow/ship]\n"))
    repo.commit("Drop onboarding for now; Carol takes the resellers", date=at("11-19"), author=ALICE)
    repo.write("goals/grow/hostile.yaml", hostile_item())
    repo.commit("Add | *item* <b>bold</b> [x](javascript:alert(1))", date=at("11-20"), author=CAROL)
    repo.write("goals/nordics/goal.yaml", NORDICS)
    repo.commit("New goal: enter the Nordics", date=at("11-21"), author=CAROL)

    # Week 2026-W48: not on W47's page.
    repo.write("goals/grow/goal.yaml", grow(400))
    repo.commit("checkin(grow/arr): 400", date=at("11-24"), author=ALICE)
    return repo


def write_large(root: Path, goals: int = 150) -> Path:
    """A strategy of `goals` goals (no git history); one in ten is off track with no active work."""
    (root / "goals").mkdir(parents=True)
    (root / "vindaris.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    for i in range(goals):
        d = root / "goals" / f"goal-{i:03d}"
        d.mkdir()
        current = 10 if i % 10 == 0 else 600
        (d / "goal.yaml").write_text(
            f"title: Goal number {i}\nowner: alice\nperiod: 2026-q4\nkey_results:\n"
            f"  - {{id: kr, title: Result {i}, baseline: 0, target: 1000, current: {current}}}\n",
            encoding="utf-8")
        state = "planned" if i % 10 == 0 else "active"
        (d / "work.yaml").write_text(item(f"Work for goal {i}", "bob", "kr", state), encoding="utf-8")
    return root
