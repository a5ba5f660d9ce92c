"""Fixtures for authoring tests: a committed strategy in a real git repository."""

from __future__ import annotations

import pytest

from authoring_support import COMMENTED_GOAL, IDENTITY
from gitrepo import GitRepo
from strategy_files import write_strategy


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The small valid strategy, its goal.yaml full of comments, committed once.

    Product code commits with the identity git finds in the environment, as
    it would on a developer's machine.
    """
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)
    write_strategy(git_repo.path, {"goals/grow/goal.yaml": COMMENTED_GOAL})
    git_repo.commit("Initial strategy")
    return git_repo
