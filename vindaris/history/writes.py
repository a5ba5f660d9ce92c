"""The write side of the git door: init, add, mv and commit for authoring."""

from __future__ import annotations

from pathlib import Path

from vindaris.errors import GitError


def init_repository(path: Path) -> None:
    """`git init -b main` in `path`."""
    import git

    try:
        git.Repo.init(path, initial_branch="main")
    except git.GitCommandError as exc:
        raise GitError(f"git init failed in {path}: {exc.stderr.strip() or exc}") from exc
