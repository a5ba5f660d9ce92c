"""The real pre-commit tool runs the project's hook against a strategy repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_runs_vindaris_check(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    # A copy of the project as a committed repository: pre-commit installs hooks from a git repo.
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__",
                                                                  ".pytest_cache", "build", "demo", "bench"))
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "snapshot")

    strategy = tmp_path / "strategy"
    subprocess.run([sys.executable, "-m", "vindaris", "init", str(strategy), "-o", "Acme"], check=True, capture_output=True)
    _git(strategy, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(project), "vindaris-check", "--all-files"]
    ok = subprocess.run(cmd, cwd=strategy, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "vindaris check" in ok.stdout and "Passed" in ok.stdout

    (strategy / "goals" / "stray.yaml").write_text("title: Lost work\nowner: alex\nmoves: [first-result]\n")
    _git(strategy, "add", "-A")
    bad = subprocess.run(cmd, cwd=strategy, capture_output=True, text=True, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "goals/stray.yaml:1:1: error[orphaned-work]" in bad.stdout
