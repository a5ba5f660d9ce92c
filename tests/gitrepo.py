"""A real, temporary git repository for tests, with backdated commits.

Tests may run git directly (only product code must go through
`vindaris.history`). Every command runs with the machine's git configuration
switched off and a fixed identity, so results do not depend on who runs them:

    repo = GitRepo(tmp_path / "repo").init()
    repo.write("goals/grow/ship.yaml", "title: Ship\\n")
    sha = repo.commit("Add ship", date="2026-10-01T10:00:00+00:00")
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

DEFAULT_DATE = "2026-10-01T10:00:00+00:00"
DEFAULT_AUTHOR = ("Ann Lee", "ann@example.com")

# No global or system config: a developer's commit.gpgsign, init.defaultBranch
# or diff.renames must not change what the tests see.
ISOLATED_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment with git isolated from the machine's config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(ISOLATED_ENV)
    # An identity for commands that record one (tags, merges); commit() sets its own.
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"], env[f"GIT_{role}_EMAIL"] = DEFAULT_AUTHOR
    env.update(extra or {})
    return env


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Isolate git started by product code too: no machine config, no GIT_* from the shell."""
    for key in list(os.environ):
        if key.startswith("GIT_") and key != "GIT_PYTHON_GIT_EXECUTABLE":
            monkeypatch.delenv(key)
    for key, value in ISOLATED_ENV.items():
        monkeypatch.setenv(key, value)


class GitRepo:
    """A git working tree at `path`, driven by the real `git` command."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str, env: Mapping[str, str] | None = None, input: bytes | None = None) -> str:
        """Run git in the repository; its stdout, or CalledProcessError with stderr."""
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=git_env(env),
            input=input,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise subprocess.CalledProcessError(
                done.returncode, done.args, done.stdout, done.stderr.decode("utf-8", "replace")
            )
        return done.stdout.decode("utf-8", "surrogateescape")

    def init(self) -> GitRepo:
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        return self

    def write(self, relpath: str, text: str) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def remove(self, relpath: str) -> None:
        self.git("rm", "-q", "--", relpath)

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", old, new)

    def commit(
        self,
        message: str,
        date: str = DEFAULT_DATE,
        author: tuple[str, str] = DEFAULT_AUTHOR,
        *,
        committer_date: str | None = None,
    ) -> str:
        """Stage everything and commit it, backdated; the new commit's sha."""
        name, email = author
        self.git("add", "-A")
        self.git(
            "commit",
            "-q",
            "--allow-empty",
            "--no-verify",
            "-m",
            message,
            env={
                "GIT_AUTHOR_NAME": name,
                "GIT_AUTHOR_EMAIL": email,
                "GIT_AUTHOR_DATE": date,
                "GIT_COMMITTER_NAME": name,
                "GIT_COMMITTER_EMAIL": email,
                "GIT_COMMITTER_DATE": committer_date or date,
            },
        )
        return self.head()

    def merge(self, branch: str, message: str, date: str = DEFAULT_DATE, *, strategy: str | None = None) -> str | None:
        """`git merge --no-ff`; the merge sha, or None when it stopped on a conflict.

        After a conflict, write the resolution and `commit()` to make the merge.
        """
        args = ["-s", strategy] if strategy else []
        env = {
            "GIT_AUTHOR_NAME": DEFAULT_AUTHOR[0],
            "GIT_AUTHOR_EMAIL": DEFAULT_AUTHOR[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": DEFAULT_AUTHOR[0],
            "GIT_COMMITTER_EMAIL": DEFAULT_AUTHOR[1],
            "GIT_COMMITTER_DATE": date,
        }
        try:
            self.git("merge", "-q", "--no-ff", "--no-edit", "-m", message, *args, branch, env=env)
        except subprocess.CalledProcessError:
            return None
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def blob(self, rev: str, relpath: str) -> str:
        return self.git("rev-parse", f"{rev}:{relpath}").strip()
