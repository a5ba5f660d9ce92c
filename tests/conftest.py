"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepo import GitRepo, isolate_git
from gitshim import GitLog, install_shim


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty git repository (branch main) in tmp_path/"repo", git isolated from the machine."""
    isolate_git(monkeypatch)
    return GitRepo(tmp_path / "repo").init()


@pytest.fixture
def git_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitLog:
    """Every git process started from here on, logged through a shim (see tests/gitshim.py)."""
    return install_shim(tmp_path, monkeypatch)
