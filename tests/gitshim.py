"""A `git` shim that logs every git process a test's product code starts.

Every git process goes through a shim that logs its arguments and runs the
real git: GitPython is pointed at it, and it is first on PATH as `git` for
anything that would bypass GitPython. The `git_log` fixture (tests/conftest.py)
hands out a GitLog.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import git
import pytest


class GitLog:
    """The git processes started since the last `take()`, as their subcommands."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def take(self) -> list[str]:
        lines = self.path.read_text().splitlines() if self.path.exists() else []
        self.path.write_text("")
        return [_subcommand(line.split("\x1f")) for line in lines]


def _subcommand(args: list[str]) -> str:
    i = 0
    while args[i].startswith("-"):
        i += 2 if args[i] in ("-c", "-C") else 1
    return args[i]


def install_shim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitLog:
    real = shutil.which("git")
    assert real is not None
    shims = tmp_path / "shims"
    shims.mkdir()
    log = tmp_path / "git-processes.log"
    shim = shims / "git"
    shim.write_text(
        "#!/bin/sh\n"
        f"(IFS=\"$(printf '\\037')\"; printf '%s\\n' \"$*\") >> '{log}'\n"
        f'exec \'{real}\' "$@"\n'
    )
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{shims}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(git.Git, "GIT_PYTHON_GIT_EXECUTABLE", str(shim))
    return GitLog(log)


