"""Hostile content in *old* versions: history that `check` never saw.

`check` guards the current files, but `status` reads every historical version
of every strategy file, and one bad commit stays in history for ever even
after it is fixed. Such a version is simply not a check-in: status keeps
going, says nothing false, and its JSON stays strict JSON.

Each case commits a clean goal, then the hostile version, then a fixed one;
the only check-in is the fixed value, measured from the clean one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from strategy_files import BASE_FILES, GROW_GOAL

from vindaris.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
GOAL = "goals/grow/goal.yaml"


def goal_with(current: str) -> str:
    return GROW_GOAL.replace("current: 250", f"current: {current}")


BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    + ["key_results: *a9", ""]
)

CASES = [
    pytest.param(goal_with("9" * 400), id="400-digit-integer"),  # no float holds it
    pytest.param(goal_with("9" * 5000), id="5000-digit-integer"),  # int() itself refuses it
    pytest.param(goal_with("9" * 400 + ".5"), id="400-digit-decimal"),  # float() reads it as inf
    pytest.param(goal_with(".nan"), id="nan"),
    pytest.param(goal_with("-.inf"), id="minus-infinity"),
    pytest.param(goal_with("1.0e+999"), id="overflowing-exponent"),
    pytest.param(goal_with("!!python/object/apply:os.system ['touch {marker}']"), id="unsafe-tag"),
    pytest.param(goal_with("!!int"), id="empty-int-tag"),  # IndexError inside PyYAML
    pytest.param(goal_with("250").replace("owner: alice", "owner: !!bool maybe"), id="bad-bool-tag"),  # KeyError
    pytest.param(goal_with("!!timestamp someday"), id="bad-timestamp-tag"),  # AttributeError
    pytest.param(BILLION_LAUGHS, id="billion-laughs"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", id="binary"),
    pytest.param(goal_with("250").encode() + b"description: caf\xe9\n", id="invalid-utf-8"),
    pytest.param(goal_with("250").encode("utf-16"), id="utf-16"),
    pytest.param("title: [unclosed\n", id="invalid-yaml"),
    pytest.param("- just\n- a list\n", id="a-list"),
    pytest.param(goal_with("250").replace("  - id: arr", "  - id: [arr]"), id="id-is-a-list"),
]


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in status JSON")

    return json.loads(text, parse_constant=refuse)


def history_with(repo: GitRepo, hostile: str | bytes) -> None:
    for path, content in BASE_FILES.items():
        repo.write(path, content)
    repo.write(GOAL, goal_with("0"))
    repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    target = repo.path / GOAL
    if isinstance(hostile, bytes):
        target.write_bytes(hostile)
    else:
        target.write_text(hostile, encoding="utf-8")
    repo.commit("Oops", date="2026-10-05T10:00:00+00:00")
    repo.write(GOAL, goal_with("300"))
    repo.commit("Fixed", date="2026-10-09T10:00:00+00:00")


@pytest.mark.parametrize("hostile", CASES)
def test_a_hostile_old_version_is_not_a_checkin(git_repo: GitRepo, tmp_path: Path, hostile: str | bytes) -> None:
    marker = tmp_path / "pwned"
    history_with(git_repo, hostile.format(marker=marker) if isinstance(hostile, str) and "{marker}" in hostile
                 else hostile)
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["status", "-C", str(git_repo.path), "--as-of", "2026-10-10", "--format", "json"])
    assert time.perf_counter() - start < 5
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert not marker.exists()
    doc = strict_json(result.stdout)
    arr = next(k for g in doc["goals"] for k in g["key_results"] if k["ref"] == "grow/arr")
    assert [(c["date"][:10], c["value"], c["previous"], c["note"]) for c in arr["checkins"]] == [
        ("2026-10-09", 300, 0, "Fixed"),
    ]
    assert arr["current"] == 300


def run_status(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m vindaris status` in a subprocess, so a crash fails one test, not the session."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(NO_COLOR="1", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "vindaris", "status", "-C", str(root), *args],
                          capture_output=True, text=True, timeout=60, env=env, cwd=REPO, check=False)


def test_a_deeply_nested_old_goal_does_not_kill_the_process(git_repo: GitRepo) -> None:
    # The C composer recurses once per level and dies with SIGSEGV past ~20,000;
    # `check` screens current files for this, and status must screen old ones.
    history_with(git_repo, "title: T\ndescription:\n  " + "[" * 50_000 + "]" * 50_000 + "\n")
    proc = run_status(git_repo.path, "--as-of", "2026-10-10", "--format", "json")
    assert (proc.returncode, proc.stderr) == (0, "")
    arr = next(k for g in strict_json(proc.stdout)["goals"] for k in g["key_results"] if k["ref"] == "grow/arr")
    assert [(c["value"], c["note"]) for c in arr["checkins"]] == [(300, "Fixed")]


def test_a_deeply_nested_old_work_item_does_not_kill_the_process(git_repo: GitRepo) -> None:
    ship = "goals/grow/ship.yaml"
    for path, content in BASE_FILES.items():
        git_repo.write(path, content)
    git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    git_repo.write(ship, "state: " + "[" * 50_000 + "\n")
    git_repo.commit("Oops", date="2026-10-03T10:00:00+00:00")
    git_repo.write(ship, BASE_FILES[ship].replace("state: active", "state: done"))
    git_repo.commit("Done", date="2026-10-05T10:00:00+00:00")
    proc = run_status(git_repo.path, "--as-of", "2026-10-06", "--format", "json")
    assert (proc.returncode, proc.stderr) == (0, "")
    work = next(w for g in strict_json(proc.stdout)["goals"] for w in g["work"] if w["ref"] == "grow/ship")
    assert (work["state"], work["created"], work["last_activity"]) == ("done", "2026-10-01", "2026-10-05")
