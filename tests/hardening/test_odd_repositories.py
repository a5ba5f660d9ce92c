"""`vindaris status` on odd repositories: each with the result it should give.

Real git repositories with backdated commits (the `git_repo` fixture), read
through the CLI as CI reads them: `status --format json --as-of DATE`. The
history layer has its own tests for most of these shapes (tests/history/);
these assert what a reader of status sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from gitrepo import GitRepo

from vindaris.cli.main import cli

CONFIG = """\
version: 1
organization: Example Co
periods:
  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}
"""
PEOPLE = """\
people:
  - {id: alice, name: Alice Adams, email: alice@example.com}
  - {id: bob, name: Bob Brown, email: bob@example.com}
"""
BOB = ("Bob Brown", "bob@example.com")


def goal(current: float) -> str:
    return f"""\
title: Grow revenue
owner: alice
period: 2026-q4
key_results:
  - id: arr
    title: Net new ARR
    baseline: 0
    target: 1000
    current: {current}
"""


def item(state: str, title: str = "Ship") -> str:
    return f"title: {title}\nowner: bob\nmoves: [arr]\nstate: {state}\n"


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "-C", str(root)], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def status(root: Path, *args: str) -> dict[str, Any]:
    result = run(root, "status", "--format", "json", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def checkins(doc: dict[str, Any], ref: str = "grow/arr") -> list[tuple[str, float, float | None, str]]:
    kr = next(k for g in doc["goals"] for k in g["key_results"] if k["ref"] == ref)
    return [(c["date"][:10], c["value"], c["previous"], c["note"]) for c in kr["checkins"]]


def current(doc: dict[str, Any], ref: str = "grow/arr") -> float:
    value: float = next(k for g in doc["goals"] for k in g["key_results"] if k["ref"] == ref)["current"]
    return value


def work(doc: dict[str, Any]) -> list[tuple[str, str, str | None, str | None]]:
    return [(w["ref"], w["state"], w["created"], w["last_activity"]) for g in doc["goals"] for w in g["work"]]


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    git_repo.write("goals/grow/goal.yaml", goal(0))
    git_repo.write("goals/grow/ship.yaml", item("active"))
    git_repo.commit("Start", date="2026-10-01T09:00:00+00:00")
    return git_repo


def check_in(repo: GitRepo, value: float, day: str, note: str | None = None) -> str:
    repo.write("goals/grow/goal.yaml", goal(value))
    return repo.commit(note or f"checkin {value}", date=f"{day}T10:00:00+00:00")


def test_shallow_clone_is_partial_and_says_how_to_fetch_the_rest(repo: GitRepo, tmp_path: Path) -> None:
    for value, day in [(100, "2026-10-05"), (200, "2026-10-12"), (300, "2026-10-19")]:
        check_in(repo, value, day)
    clone = tmp_path / "shallow"
    GitRepo(tmp_path).git("clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone))

    doc = status(clone, "--as-of", "2026-10-20")
    assert (doc["history"]["available"], doc["history"]["shallow"]) == (True, True)
    assert "shallow clone" in doc["history"]["note"] and "fetch-depth: 0" in doc["history"]["note"]
    # Only the two commits that are here: the oldest holds what was there at
    # the cut (200 is where reading starts, not a check-in from the baseline),
    # which is why the result is partial.
    assert checkins(doc) == [("2026-10-19", 300, 200, "checkin 300")]
    assert current(doc) == 300
    text = run(clone, "status", "--as-of", "2026-10-20")
    assert text.exit_code == 0 and "note: history is cut (shallow clone)" in text.stdout

    # A date before the cut is not "before the first commit": the clone is still shallow.
    before = status(clone, "--as-of", "2026-10-06")
    assert (before["history"]["available"], before["history"]["shallow"]) == (False, True)
    assert before["history"]["note"].startswith("no commits at or before 2026-10-06: the repository is a shallow clone")
    assert "fetch-depth: 0" in before["history"]["note"]


def test_detached_head_reads_the_checked_out_commit(repo: GitRepo) -> None:
    first = check_in(repo, 100, "2026-10-05")
    check_in(repo, 200, "2026-10-12")
    repo.git("checkout", "-q", "--detach", "HEAD~1")
    for doc in (status(repo.path), status(repo.path, "--as-of", "2026-10-20")):
        assert doc["history"]["commit"] == first
        assert current(doc) == 100
        assert checkins(doc) == [("2026-10-05", 100, 0, "checkin 100")]


def test_merged_branch_check_ins_come_in_graph_order(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("goals/grow/goal.yaml", goal(100))
    repo.commit("on the branch", date="2026-10-05T10:00:00+00:00", author=BOB)
    repo.write("goals/grow/ship.yaml", item("done"))
    repo.commit("ship done", date="2026-10-06T10:00:00+00:00", author=BOB)
    repo.git("checkout", "-q", "main")
    repo.write("goals/grow/extra.yaml", item("planned", "Extra"))
    repo.commit("meanwhile on main", date="2026-10-07T10:00:00+00:00")
    assert repo.merge("feature", "Merge pull request #7 from someone/feature", date="2026-10-08T10:00:00+00:00")
    check_in(repo, 200, "2026-10-09")

    doc = status(repo.path, "--as-of", "2026-10-20")
    kr = next(k for g in doc["goals"] for k in g["key_results"])
    # The branch's check-in is the branch commit's (by bob), not the merge's; no duplicate from the merge.
    assert [(c["date"][:10], c["value"], c["author"], c["note"]) for c in kr["checkins"]] == [
        ("2026-10-05", 100, "bob", "on the branch"),
        ("2026-10-09", 200, "Ann Lee", "checkin 200"),
    ]
    assert work(doc) == [("grow/extra", "planned", "2026-10-07", "2026-10-07"),
                         ("grow/ship", "done", "2026-10-01", "2026-10-06")]
    # Before the merge, main's first-parent history has not seen the branch.
    before = status(repo.path, "--as-of", "2026-10-07")
    assert (current(before), checkins(before)) == (0, [])


def test_history_rewritten_by_a_rebase(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    old = [check_in(repo, 100, "2026-10-05"), check_in(repo, 200, "2026-10-06")]
    assert [c[3] for c in checkins(status(repo.path, "--as-of", "2026-10-20"))] == ["checkin 100", "checkin 200"]
    repo.git("checkout", "-q", "main")
    repo.write("goals/grow/ship.yaml", item("blocked"))
    repo.commit("ship blocked", date="2026-10-07T10:00:00+00:00")
    repo.git("checkout", "-q", "feature")
    # A rebase makes new commits with a new committer date: when they landed.
    repo.git("rebase", "-q", "main", env={"GIT_COMMITTER_DATE": "2026-10-08T10:00:00+00:00"})

    doc = status(repo.path, "--as-of", "2026-10-20")  # the cache of the old history must not answer
    kr = next(k for g in doc["goals"] for k in g["key_results"])
    new = repo.git("log", "--format=%H", "-2").split()[::-1]
    assert [(c["commit"], c["date"][:10], c["value"]) for c in kr["checkins"]] == [
        (new[0], "2026-10-08", 100), (new[1], "2026-10-08", 200),
    ]
    assert not set(old) & set(new)
    assert work(doc) == [("grow/ship", "blocked", "2026-10-01", "2026-10-07")]


def test_dates_in_the_future_or_out_of_order_keep_graph_order(repo: GitRepo) -> None:
    check_in(repo, 100, "2026-10-05")
    check_in(repo, 200, "2099-01-01", "from a clock in the future")
    check_in(repo, 300, "2026-09-01", "from a clock in the past")
    repo.write("goals/grow/ship.yaml", item("active", "Ship it"))
    check_in(repo, 400, "2026-10-10")

    doc = status(repo.path, "--as-of", "2026-10-20")
    assert current(doc) == 400
    assert checkins(doc) == [
        ("2026-10-05", 100, 0, "checkin 100"),
        ("2099-01-01", 200, 100, "from a clock in the future"),
        ("2026-09-01", 300, 200, "from a clock in the past"),
        ("2026-10-10", 400, 300, "checkin 400"),
    ]
    # A commit dated after as-of that as-of's history holds happened by then.
    repo.write("goals/grow/ship.yaml", item("active", "Ship it now"))
    repo.commit("touched from the future", date="2099-02-01T10:00:00+00:00")
    for doc in (status(repo.path), status(repo.path, "--as-of", "HEAD~1")):
        ship = next(w for g in doc["goals"] for w in g["work"])
        assert ship["days_idle"] >= 0 and ship["stalled"] is False
    text = run(repo.path, "status")
    assert text.exit_code == 0 and "  0d since activity" in text.stdout
    assert not re.search(r"-\d+d since activity", text.stdout)


def test_a_file_deleted_and_created_again(repo: GitRepo) -> None:
    repo.remove("goals/grow/ship.yaml")
    repo.commit("drop ship", date="2026-10-05T10:00:00+00:00")
    repo.write("goals/grow/ship.yaml", item("planned"))
    repo.commit("ship again", date="2026-10-09T10:00:00+00:00")
    check_in(repo, 100, "2026-10-10")
    repo.remove("goals/grow/goal.yaml")
    repo.commit("drop the goal", date="2026-10-11T10:00:00+00:00")
    repo.write("goals/grow/goal.yaml", goal(150))
    repo.commit("the goal again", date="2026-10-12T10:00:00+00:00")

    doc = status(repo.path, "--as-of", "2026-10-20")
    # One item across both lives: created when first created, active until it was restored.
    assert work(doc) == [("grow/ship", "planned", "2026-10-01", "2026-10-09")]
    assert current(doc) == 150
    assert [(day, value, note) for day, value, _, note in checkins(doc)] == [
        ("2026-10-10", 100, "checkin 100"), ("2026-10-12", 150, "the goal again"),
    ]


def test_a_renamed_goal_directory_keeps_its_check_ins(repo: GitRepo) -> None:
    check_in(repo, 100, "2026-10-05")
    repo.move("goals/grow", "goals/growth")
    repo.commit("rename the goal", date="2026-10-06T10:00:00+00:00")
    repo.write("goals/growth/goal.yaml", goal(200))
    repo.commit("checkin 200", date="2026-10-07T10:00:00+00:00")

    doc = status(repo.path, "--as-of", "2026-10-20")
    assert [g["id"] for g in doc["goals"]] == ["growth"]
    assert checkins(doc, "growth/arr") == [("2026-10-05", 100, 0, "checkin 100"), ("2026-10-07", 200, 100, "checkin 200")]
    assert work(doc) == [("growth/ship", "active", "2026-10-01", "2026-10-06")]


def test_an_empty_repository_gives_status_from_the_files(git_repo: GitRepo) -> None:
    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    git_repo.write("goals/grow/goal.yaml", goal(250))
    git_repo.write("goals/grow/ship.yaml", item("active"))
    for args in ((), ("--as-of", "2026-10-20")):
        doc = status(git_repo.path, *args)
        assert doc["history"] == {"available": False, "note": "the repository has no commits yet", "shallow": False,
                                  "commit": None, "uncommitted": False}
        assert (current(doc), checkins(doc)) == (250, [])
    text = run(git_repo.path, "status", "--as-of", "2026-10-20")
    assert (text.exit_code, text.stderr) == (0, "")
    assert text.stdout.splitlines() == [
        "Example Co  2026-q4 · 22% through · as of 2026-10-20",
        "note: the repository has no commits yet",
        "",
        "Nothing needs attention.",
        "",
        "Grow revenue  [grow] on-track  owner alice",
        "├── ██░░░░░░░░  25% Net new ARR  250 → 1,000  on-track  forecast 1,150  expected 22%",
        "└── • active   Ship  bob",
    ]
    revision = run(git_repo.path, "status", "--as-of", "HEAD")
    assert (revision.exit_code, revision.stdout) == (2, "")
    assert revision.stderr.splitlines() == [
        "vindaris: error: --as-of HEAD: the repository has no commits yet",
        "  hint: a revision needs git history; a date works without it",
    ]


@pytest.mark.parametrize("committed", [False, True], ids=["plain-directory", "one-commit"])
def test_a_bare_vindaris_yaml(git_repo: GitRepo, committed: bool) -> None:
    root = git_repo.path
    git_repo.write("vindaris.yaml", CONFIG)
    if committed:
        git_repo.commit("only the config", date="2026-10-01T10:00:00+00:00")
    else:
        (root / ".git").rename(root.parent / "not-git")
    result = run(root, "check")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "people.yaml:1:1: error[missing-file] people.yaml is missing: nobody can own anything",
        "1 error, 0 warnings in 1 files checked.",
    ]
    doc = status(root, "--as-of", "2026-10-20")
    assert (doc["organization"], doc["goals"], doc["owners"], doc["attention"]) == ("Example Co", [], [], [])
    text = run(root, "status", "--as-of", "2026-10-20")
    assert (text.exit_code, text.stderr) == (0, "")
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Example Co  2026-q4 · 22% through · as of 2026-10-20")
    assert lines[1:] == ([] if committed else [f"note: {root} is not inside a git repository"]) + [
        "vindaris check reports 1 error(s); run `vindaris check` for details",
        "",
        "Nothing needs attention.",
        "",
    ]


def test_names_with_spaces_unicode_quotes_and_tabs(git_repo: GitRepo) -> None:
    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    odd = 'goals/ziel ünï "q"'
    git_repo.write(f"{odd}/goal.yaml", goal(0))
    git_repo.write(f"{odd}/it's [1] ß.yaml", item("planned"))
    git_repo.commit("Start", date="2026-10-01T09:00:00+00:00")
    git_repo.write(f"{odd}/goal.yaml", goal(100))
    git_repo.write(f"{odd}/it's [1] ß.yaml", item("active"))
    git_repo.commit("checkin 100", date="2026-10-05T10:00:00+00:00")
    git_repo.move(odd, "goals/tab\there €")
    git_repo.commit("rename", date="2026-10-06T10:00:00+00:00")
    git_repo.write("goals/tab\there €/goal.yaml", goal(200))
    git_repo.commit("checkin 200", date="2026-10-07T10:00:00+00:00")

    doc = status(git_repo.path, "--as-of", "2026-10-20")
    assert checkins(doc, "tab\there €/arr") == [
        ("2026-10-05", 100, 0, "checkin 100"), ("2026-10-07", 200, 100, "checkin 200"),
    ]
    assert work(doc) == [("tab\there €/it's [1] ß", "active", "2026-10-01", "2026-10-06")]
    text = run(git_repo.path, "status", "--as-of", "2026-10-20")
    # A tab is shown as \t: the terminal would expand it, and a name must read
    # the same wherever it is printed (and match the path in `check` output).
    assert text.stdout.splitlines()[3:] == [
        "Needs attention (1)",
        "  stalled  tab\\there €/it's [1] ß  active with no commit for 14 days  → bob",
        "",
        "Grow revenue  [tab\\there €] on-track  owner alice",
        "├── ██░░░░░░░░  20% Net new ARR  200 → 1,000  on-track  ▁█  forecast 4,500  expected 22%",
        "└── • active   Ship  bob  14d since activity  stalled",
    ]
    check = run(git_repo.path, "check")
    assert check.stdout.splitlines() == [
        "goals/tab\\there €/goal.yaml:1:1: error[bad-slug] goal directory name 'tab\\there €' is not a slug"
        " (lowercase letters, digits and '-')",
        "goals/tab\\there €/it's [1] ß.yaml:1:1: error[bad-slug] work item file name \"it's [1] ß\" is not a slug"
        " (lowercase letters, digits and '-')",
        "2 errors, 0 warnings in 4 files checked.",
    ]
