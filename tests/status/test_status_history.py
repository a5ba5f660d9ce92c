"""`vindaris status` from real git history: every health rule, time travel,
renames, uncommitted edits, no repository and a shallow clone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gitrepo import GitRepo
from vindaris.cli.main import cli

CONFIG = """\
version: 1
organization: Example Co
periods:
  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}
stall_after_days: 14
checkin_every_days: 7
max_active_items_per_owner: 2
"""

PEOPLE = """\
people:
  - {id: alice, name: Alice Adams, email: alice@example.com, github: alice-a}
  - {id: bob, name: Bob Brown, email: bob@example.com}
  - {id: dave, name: Dave Diaz, active: false}
"""

ALICE = ("Alice Adams", "alice@example.com")
BOB = ("Bob Brown", "bob@example.com")


def goal(current: float, *, extra_kr: str = "") -> str:
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
    current: {current}
{extra_kr}"""


def item(state: str, *, owner: str = "bob", moves: str = "arr", extra: str = "") -> str:
    return f"title: Work\nowner: {owner}\nmoves: [{moves}]\nstate: {state}\n{extra}"


def status(root: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["status", "-C", str(root), "--format", "json", *args])
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def kr(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(k for g in doc["goals"] for k in g["key_results"] if k["ref"] == ref)


def work(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(w for g in doc["goals"] for w in g["work"] if w["ref"] == ref)


def attention(doc: dict[str, Any], kind: str) -> list[str]:
    return [a["ref"] for a in doc["attention"] if a["kind"] == kind]


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    git_repo.write("goals/grow/goal.yaml", goal(0))
    git_repo.write("goals/grow/ship.yaml", item("active"))
    git_repo.commit("Start the quarter", date="2026-10-01T09:00:00+00:00", author=ALICE)
    return git_repo


def checkins(repo: GitRepo, values: list[tuple[str, float]]) -> None:
    for day, value in values:
        repo.write("goals/grow/goal.yaml", goal(value))
        repo.commit(f"checkin(grow/arr): {value}", date=f"{day}T10:00:00+00:00", author=ALICE)


def test_a_goal_file_deleted_and_restored_keeps_its_values(repo: GitRepo) -> None:
    checkins(repo, [("2026-10-05", 100)])
    repo.remove("goals/grow/goal.yaml")
    repo.commit("Remove the goal by mistake", date="2026-10-06T10:00:00+00:00", author=ALICE)
    repo.write("goals/grow/goal.yaml", goal(100))
    repo.commit("Restore the goal", date="2026-10-07T10:00:00+00:00", author=ALICE)
    repo.remove("goals/grow/goal.yaml")
    repo.commit("Remove it again", date="2026-10-08T10:00:00+00:00", author=ALICE)
    repo.write("goals/grow/goal.yaml", goal(180))
    repo.commit("Restore it with a new value", date="2026-10-09T10:00:00+00:00", author=ALICE)

    arr = kr(status(repo.path, "--as-of", "2026-10-10"), "grow/arr")
    # The restore brings 100 back: not a check-in from the baseline. A value
    # that differs from the one before the deletion is one, from that value.
    assert [(c["date"][:10], c["value"], c["previous"]) for c in arr["checkins"]] == [
        ("2026-10-05", 100, 0), ("2026-10-09", 180, 100),
    ]


def test_checkins_come_from_the_commits_that_changed_current(repo: GitRepo) -> None:
    checkins(repo, [("2026-10-05", 100), ("2026-10-12", 200), ("2026-10-19", 300)])
    doc = status(repo.path, "--as-of", "2026-10-20")
    arr = kr(doc, "grow/arr")
    assert [(c["date"][:10], c["value"], c["previous"], c["author"], c["note"]) for c in arr["checkins"]] == [
        ("2026-10-05", 100, 0, "alice", "checkin(grow/arr): 100"),
        ("2026-10-12", 200, 100, "alice", "checkin(grow/arr): 200"),
        ("2026-10-19", 300, 200, "alice", "checkin(grow/arr): 300"),
    ]
    assert arr["current"] == 300 and arr["progress"] == pytest.approx(0.3)
    # elapsed: 20 of 92 days
    assert arr["expected"] == pytest.approx(20 / 92, abs=1e-6)
    # least squares through (4,100), (11,200), (18,300): 100 per week -> day 92
    assert arr["forecast"] == pytest.approx(200 + 100 / 7 * (92 - 11), abs=1e-5)
    assert arr["health"] == "on-track"
    assert doc["history"]["available"] is True


def test_time_travel_sees_only_the_history_before_the_date(repo: GitRepo) -> None:
    checkins(repo, [("2026-10-05", 100), ("2026-10-12", 200), ("2026-10-19", 300)])
    doc = status(repo.path, "--as-of", "2026-10-12")
    arr = kr(doc, "grow/arr")
    assert arr["current"] == 200
    assert [c["value"] for c in arr["checkins"]] == [100, 200]
    assert doc["as_of"] == "2026-10-12"
    by_rev = status(repo.path, "--as-of", "HEAD~1")
    assert kr(by_rev, "grow/arr")["current"] == 200 and by_rev["as_of"] == "2026-10-12"


def test_flat_metric_is_off_track_and_without_active_work_flags_goal_without_work(repo: GitRepo) -> None:
    checkins(repo, [("2026-10-05", 10), ("2026-11-01", 20)])
    repo.write("goals/grow/ship.yaml", item("done"))
    repo.commit("ship done", date="2026-11-02T10:00:00+00:00", author=BOB)
    doc = status(repo.path, "--as-of", "2026-11-20")
    arr = kr(doc, "grow/arr")
    assert arr["health"] == "off-track"
    assert attention(doc, "off-track") == ["grow/arr"]
    assert attention(doc, "goal-without-work") == ["grow/arr"]


def test_at_risk_between_seventy_percent_and_target(repo: GitRepo) -> None:
    # 80 per week from day 4: forecast ~ 80 + 80/7*(92-4)... tuned to land at ~80% of target
    checkins(repo, [("2026-10-08", 70), ("2026-10-15", 140), ("2026-10-22", 210)])
    arr = kr(status(repo.path, "--as-of", "2026-10-23"), "grow/arr")
    assert 0.7 <= arr["forecast_progress"] < 1.0
    assert arr["health"] == "at-risk"


def test_not_started_early_in_the_period_and_stale_later(repo: GitRepo) -> None:
    early = kr(status(repo.path, "--as-of", "2026-10-10"), "grow/arr")
    assert early["health"] == "not-started" and early["stale"] is False
    late = status(repo.path, "--as-of", "2026-11-10")
    assert kr(late, "grow/arr")["stale"] is True
    assert attention(late, "stale-checkin") == ["grow/arr"]


def test_milestone_checkin_is_the_commit_that_set_done(repo: GitRepo) -> None:
    milestone = "  - id: launch\n    title: Launch\n    kind: milestone\n    done: {}\n"
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=milestone.format("false")))
    repo.commit("add launch", date="2026-10-02T10:00:00+00:00", author=ALICE)
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=milestone.format("true")))
    repo.commit("launched", date="2026-10-09T10:00:00+00:00", author=ALICE)
    launch = kr(status(repo.path, "--as-of", "2026-10-10"), "grow/launch")
    assert [(c["value"], c["note"]) for c in launch["checkins"]] == [(1.0, "launched")]
    assert launch["health"] == "achieved" and launch["progress"] == 1.0


def test_stalled_active_work(repo: GitRepo) -> None:
    doc = status(repo.path, "--as-of", "2026-10-15")
    assert work(doc, "grow/ship")["stalled"] is True and work(doc, "grow/ship")["days_idle"] == 14
    assert attention(doc, "stalled") == ["grow/ship"]
    assert work(status(repo.path, "--as-of", "2026-10-14"), "grow/ship")["stalled"] is False


def test_overdue_long_blocked_dependency_and_cycle_time(repo: GitRepo) -> None:
    repo.write("goals/grow/late.yaml", item("planned", extra="due: 2026-10-10\n"))
    repo.write("goals/grow/wait.yaml", item("planned", extra="depends_on: [grow/late]\n"))
    repo.write("goals/grow/fast.yaml", item("planned"))
    repo.commit("plan", date="2026-10-02T10:00:00+00:00", author=BOB)
    repo.write("goals/grow/fast.yaml", item("active"))
    repo.commit("start fast", date="2026-10-03T10:00:00+00:00", author=BOB)
    repo.write("goals/grow/ship.yaml", item("blocked"))
    repo.commit("ship blocked", date="2026-10-04T10:00:00+00:00", author=BOB)
    repo.write("goals/grow/fast.yaml", item("done"))
    repo.commit("fast done", date="2026-10-08T10:00:00+00:00", author=BOB)
    doc = status(repo.path, "--as-of", "2026-10-20")
    assert work(doc, "grow/late")["overdue"] is True
    assert work(doc, "grow/wait")["blocked_by"] == ["grow/late"]
    # blocked on 10-04: 14 days later is not yet "more than stall_after_days"
    assert work(status(repo.path, "--as-of", "2026-10-18"), "grow/ship")["long_blocked"] is False
    doc = status(repo.path, "--as-of", "2026-10-19")
    assert work(doc, "grow/ship")["long_blocked"] is True
    assert "grow/ship" in attention(doc, "long-blocked")
    assert work(doc, "grow/fast")["cycle_days"] == 5
    assert attention(doc, "overdue") == ["grow/late"]


def test_work_without_effect_when_finished_work_left_the_metric_flat(repo: GitRepo) -> None:
    checkins(repo, [("2026-10-03", 50)])
    repo.write("goals/grow/ship.yaml", item("done"))
    repo.write("goals/grow/next.yaml", item("active"))
    repo.commit("ship done", date="2026-10-05T10:00:00+00:00", author=BOB)
    # within the grace period nothing is said
    assert attention(status(repo.path, "--as-of", "2026-10-10"), "work-without-effect") == []
    doc = status(repo.path, "--as-of", "2026-10-20")
    assert attention(doc, "work-without-effect") == ["grow/arr"]
    # a check-in after the work finished clears it
    checkins(repo, [("2026-10-21", 80)])
    assert attention(status(repo.path, "--as-of", "2026-10-22"), "work-without-effect") == []


def test_work_without_effect_when_impact_far_exceeds_the_movement(repo: GitRepo) -> None:
    repo.write("goals/grow/ship.yaml", item("active", extra="impact:\n  arr: 400\n"))
    repo.commit("impact", date="2026-10-02T10:00:00+00:00", author=BOB)
    repo.write("goals/grow/ship.yaml", item("done", extra="impact:\n  arr: 400\n"))
    repo.write("goals/grow/goal.yaml", goal(100))
    repo.write("goals/grow/next.yaml", item("active"))
    repo.commit("ship done, arr 100", date="2026-10-05T10:00:00+00:00", author=BOB)
    doc = status(repo.path, "--as-of", "2026-10-06")
    messages = [a["message"] for a in doc["attention"] if a["kind"] == "work-without-effect"]
    assert messages == ["finished work promised 400 but it moved 100"]


def test_owner_departed_and_overloaded(repo: GitRepo) -> None:
    repo.write("goals/grow/a.yaml", item("active"))
    repo.write("goals/grow/b.yaml", item("active"))
    repo.write("goals/grow/gone.yaml", item("done", owner="dave"))
    repo.commit("more work", date="2026-10-02T10:00:00+00:00", author=BOB)
    doc = status(repo.path, "--as-of", "2026-10-03")
    assert attention(doc, "owner-overloaded") == ["bob"]
    bob = next(o for o in doc["owners"] if o["person"] == "bob")
    assert bob["active_work"] == 3 and bob["overloaded"] is True
    # dave only owns done work: departed owners of finished work are history, not a problem
    assert attention(doc, "owner-departed") == []


def test_renamed_work_item_keeps_its_history(repo: GitRepo) -> None:
    repo.write("goals/other/goal.yaml", goal(0).replace("Grow revenue", "Other"))
    repo.commit("other goal", date="2026-10-02T10:00:00+00:00", author=ALICE)
    repo.move("goals/grow/ship.yaml", "goals/other/ship.yaml")
    repo.commit("move ship", date="2026-10-06T10:00:00+00:00", author=BOB)
    doc = status(repo.path, "--as-of", "2026-10-07")
    moved = work(doc, "other/ship")
    assert moved["created"] == "2026-10-01"
    assert moved["last_activity"] == "2026-10-06"


def test_uncommitted_changes_count_as_now(repo: GitRepo) -> None:
    repo.write("goals/grow/goal.yaml", goal(420))
    doc = status(repo.path)
    assert doc["history"]["uncommitted"] is True
    last = kr(doc, "grow/arr")["checkins"][-1]
    assert last["value"] == 420 and last["commit"] is None
    assert "uncommitted" in last["note"]


def test_commit_authors_map_to_people_by_github_noreply_address(repo: GitRepo) -> None:
    repo.write("goals/grow/goal.yaml", goal(10))
    repo.commit("via the web UI", date="2026-10-03T10:00:00+00:00",
                author=("A. Adams", "12345+alice-a@users.noreply.github.com"))
    assert kr(status(repo.path, "--as-of", "2026-10-04"), "grow/arr")["checkins"][0]["author"] == "alice"


def test_without_a_repository_the_files_still_give_progress(repo: GitRepo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo.path, plain, ignore=shutil.ignore_patterns(".git"))
    (plain / "goals/grow/goal.yaml").write_text(goal(500))
    doc = status(plain, "--as-of", "2026-11-01")
    assert doc["history"]["available"] is False and doc["history"]["note"]
    arr = kr(doc, "grow/arr")
    assert arr["progress"] == 0.5 and arr["checkins"] == []
    assert work(doc, "grow/ship")["stalled"] is False
    text = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["status", "-C", str(plain)])
    assert text.exit_code == 0 and "note:" in text.stdout


def test_shallow_clone_warns_and_says_how_to_fetch_everything(repo: GitRepo, tmp_path: Path) -> None:
    checkins(repo, [("2026-10-05", 100), ("2026-10-12", 200)])
    clone = GitRepo(tmp_path / "shallow")
    GitRepo(tmp_path).git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone.path))
    doc = status(clone.path, "--as-of", "2026-10-13")
    assert doc["history"]["shallow"] is True
    assert "fetch-depth: 0" in doc["history"]["note"]
    text = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["status", "-C", str(clone.path), "--as-of", "2026-10-13"])
    assert "shallow" in text.stdout and "fetch-depth: 0" in text.stdout


def test_filters_narrow_the_view(repo: GitRepo) -> None:
    repo.write("goals/grow/child/goal.yaml", goal(0).replace("Grow revenue", "Child").replace("owner: alice", "owner: bob"))
    repo.write("goals/grow/child/task.yaml", item("active"))
    repo.commit("child", date="2026-10-02T10:00:00+00:00", author=BOB)
    doc = status(repo.path, "--as-of", "2026-10-03", "--goal", "child")
    assert [g["id"] for g in doc["goals"]] == ["child"]
    doc = status(repo.path, "--as-of", "2026-10-03", "--owner", "alice")
    assert [g["id"] for g in doc["goals"]] == ["grow"]
    bad = CliRunner().invoke(cli, ["status", "-C", str(repo.path), "--goal", "nope"])
    assert bad.exit_code == 2 and "no such goal" in bad.stderr
    doc = status(repo.path, "--as-of", "2026-10-03", "--period", "2026-q4")
    assert [g["id"] for g in doc["goals"]] == ["grow", "child"]
    # A period vindaris.yaml does not define is a typo, not an empty view.
    bad = CliRunner().invoke(cli, ["status", "-C", str(repo.path), "--period", "2026-q5"])
    assert (bad.exit_code, bad.stderr.splitlines()) == (2, [
        "vindaris: error: --period 2026-q5: no such period in vindaris.yaml", "  hint: known: 2026-q4"])


def test_bad_as_of_is_one_line_and_exit_two(repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["status", "-C", str(repo.path), "--as-of", "not-a-rev"])
    assert result.exit_code == 2
    assert result.stderr.startswith("vindaris: error:") and "Traceback" not in result.stderr


def test_same_repository_and_date_give_the_same_bytes(repo: GitRepo) -> None:
    checkins(repo, [("2026-10-05", 100)])
    runner = CliRunner()
    args = ["status", "-C", str(repo.path), "--as-of", "2026-10-20"]
    assert runner.invoke(cli, [*args, "--format", "json"]).stdout == runner.invoke(cli, [*args, "--format", "json"]).stdout
    assert runner.invoke(cli, args).stdout == runner.invoke(cli, args).stdout


def test_a_goal_added_late_is_not_started_rather_than_off_track(repo: GitRepo) -> None:
    repo.write("goals/late/goal.yaml", goal(0).replace("Grow revenue", "Late goal"))
    repo.write("goals/late/work.yaml", item("active"))
    repo.commit("a new goal mid-quarter", date="2026-11-10T10:00:00+00:00", author=ALICE)
    fresh = kr(status(repo.path, "--as-of", "2026-11-12"), "late/arr")
    assert fresh["health"] == "not-started" and fresh["stale"] is False
    later = kr(status(repo.path, "--as-of", "2026-11-30"), "late/arr")
    assert later["health"] == "off-track" and later["stale"] is True


def test_a_dropped_goal_keeps_its_state_as_health(repo: GitRepo) -> None:
    repo.write("goals/grow/goal.yaml", goal(10).replace("period: 2026-q4", "period: 2026-q4\nstate: dropped"))
    repo.commit("drop it", date="2026-11-01T10:00:00+00:00", author=ALICE)
    doc = status(repo.path, "--as-of", "2026-11-20")
    assert kr(doc, "grow/arr")["health"] == "dropped"
    assert attention(doc, "off-track") == []


MILESTONE = "  - id: launch\n    title: Launch\n    kind: milestone\n    done: {}\n"


def test_parallel_branches_editing_one_goal_file_give_no_false_checkins(repo: GitRepo) -> None:
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=MILESTONE.format("false")))
    repo.commit("add launch", date="2026-10-01T12:00:00+00:00", author=ALICE)
    repo.git("checkout", "-q", "-b", "arr-update")
    repo.write("goals/grow/goal.yaml", goal(120, extra_kr=MILESTONE.format("false")))
    repo.commit("checkin(grow/arr): 120", date="2026-10-02T10:00:00+00:00", author=BOB)
    repo.git("checkout", "-q", "main")
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=MILESTONE.format("true")))
    repo.commit("launched", date="2026-10-03T10:00:00+00:00", author=ALICE)
    # both sides edited the file: git merges the two lines cleanly
    assert repo.merge("arr-update", "Merge pull request #9 from example/arr-update",
                      date="2026-10-04T10:00:00+00:00") is not None
    assert "current: 120" in (repo.path / "goals/grow/goal.yaml").read_text()
    assert "done: true" in (repo.path / "goals/grow/goal.yaml").read_text()
    doc = status(repo.path, "--as-of", "2026-10-05")
    launch = [(c["value"], c["note"]) for c in kr(doc, "grow/launch")["checkins"]]
    assert launch == [(1.0, "launched")], "the merge repeats the branch's content; it changes nothing"
    arr = [(c["value"], c["previous"], c["note"]) for c in kr(doc, "grow/arr")["checkins"]]
    assert arr == [(120, 0, "checkin(grow/arr): 120")]


def test_a_merge_that_resolves_a_conflict_with_a_new_value_is_a_checkin(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.write("goals/grow/goal.yaml", goal(100))
    repo.commit("side: 100", date="2026-10-02T10:00:00+00:00", author=BOB)
    repo.git("checkout", "-q", "main")
    repo.write("goals/grow/goal.yaml", goal(200))
    repo.commit("main: 200", date="2026-10-03T10:00:00+00:00", author=ALICE)
    assert repo.merge("side", "Merge side", date="2026-10-04T10:00:00+00:00") is None  # conflict
    repo.write("goals/grow/goal.yaml", goal(250))
    repo.commit("Merge side: both counted, 250", date="2026-10-04T10:00:00+00:00", author=ALICE)
    arr = [(c["value"], c["note"]) for c in kr(status(repo.path, "--as-of", "2026-10-05"), "grow/arr")["checkins"]]
    assert sorted(arr) == [(100, "side: 100"), (200, "main: 200"), (250, "Merge side: both counted, 250")]


def test_a_date_before_the_first_commit_is_refused_not_answered_with_todays_files(repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["status", "-C", str(repo.path), "--as-of", "2026-09-01"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "vindaris: error: --as-of 2026-09-01: no commits at or before 2026-09-01"



def test_a_date_that_has_not_come_is_refused_not_answered_with_the_clock_run_on(repo: GitRepo) -> None:
    import datetime as dt

    from vindaris.errors import UsageError
    from vindaris.status.compute import compute_status

    tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).date().isoformat()
    for command in ("status", "report"):
        result = CliRunner().invoke(cli, [command, "-C", str(repo.path), "--as-of", tomorrow])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.splitlines()[0].startswith(f"vindaris: error: --as-of {tomorrow} has not come yet")
        assert result.stdout == ""
    # Up to today's date (as the library's caller gives "now") is the past; one day on is not.
    now = dt.datetime(2026, 10, 20, 23, 30, tzinfo=dt.timezone.utc)
    assert compute_status(repo.path, "2026-10-20", now).status.as_of == dt.date(2026, 10, 20)
    with pytest.raises(UsageError, match="has not come yet"):
        compute_status(repo.path, "2026-10-22", now)

def test_uncommitted_changes_give_the_same_bytes_all_day(repo: GitRepo) -> None:
    import datetime as dt

    from vindaris.render.status_json import as_json
    from vindaris.status.compute import compute_status

    repo.write("goals/grow/goal.yaml", goal(420))
    morning = compute_status(repo.path, None, dt.datetime(2026, 10, 20, 8, 0, 1, tzinfo=dt.timezone.utc))
    evening = compute_status(repo.path, None, dt.datetime(2026, 10, 20, 18, 30, 59, tzinfo=dt.timezone.utc))
    assert as_json(morning.status) == as_json(evening.status)
    assert morning.status.facts.uncommitted is True


NRR = "  - id: nrr\n    title: NRR\n    baseline: 100\n    target: 110\n    current: {}\n"


def late_goal(repo: GitRepo, written: str, checkin: tuple[str, float]) -> None:
    """Goal `late` written down at `written` (its key result at the baseline), then one check-in."""
    repo.write("goals/late/goal.yaml", goal(0).replace("Grow revenue", "Late goal"))
    repo.write("goals/late/work.yaml", item("active"))
    repo.commit("a new goal mid-quarter", date=written, author=ALICE)
    when, value = checkin
    repo.write("goals/late/goal.yaml", goal(value).replace("Grow revenue", "Late goal"))
    repo.commit(f"checkin(late/arr): {value}", date=when, author=ALICE)


def test_a_goal_added_late_is_expected_to_move_from_the_day_it_was_written(repo: GitRepo) -> None:
    # Written down on 2026-11-10 with its key result at the baseline: 52 days
    # of the quarter are left, and by 2026-11-24 it is 15 of them in.
    late_goal(repo, "2026-11-10T10:00:00+00:00", ("2026-11-20T10:00:00+00:00", 300))
    late = kr(status(repo.path, "--as-of", "2026-11-24"), "late/arr")
    assert late["expected"] == round(15 / 52, 6)
    # The line runs from the baseline on 2026-11-10 (300 in 10 days): it
    # reaches the target. From the quarter's start it would be off-track.
    assert late["forecast"] == pytest.approx(300 * 52 / 10, rel=1e-6)
    assert late["health"] == "on-track"


def test_a_goal_brought_in_already_moved_keeps_the_quarters_clock(repo: GitRepo) -> None:
    # A strategy put into git mid-quarter arrives with its progress so far:
    # it started before its first commit, with the quarter.
    repo.write("goals/late/goal.yaml", goal(300, extra_kr=NRR.format(100)).replace("Grow revenue", "Imported goal"))
    repo.commit("bring the strategy into git", date="2026-11-10T10:00:00+00:00", author=ALICE)
    doc = status(repo.path, "--as-of", "2026-11-24")
    imported, quarter = kr(doc, "late/arr"), kr(doc, "grow/arr")
    # The whole goal keeps the quarter's clock, its key result that has not moved yet too.
    assert imported["expected"] == quarter["expected"] == kr(doc, "late/nrr")["expected"] == round(55 / 92, 6)
    assert imported["forecast"] == pytest.approx(300 * 92 / 40, rel=1e-6)  # 300 in 40 days from 2026-10-01


def test_a_goal_checked_in_on_the_day_it_was_written_has_no_trajectory_yet(repo: GitRepo) -> None:
    late_goal(repo, "2026-11-10T09:00:00+00:00", ("2026-11-10T15:00:00+00:00", 200))
    same_day = kr(status(repo.path, "--as-of", "2026-11-10"), "late/arr")
    assert same_day["forecast"] is None and same_day["health"] == "not-started"
    assert [c["value"] for c in same_day["checkins"]] == [200]


def test_a_key_result_added_later_to_a_goal_starts_its_clock_when_it_was_added(repo: GitRepo) -> None:
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=NRR.format(100)))  # added at its baseline
    repo.commit("add a key result", date="2026-11-10T10:00:00+00:00", author=ALICE)
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=NRR.format(104)))
    repo.commit("checkin(grow/nrr): 104", date="2026-11-20T10:00:00+00:00", author=ALICE)
    doc = status(repo.path, "--as-of", "2026-11-24")
    added, old = kr(doc, "grow/nrr"), kr(doc, "grow/arr")
    assert added["expected"] == round(15 / 52, 6) and old["expected"] == round(55 / 92, 6)
    assert added["forecast"] == pytest.approx(100 + 4 * 52 / 10, rel=1e-6)  # from 2026-11-10
    assert added["health"] == "on-track"


def test_a_key_result_added_already_moved_keeps_its_goals_clock(repo: GitRepo) -> None:
    repo.write("goals/grow/goal.yaml", goal(0, extra_kr=NRR.format(104)))
    repo.commit("add a key result with its value so far", date="2026-11-10T10:00:00+00:00", author=ALICE)
    assert kr(status(repo.path, "--as-of", "2026-11-24"), "grow/nrr")["expected"] == round(55 / 92, 6)
