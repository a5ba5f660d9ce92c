"""`vindaris new goal|work`: files that pass check, refusals in check's words, prompts in context."""

from __future__ import annotations

from pathlib import Path

import pytest

from authoring_support import commits, errors, last_commit, run, snapshot
from gitrepo import GitRepo


def test_new_work_writes_a_file_that_passes_check(repo: GitRepo) -> None:
    result = run(repo, "new", "work", "grow", "pricing-page", "--title", "Pricing page: clearer tiers",
                 "--owner", "bob", "--moves", "arr", "--due", "2026-11-15", "--impact", "arr=120",
                 "--depends-on", "grow/ship", "--contributors", "carol")
    assert result.exit_code == 0, result.output
    assert (repo.path / "goals/grow/pricing-page.yaml").read_text() == (
        "title: 'Pricing page: clearer tiers'\n"
        "owner: bob\n"
        "state: planned\n"
        "moves:\n"
        "  - arr\n"
        "impact:\n"
        "  arr: 120\n"
        "due: 2026-11-15\n"
        "contributors:\n"
        "  - carol\n"
        "depends_on:\n"
        "  - grow/ship\n"
    )
    assert result.stdout.splitlines() == [
        "created goals/grow/pricing-page.yaml",
        'not committed (with --commit: "new(grow/pricing-page): Pricing page: clearer tiers")',
    ]
    assert errors(repo.path) == []


def test_new_work_takes_the_item_as_a_ref_too(repo: GitRepo) -> None:
    # Every other command names a work item GOAL/ID; `new work` takes that too.
    result = run(repo, "new", "work", "grow/pricing-page", "--title", "Pricing page", "--owner", "bob",
                 "--moves", "arr")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "created goals/grow/pricing-page.yaml"
    missing = run(repo, "new", "work", "grow", "--title", "Pricing page", "--owner", "bob", "--moves", "arr")
    assert (missing.exit_code, missing.stderr.splitlines()) == (2, [
        "vindaris: error: missing the work item's ID", "  hint: give GOAL ID, or the ref GOAL/ID"])


def test_new_work_commit_adds_just_the_new_file(repo: GitRepo) -> None:
    (repo.path / "scratch.txt").write_text("not mine\n")
    result = run(repo, "new", "work", "trials", "referral-bonus", "--title", "Referral bonus",
                 "--owner", "carol", "--moves", "signups", "--commit")
    assert result.exit_code == 0, result.output
    assert len(commits(repo)) == 2
    assert last_commit(repo) == ("new(trials/referral-bonus): Referral bonus",
                                 ["A\tgoals/grow/trials/referral-bonus.yaml"])
    assert repo.git("status", "--porcelain") == "?? scratch.txt\n"


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        pytest.param(["--owner", "bbo", "--moves", "arr"], [
            "goals/grow/new-item.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/new-item' "
            "is not in people.yaml",
            "    hint: did you mean 'bob'?",
        ], id="unknown-owner"),
        pytest.param(["--owner", "bob", "--moves", "arr,partner"], [
            "goals/grow/new-item.yaml:6:5: error[unknown-key-result] goal 'grow' has no key result 'partner'",
            "    hint: did you mean 'partners'?",
        ], id="unknown-key-result"),
        pytest.param(["--owner", "bob", "--moves", "arr", "--due", "2026-11-31"], [
            "goals/grow/new-item.yaml:6:6: error[bad-date] 'due' must be a date (YYYY-MM-DD), got '2026-11-31'",
        ], id="bad-date"),
        pytest.param(["--owner", "dave", "--moves", "arr"], [
            "goals/grow/new-item.yaml:2:8: error[inactive-owner] work item 'grow/new-item' is owned by 'dave', "
            "who is no longer active",
            "    hint: hand it to an active person",
        ], id="inactive-owner"),
        pytest.param(["--owner", "bob", "--moves", "arr", "--depends-on", "grow/shipp"], [
            "goals/grow/new-item.yaml:7:5: error[unknown-dependency] depends_on 'grow/shipp' is not a work item",
            "    hint: did you mean 'grow/ship'?",
        ], id="unknown-dependency"),
    ],
)
def test_new_work_refuses_what_check_would_reject(repo: GitRepo, args: list[str], stderr: list[str]) -> None:
    before = snapshot(repo.path)
    result = run(repo, "new", "work", "grow", "new-item", "--title", "New item", *args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*stderr,
                                          "vindaris: refused: this would fail `vindaris check`; nothing was written"]
    assert snapshot(repo.path) == before


@pytest.mark.parametrize(
    ("item", "stderr"),
    [
        ("ship", "goals/grow/ship.yaml:1:1: error[duplicate-id] work item 'grow/ship' already exists "
                 "(goals/grow/ship.yaml)"),
        ("Ship_It", "goals/grow/Ship_It.yaml:1:1: error[bad-slug] work item file name 'Ship_It' is not a slug "
                    "(lowercase letters, digits and '-')"),
        ("goal", "goals/grow/goal.yaml:1:1: error[bad-slug] 'goal' is reserved: goal.yaml is the goal's own file"),
    ],
)
def test_new_work_refuses_a_taken_or_bad_id(repo: GitRepo, item: str, stderr: str) -> None:
    before = snapshot(repo.path)
    result = run(repo, "new", "work", "grow", item, "--title", "X", "--owner", "bob", "--moves", "arr")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == stderr
    assert snapshot(repo.path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "bob", "--moves", "arr"], "vindaris: error: missing --title (stdin is not a terminal, "
                                               "so there is nobody to ask)"),
        (["--title", "T", "--moves", "arr"], "vindaris: error: missing --owner (stdin is not a terminal, "
                                             "so there is nobody to ask)"),
        (["--title", "T", "--owner", "bob"], "vindaris: error: missing --moves (stdin is not a terminal, "
                                             "so there is nobody to ask)"),
        (["--title", "T", "--owner", "bob", "--moves", "arr", "--impact", "arr:3"],
         "vindaris: error: --impact 'arr:3': expected KR=NUMBER"),
    ],
)
def test_new_work_off_a_terminal_never_prompts(repo: GitRepo, args: list[str], message: str) -> None:
    before = snapshot(repo.path)
    result = run(repo, "new", "work", "grow", "new-item", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert snapshot(repo.path) == before


def test_new_work_shows_the_goal_before_asking_what_it_moves(repo: GitRepo) -> None:
    result = run(repo, "new", "work", "grow", "webinars", "-i", input="Partner webinars\nbbo\nbob\narr, nope\narr,partners\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Owner (person id) [alice]: bbo\nError: 'bbo' is not in people.yaml (did you mean 'bob'?)" in out
    context = out[out.index("Goal grow:"):out.index("Which key results")]
    assert context.splitlines()[:2] == ["Goal grow: Grow revenue",
                                        "  owner alice (Alice Adams), period 2026-q4, active, not-started"] \
        or context.splitlines()[1].startswith("  owner alice (Alice Adams), period 2026-q4, active, ")
    assert "  - arr: Net new ARR\n      25% of the way: 250 kEUR (from 0 to 1,000) [" in context
    assert "      moved by: grow/old-pricing (done), grow/ship (active)\n" in context
    assert "  - partners: Partner program live\n      milestone, not done [" in context
    assert "      moved by: grow/resellers (planned)\n" in context
    assert "(arr, partners): arr, nope\nError: goal 'grow' has no key result 'nope'" in out
    text = (repo.path / "goals/grow/webinars.yaml").read_text()
    assert text == "title: Partner webinars\nowner: bob\nstate: planned\nmoves:\n  - arr\n  - partners\n"
    assert errors(repo.path) == []


def test_new_goal_with_key_results_passes_check(repo: GitRepo) -> None:
    result = run(repo, "new", "goal", "retention", "--title", "Keep the customers we have", "--owner", "carol",
                 "--period", "2026-q4", "--kr", "churn:Monthly churn: logos:2.1:1.2:%",
                 "--milestone", "crm:CRM migrated", "--description", "Churn is the leak.")
    assert result.exit_code == 0, result.output
    assert (repo.path / "goals/retention/goal.yaml").read_text() == (
        "title: Keep the customers we have\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "description: Churn is the leak.\n"
        "key_results:\n"
        "  - id: churn\n"
        "    title: 'Monthly churn: logos'\n"
        "    unit: '%'\n"
        "    baseline: 2.1\n"
        "    target: 1.2\n"
        "    current: 2.1\n"
        "  - id: crm\n"
        "    title: CRM migrated\n"
        "    kind: milestone\n"
        "    done: false\n"
    )
    assert errors(repo.path) == []
    # Nothing moves the new key results yet: check's warnings are shown, not refused.
    assert "goals/retention/goal.yaml:6:9: warning[unmoved-key-result] no planned or active work moves key " \
           "result 'retention/churn'" in result.stdout


def test_new_child_goal_under_its_parent(repo: GitRepo) -> None:
    result = run(repo, "new", "goal", "partner-deals", "--parent", "grow", "--title", "Partner deals",
                 "--owner", "bob", "--period", "2026-q4", "--supports", "arr,partners", "--kr", "deals:Deals:0:5",
                 "--commit")
    assert result.exit_code == 0, result.output
    text = (repo.path / "goals/grow/partner-deals/goal.yaml").read_text()
    assert "supports:\n  - arr\n  - partners\n" in text
    assert last_commit(repo) == ("new(partner-deals): Partner deals", ["A\tgoals/grow/partner-deals/goal.yaml"])
    assert errors(repo.path) == []


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        pytest.param(["trials", "--parent", "grow"],
                     "goals/grow/trials/goal.yaml:1:1: error[duplicate-id] goal 'trials' already exists "
                     "(goals/grow/trials/goal.yaml)", id="taken-path"),
        pytest.param(["trials"],
                     "goals/trials/goal.yaml:1:1: error[duplicate-id] goal id 'trials' is already used by "
                     "goals/grow/trials/goal.yaml", id="taken-id"),
        pytest.param(["g2", "--period", "2027-q1"],
                     "goals/g2/goal.yaml:3:9: error[unknown-period] period '2027-q1' is not defined in "
                     "vindaris.yaml", id="unknown-period"),
        pytest.param(["g2", "--supports", "arr"],
                     "goals/g2/goal.yaml:4:1: error[supports-without-parent] goal 'g2' is a top-level goal; "
                     "`supports` names key results of a parent goal", id="supports-top-level"),
        pytest.param(["g2", "--parent", "trials", "--supports", "arr"],
                     "goals/grow/trials/g2/goal.yaml:5:5: error[unknown-key-result] parent goal 'trials' has no "
                     "key result 'arr'", id="supports-unknown"),
        pytest.param(["g2", "--kr", "y:Y:5:5"],
                     "goals/g2/goal.yaml:13:13: error[target-equals-baseline] key result 'y' has target equal to "
                     "its baseline (5): progress is undefined", id="target-equals-baseline"),
    ],
)
def test_new_goal_refusals(repo: GitRepo, args: list[str], stderr: str) -> None:
    before = snapshot(repo.path)
    defaults = ["--title", "T", "--owner", "bob", "--period", "2026-q4", "--kr", "x:X:0:1"]
    result = run(repo, "new", "goal", *defaults, *args)  # click keeps the last of a repeated option
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == stderr
    assert snapshot(repo.path) == before


def test_new_goal_off_a_terminal_takes_the_default_period(repo: GitRepo) -> None:
    result = run(repo, "new", "goal", "g2", "--title", "T", "--owner", "bob", "--kr", "x:X:0:1")
    assert result.exit_code == 0, result.output
    # The test strategy defines one period, which holds today or is the last one.
    assert "period: 2026-q4\n" in (repo.path / "goals/g2/goal.yaml").read_text()
    child = run(repo, "new", "goal", "g3", "--parent", "g2", "--title", "T", "--owner", "bob", "--kr", "y:Y:0:1")
    assert child.exit_code == 0, child.output
    assert "period: 2026-q4\n" in (repo.path / "goals/g2/g3/goal.yaml").read_text()


def test_new_goal_needs_a_key_result_off_a_terminal(repo: GitRepo) -> None:
    result = run(repo, "new", "goal", "g2", "--title", "T", "--owner", "bob", "--period", "2026-q4")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == ("vindaris: error: missing --kr or --milestone (an active goal needs a "
                                             "key result) (stdin is not a terminal, so there is nobody to ask)")
    result = run(repo, "new", "goal", "g2", "--title", "T", "--owner", "bob", "--period", "2026-q4",
                 "--kr", "arr:ARR:zero:1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "vindaris: error: --kr 'arr:ARR:zero:1': expected id:title:baseline:target[:unit]"


def test_new_goal_prompts_for_key_results(repo: GitRepo) -> None:
    answers = "Win partners\ncarol\n2026-q4\nsigned\nResellers signed\nmetric\n\n0\n2\ny\nlaunch\nLaunch event held\nmilestone\nn\n"
    result = run(repo, "new", "goal", "partners-push", "-i", input=answers)
    assert result.exit_code == 0, result.output
    text = (repo.path / "goals/partners-push/goal.yaml").read_text()
    assert text.endswith("key_results:\n  - id: signed\n    title: Resellers signed\n    baseline: 0\n    target: 2\n"
                         "    current: 0\n  - id: launch\n    title: Launch event held\n    kind: milestone\n"
                         "    done: false\n")
    assert errors(repo.path) == []


def test_new_files_point_at_the_schemas_when_the_repository_has_them(repo: GitRepo) -> None:
    assert run(repo, "schema").exit_code == 0
    assert run(repo, "new", "work", "trials", "faq", "--title", "FAQ", "--owner", "carol",
               "--moves", "signups").exit_code == 0
    first = (repo.path / "goals/grow/trials/faq.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../.vindaris/schemas/work.schema.json"
    assert (repo.path / "goals/grow/trials" / first.split("=", 1)[1]).resolve().is_file()
    assert errors(repo.path) == []


def test_unknown_goal_is_a_usage_error(repo: GitRepo, tmp_path: Path) -> None:
    result = run(repo, "new", "work", "grwo", "x", "--title", "T", "--owner", "bob", "--moves", "arr")
    assert result.exit_code == 2
    assert result.stderr == "vindaris: error: GOAL 'grwo' is not a goal\n  hint: did you mean 'grow'?\n"
