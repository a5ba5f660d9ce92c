"""No history to read is a state with a reason, never a traceback; shallow clones say so."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitrepo import GitRepo, git_env

from vindaris.errors import GitError
from vindaris.history import SHALLOW_HINT, open_history


def test_not_a_git_repository(tmp_path: Path, git_repo: GitRepo) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()

    history = open_history(plain)

    assert history.available is False
    assert history.reason == f"{plain} is not inside a git repository"
    assert (history.head, history.as_of, history.commits, dict(history.timelines)) == (None, None, (), {})
    assert history.tree() == {} and history.blobs([]) == {}
    with pytest.raises(GitError):
        history.blobs(["0" * 40])


def test_a_root_that_does_not_exist(tmp_path: Path, git_repo: GitRepo) -> None:
    history = open_history(tmp_path / "nowhere", "HEAD~1")
    assert history.available is False and history.reason is not None


@pytest.mark.parametrize("as_of", [None, "2026-10-01", "HEAD~1"])
def test_a_repository_without_commits(git_repo: GitRepo, as_of: str | None) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")

    history = open_history(git_repo.path, as_of)

    assert (history.available, history.reason) == (False, "the repository has no commits yet")
    assert (history.head, history.commits) == (None, ())


@pytest.mark.parametrize("depth", [1, 2])
def test_a_shallow_clone_is_detected(tmp_path: Path, git_repo: GitRepo, depth: int) -> None:
    for day in range(1, 4):
        git_repo.write("goals/a.yaml", f"a: {day}\n")
        git_repo.write(f"goals/day{day}.yaml", "x: 1\n")
        git_repo.commit(f"Day {day}", date=f"2026-10-0{day}T10:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", f"--depth={depth}", git_repo.path.as_uri(), str(clone)],
        env=git_env(),
        check=True,
    )

    history = open_history(clone)

    assert history.available and history.shallow
    assert [c.subject for c in history.commits] == [f"Day {day}" for day in range(4 - depth, 4)]
    # The cut-off commit reads as adding every file it has.
    assert [v.commit.subject for v in history.timelines["goals/a.yaml"]] == [c.subject for c in history.commits]
    assert history.tree()["goals/a.yaml"] == b"a: 3\n"
    assert "fetch-depth: 0" in SHALLOW_HINT
    assert not open_history(git_repo.path).shallow
