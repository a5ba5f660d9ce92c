"""`vindaris move`: the item changes goal, its history follows, references stay valid."""

from __future__ import annotations

from pathlib import Path

from authoring_support import errors, last_commit, run, snapshot
from gitrepo import GitRepo
from strategy_files import write_strategy

# ship is depended on by grow/resellers and has an impact on arr.
SHIP = """\
# Checkout work, moved around a lot.
title: Ship self-serve checkout
owner: bob
moves:
  - arr       # the revenue line
state: active
due: 2026-11-30
contributors: [carol]
impact:
  arr: 300    # our estimate
"""


def test_move_uses_git_mv_and_rewrites_references(repo: GitRepo) -> None:
    write_strategy(repo.path, {"goals/grow/ship.yaml": SHIP})
    repo.commit("Comment ship")
    result = run(repo, "move", "grow/ship", "trials", "--moves", "signups", "--commit")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "moved goals/grow/ship.yaml -> goals/grow/trials/ship.yaml (git mv)",
        "updated goals/grow/resellers.yaml",
        "  removed impact on arr: trials/ship no longer moves it",
        "  updated depends_on in grow/resellers",
        # grow/arr lost its only active mover: check's warning is shown, the move is not refused.
        "goals/grow/goal.yaml:5:9: warning[unmoved-key-result] no planned or active work moves key result 'grow/arr'",
        "    hint: add a work item under goals/grow/ with `moves: [arr]`",
        result.stdout.splitlines()[6],
    ]
    assert result.stdout.splitlines()[6].endswith(" move(grow/ship): grow -> trials")
    assert not (repo.path / "goals/grow/ship.yaml").exists()
    assert (repo.path / "goals/grow/trials/ship.yaml").read_text() == (
        "# Checkout work, moved around a lot.\n"
        "title: Ship self-serve checkout\n"
        "owner: bob\n"
        "moves:\n"
        "  - signups\n"
        "state: active\n"
        "due: 2026-11-30\n"
        "contributors: [carol]\n"
    )
    assert "depends_on: [trials/ship]\n" in (repo.path / "goals/grow/resellers.yaml").read_text()
    message, changes = last_commit(repo)
    assert message == "move(grow/ship): grow -> trials"
    assert sorted(changes) == ["M\tgoals/grow/resellers.yaml", "R066\tgoals/grow/ship.yaml\tgoals/grow/trials/ship.yaml"]
    follow = repo.git("log", "--follow", "--format=%s", "--", "goals/grow/trials/ship.yaml").splitlines()
    assert follow == ["move(grow/ship): grow -> trials", "Comment ship", "Initial strategy"]
    assert errors(repo.path) == []


def test_move_without_moves_asks_with_the_new_goals_key_results(repo: GitRepo) -> None:
    result = run(repo, "move", "grow/resellers", "trials", "-i", input="signups\n")
    assert result.exit_code == 0, result.output
    assert "Goal trials: Self-serve trials\n" in result.stdout
    assert "Which key results of trials does resellers move? (signups): signups\n" in result.stdout
    assert "moves: [signups]\n" in (repo.path / "goals/grow/trials/resellers.yaml").read_text()
    assert repo.git("status", "--porcelain").splitlines() == [
        "RM goals/grow/resellers.yaml -> goals/grow/trials/resellers.yaml"]


def test_move_off_a_terminal_needs_moves(repo: GitRepo) -> None:
    before = snapshot(repo.path)
    result = run(repo, "move", "grow/resellers", "trials")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == ("vindaris: error: missing --moves (stdin is not a terminal, "
                                             "so there is nobody to ask)")
    assert snapshot(repo.path) == before


def test_move_refusals(repo: GitRepo) -> None:
    write_strategy(repo.path, {"goals/grow/trials/ship.yaml": "title: Other ship\nowner: carol\nmoves: [signups]\n"})
    repo.commit("A second ship")
    before = snapshot(repo.path)
    result = run(repo, "move", "grow/ship", "trials", "--moves", "signups")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("goals/grow/trials/ship.yaml:1:1: error[duplicate-id] work item "
                                             "'trials/ship' already exists (goals/grow/trials/ship.yaml)")
    result = run(repo, "move", "grow/resellers", "trials", "--moves", "arr")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("goals/grow/trials/resellers.yaml:3:9: error[unknown-key-result] "
                                             "goal 'trials' has no key result 'arr'")
    result = run(repo, "move", "grow/resellers", "grow", "--moves", "arr")
    assert (result.exit_code, result.stderr) == (2, "vindaris: error: grow/resellers already belongs to goal 'grow'\n")
    assert snapshot(repo.path) == before


def test_move_outside_git_renames_the_file(tmp_path: Path) -> None:
    write_strategy(tmp_path)
    result = run(tmp_path, "move", "trials/sso", "grow", "--moves", "arr")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "moved goals/grow/trials/sso.yaml -> goals/grow/sso.yaml"
    assert (tmp_path / "goals/grow/sso.yaml").read_text() == (
        "title: Single sign-on for trials\nowner: bob\nmoves: [arr]\nstate: blocked\ndepends_on: [trials/signup-page]\n")
    assert errors(tmp_path) == []
