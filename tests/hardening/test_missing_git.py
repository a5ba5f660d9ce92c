"""A machine without git, or a Python environment without GitPython: one line that says which.

Run as real processes: what is missing is missing from the process's own
environment (PATH with no git on it; GitPython blocked from importing), the
way a fresh CI image or a broken install meets it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "strategy"


def _run(code: str, path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(NO_COLOR="1", PYTHONPATH=str(REPO), PATH=path)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


MAIN = "import sys; from vindaris.cli.main import main; sys.argv[0] = 'vindaris'; main()"


@pytest.mark.parametrize("command", [["status"], ["report"]])
def test_without_git_on_path_history_commands_say_git_is_not_installed(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = _run(MAIN, str(empty), *command, "-C", str(EXAMPLE))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("vindaris: error: git is not installed\n"), done.stderr
    assert "hint: install git" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_git_on_path_check_still_works(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = _run(MAIN, str(empty), "check", "-C", str(EXAMPLE))
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_git_on_path_owners_shows_ownership_from_the_files(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    done = _run(MAIN, str(empty), "owners", "-C", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "wei-chen" in done.stdout and "goal" in done.stdout
    assert "attention could not be computed here" in done.stdout


def test_without_gitpython_the_message_names_gitpython_not_git() -> None:
    blocked = "import sys; sys.modules['git'] = None; " + MAIN  # `import git` now fails as a missing package
    done = _run(blocked, os.environ.get("PATH", ""), "status", "-C", str(EXAMPLE))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("vindaris: error: GitPython is not installed in this Python environment\n")
    assert "reinstall Vindaris" in done.stderr
    assert "Traceback" not in done.stderr
