"""`vindaris checkin` and `vindaris work`: one value changes, nothing else, and --commit records just it."""

from __future__ import annotations

import json

from pathlib import Path

import pytest

from authoring_support import (
    COMMENTED_GOAL,
    IDENTITY,
    changed_lines,
    commits,
    errors,
    inserted_lines,
    last_commit,
    run,
    snapshot,
)
from gitrepo import GitRepo
from strategy_files import GROW_GOAL, SHIP, write_strategy


def test_initial_strategy_is_clean(repo: GitRepo) -> None:
    assert errors(repo.path) == []


def test_checkin_changes_exactly_one_line_of_a_commented_file(repo: GitRepo) -> None:
    path = repo.path / "goals/grow/goal.yaml"
    result = run(repo, "checkin", "grow", "arr", "400")
    assert result.exit_code == 0, result.output
    assert changed_lines(COMMENTED_GOAL, path.read_text()) == [
        (15, "    current: 250   # last check-in\n", "    current: 400   # last check-in\n"),
    ]
    assert result.stdout.splitlines() == [
        "updated goals/grow/goal.yaml",
        'not committed (with --commit: "checkin(grow/arr): 250 kEUR -> 400 kEUR")',
    ]
    assert errors(repo.path) == []


def test_checkin_commit_records_one_commit_of_just_that_file(repo: GitRepo) -> None:
    # Someone has other work staged and unstaged: none of it may join the commit.
    (repo.path / "goals/grow/ship.yaml").write_text(SHIP.replace("Ship", "Ship the"))
    repo.git("add", "goals/grow/ship.yaml")
    (repo.path / "people.yaml").write_text((repo.path / "people.yaml").read_text() + "# edited\n")
    before = commits(repo)
    result = run(repo, "checkin", "grow", "arr", "1520.5", "--note", "Two enterprise deals closed.", "--commit")
    assert result.exit_code == 0, result.output
    assert commits(repo)[1:] == before
    message, paths = last_commit(repo)
    assert message == "checkin(grow/arr): 250 kEUR -> 1,520.5 kEUR\n\nTwo enterprise deals closed."
    assert paths == ["M\tgoals/grow/goal.yaml"]
    status = repo.git("status", "--porcelain").splitlines()
    assert status == ["M  goals/grow/ship.yaml", " M people.yaml"], "the other changes stay where they were"


def test_the_note_of_a_check_in_is_what_status_and_the_report_show(repo: GitRepo) -> None:
    assert run(repo, "checkin", "grow", "arr", "300", "--note", "Two enterprise\ndeals closed.", "--commit").exit_code == 0
    assert run(repo, "checkin", "grow", "arr", "350", "--commit").exit_code == 0
    assert run(repo, "work", "block", "grow/ship", "--note", "Waiting on legal.", "--commit").exit_code == 0
    doc = json.loads(run(repo, "status", "--format", "json").stdout)
    arr = next(k for g in doc["goals"] for k in g["key_results"] if k["ref"] == "grow/arr")
    # The author's words, not the generated subject; without a note, the subject.
    assert [c["note"] for c in arr["checkins"]][-2:] == [
        "Two enterprise deals closed.", "checkin(grow/arr): 300 kEUR -> 350 kEUR"]
    page = run(repo, "report", "--format", "md").stdout
    assert "Two enterprise deals closed." in page and "Waiting on legal." in page
    # The page has From and To columns: a generated subject would only repeat them.
    assert "| 300 kEUR | 350 kEUR |  |" in page and "checkin(grow/arr): 300 kEUR -> 350 kEUR" not in page


def test_checkin_adds_current_after_target_where_there_was_none(repo: GitRepo) -> None:
    text = COMMENTED_GOAL.replace("    current: 250   # last check-in\n", "")
    write_strategy(repo.path, {"goals/grow/goal.yaml": text})
    result = run(repo, "checkin", "grow", "arr", "300")
    assert result.exit_code == 0, result.output
    assert inserted_lines(text, (repo.path / "goals/grow/goal.yaml").read_text()) == [(15, "    current: 300\n")]


def test_checkin_in_a_flow_mapping_and_with_crlf_and_bom(repo: GitRepo) -> None:
    text = ("\ufeff# CRLF on purpose\r\ntitle: Self-serve trials\r\nowner: carol\r\nperiod: 2026-q4\r\n"
            "supports: [arr]\r\nkey_results:\r\n  - {id: signups, title: Trial sign-ups, baseline: 100, target: 400}\r\n")
    write_strategy(repo.path, {"goals/grow/trials/goal.yaml": text})
    assert run(repo, "checkin", "trials", "signups", "150").exit_code == 0
    after = (repo.path / "goals/grow/trials/goal.yaml").read_bytes().decode("utf-8")
    assert after == text.replace("target: 400}", "target: 400, current: 150}")
    assert errors(repo.path) == []


def test_milestone_checkin(repo: GitRepo) -> None:
    result = run(repo, "checkin", "grow", "partners", "--done", "--commit", "--note", "Both signed.")
    assert result.exit_code == 0, result.output
    assert changed_lines(COMMENTED_GOAL, (repo.path / "goals/grow/goal.yaml").read_text()) == [
        (22, "    done: false    # not yet\n", "    done: true    # not yet\n"),
    ]
    assert last_commit(repo)[0] == "checkin(grow/partners): not done -> done\n\nBoth signed."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grow", "arr", "--done"], "vindaris: error: grow/arr is a metric: give its new VALUE (--done is for milestones)"),
        (["grow", "partners", "3"], "vindaris: error: grow/partners is a milestone: check it in with --done "
                                    "(or --not-done), without a VALUE"),
        (["grow", "arr", "1.5M"], "vindaris: error: VALUE '1.5M' is not a number"),
        (["grow", "ar", "5"], "vindaris: error: goal 'grow' has no key result 'ar'"),
        (["grwo", "arr", "5"], "vindaris: error: GOAL 'grwo' is not a goal"),
        (["grow/arr", "300"], "vindaris: error: GOAL 'grow/arr' names a key result: give its goal and key result apart"),
        (["grow", "arr"], "vindaris: error: missing VALUE (stdin is not a terminal, so there is nobody to ask)"),
    ],
)
def test_checkin_usage_errors_exit_2_and_write_nothing(repo: GitRepo, args: list[str], message: str) -> None:
    before = snapshot(repo.path)
    result = run(repo, "checkin", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert snapshot(repo.path) == before


def test_checkin_of_a_goal_kr_ref_says_how_to_write_it(repo: GitRepo) -> None:
    result = run(repo, "checkin", "grow/arr", "300 kEUR")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == "  hint: vindaris checkin grow arr '300 kEUR'"


def test_checkin_value_may_carry_the_unit_and_prompt_asks_for_it(repo: GitRepo) -> None:
    result = run(repo, "checkin", "grow", "arr", "-i", input="275kEUR\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("grow/arr: Net new ARR, now 250 kEUR (target 1,000 kEUR)\nNew value: ")
    assert "    current: 275   # last check-in\n" in (repo.path / "goals/grow/goal.yaml").read_text()


def test_checkin_of_the_same_value_changes_nothing(repo: GitRepo) -> None:
    before = snapshot(repo.path)
    result = run(repo, "checkin", "grow", "arr", "250", "--commit")
    assert result.exit_code == 0
    assert result.stdout == "grow/arr is already 250: nothing to change\n"
    assert snapshot(repo.path) == before and len(commits(repo)) == 1


@pytest.mark.parametrize(("verb", "state"), [("start", "active"), ("block", "blocked"), ("done", "done"),
                                             ("drop", "dropped"), ("plan", "planned")])
def test_work_state_changes_one_line_and_commits_it(repo: GitRepo, verb: str, state: str) -> None:
    before = "active" if state == "planned" else "planned"
    text = "# Reseller push.\ntitle: Sign two resellers   # two, not one\nowner: alice\nmoves: [partners]\n" \
           f"state: {before}    # agreed in the QBR\n\ndepends_on: [grow/ship]\n"
    write_strategy(repo.path, {"goals/grow/resellers.yaml": text})
    repo.commit("Comment the reseller item")
    result = run(repo, "work", verb, "grow/resellers", "--note", "Why it changed.", "--commit")
    assert result.exit_code == 0, result.output
    after = (repo.path / "goals/grow/resellers.yaml").read_text()
    assert changed_lines(text, after) == [
        (5, f"state: {before}    # agreed in the QBR\n", f"state: {state}    # agreed in the QBR\n")]
    assert last_commit(repo) == (f"work(grow/resellers): {before} -> {state}\n\nWhy it changed.",
                                 ["M\tgoals/grow/resellers.yaml"])
    assert errors(repo.path) == []


def test_work_state_is_added_after_owner_when_missing(repo: GitRepo) -> None:
    text = "title: Single sign-on for trials\nowner: bob\nmoves: [signups]\ndepends_on: [trials/signup-page]\n"
    write_strategy(repo.path, {"goals/grow/trials/sso.yaml": text})
    assert run(repo, "work", "start", "trials/sso").exit_code == 0
    assert inserted_lines(text, (repo.path / "goals/grow/trials/sso.yaml").read_text()) == [(3, "state: active\n")]


def test_work_state_that_would_fail_check_is_refused(repo: GitRepo) -> None:
    # dave has left: he may own finished work, not live work.
    before = snapshot(repo.path)
    result = run(repo, "work", "start", "grow/old-pricing", "--commit")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "goals/grow/old-pricing.yaml:2:8: error[inactive-owner] work item 'grow/old-pricing' is owned by 'dave', "
        "who is no longer active",
        "    hint: hand it to an active person",
        "vindaris: refused: this would fail `vindaris check`; nothing was written",
    ]
    assert snapshot(repo.path) == before and len(commits(repo)) == 1


def test_work_usage_errors(repo: GitRepo) -> None:
    result = run(repo, "work", "done", "ship")
    assert result.exit_code == 2
    assert result.stderr == ("vindaris: error: 'ship' is not a work item\n"
                             "  hint: did you mean 'grow/ship'?\n")
    result = run(repo, "work", "start", "grow/ship")
    assert (result.exit_code, result.stdout) == (0, "grow/ship is already active: nothing to change\n")
    # Nothing close: say what the goal holds, or that the goal is not there.
    result = run(repo, "work", "done", "grow/launch-everything")
    assert result.stderr.splitlines() == ["vindaris: error: 'grow/launch-everything' is not a work item",
                                          "  hint: goal 'grow' has: grow/old-pricing, grow/resellers, grow/ship"]
    result = run(repo, "work", "done", "grwo/x")
    assert result.stderr.splitlines()[1] == "  hint: there is no goal 'grwo'; did you mean 'grow'?"


def test_a_mistyped_item_is_matched_within_its_goal(tmp_path: Path) -> None:
    # Compared as whole refs, every item of a long-named goal looked close to
    # any id in it ('grow-the-mid-market/nope' -> "did you mean ...close-top-deals").
    goal = "grow-the-mid-market"
    root = write_strategy(tmp_path, {f"goals/{goal}/goal.yaml": GROW_GOAL, f"goals/{goal}/close-top-deals.yaml": SHIP})
    result = run(root, "work", "done", f"{goal}/nope")
    assert result.stderr.splitlines()[1] == f"  hint: goal '{goal}' has: {goal}/close-top-deals"
    result = run(root, "work", "done", f"{goal}/close-top-deal")
    assert result.stderr.splitlines()[1] == f"  hint: did you mean '{goal}/close-top-deals'?"


def test_commit_outside_git_is_refused_before_writing(tmp_path: Path) -> None:
    write_strategy(tmp_path)
    before = snapshot(tmp_path)
    result = run(tmp_path, "checkin", "grow", "arr", "300", "--commit")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"vindaris: error: --commit: {tmp_path.resolve()} is not inside a git repository")
    assert snapshot(tmp_path) == before
    assert run(tmp_path, "checkin", "grow", "arr", "300").exit_code == 0


def test_commit_when_the_strategy_is_a_subdirectory_of_the_repository(git_repo: GitRepo,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)
    root = git_repo.path / "company" / "strategy"
    write_strategy(root)
    git_repo.write("README.md", "The monorepo.\n")
    git_repo.commit("Initial")
    git_repo.write("README.md", "The monorepo, edited.\n")
    result = run(root, "work", "done", "trials/signup-page", "--commit")
    assert result.exit_code == 0, result.output
    assert last_commit(git_repo) == ("work(trials/signup-page): active -> done",
                                     ["M\tcompany/strategy/goals/grow/trials/signup-page.yaml"])
    assert git_repo.git("status", "--porcelain") == " M README.md\n"
