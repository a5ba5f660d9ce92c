"""git ended from outside in the middle of a command (the OOM killer, a CI
timeout, a kill): one line that says so, a hint, and exit code 2.

Run as real processes, with a `git` first on PATH (and given to GitPython)
that ends itself by SIGKILL when it is asked for the whole-history log.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo
from strategy_files import write_strategy

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", [["status", "--format", "json"], ["report", "--format", "md"]])
def test_a_git_log_killed_from_outside_is_one_line_that_says_so(git_repo: GitRepo, tmp_path: Path,
                                                                  command: list[str]) -> None:
    write_strategy(git_repo.path)
    git_repo.commit("The strategy", date="2026-10-01T09:00:00+00:00")
    real = shutil.which("git")
    assert real is not None
    shims = tmp_path / "bin"
    shims.mkdir()
    shim = shims / "git"
    shim.write_text('#!/bin/sh\ncase " $* " in *" --raw "*) kill -9 $$ ;; esac\n'
                    f'exec \'{real}\' "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}", "GIT_PYTHON_GIT_EXECUTABLE": str(shim),
           "PYTHONPATH": str(REPO), "VINDARIS_NO_CACHE": "1", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "vindaris", *command, "-C", str(git_repo.path)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "vindaris: error: git log failed: stopped by SIGKILL",
        "  hint: something ended it from outside (out of memory, a timeout, kill); run the command again",
    ]
