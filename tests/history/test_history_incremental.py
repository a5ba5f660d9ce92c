"""A history read on top of a cached one is the history read whole.

After new commits, only what the cached commit cannot reach is logged
(`git log TIP --not CACHED`) and replayed on top of the cached replay state.
Every test compares the result with a read that uses no cache at all:
commits in the same order, the same timelines, version for version.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import GitRepo
from gitshim import GitLog

from vindaris.history import History, open_history
from vindaris.history.rawlog import LoggedCommit
from vindaris.history.records import Change, ChangeKind, Commit
from vindaris.history.order import landing_order


def read(root: Path, monkeypatch: pytest.MonkeyPatch, *, cache: bool, as_of: str | None = None) -> History:
    monkeypatch.setenv("VINDARIS_NO_CACHE", "0" if cache else "1")
    with open_history(root, as_of) as history:
        return history


def same(a: History, b: History) -> None:
    assert [c.sha for c in a.commits] == [c.sha for c in b.commits]
    assert a.commits == b.commits
    assert dict(a.timelines) == dict(b.timelines)
    assert dict(a.files) == dict(b.files)


def commit(repo: GitRepo, path: str, text: str, message: str, day: int) -> str:
    repo.write(path, text)
    return repo.commit(message, date=f"2026-10-{day:02d}T10:00:00+00:00")


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    commit(git_repo, "goals/a/goal.yaml", "v: 1\n", "a 1", 1)
    commit(git_repo, "goals/a/item.yaml", "state: planned\n", "item", 2)
    commit(git_repo, "goals/b/goal.yaml", "v: 1\n", "b 1", 3)
    return git_repo


def test_new_commits_are_read_on_top_of_the_cached_history(repo: GitRepo, git_log: GitLog,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cached_tip = repo.git("rev-parse", "HEAD").strip()
    read(repo.path, monkeypatch, cache=True)
    commit(repo, "goals/a/goal.yaml", "v: 2\n", "a 2", 4)
    commit(repo, "goals/b/goal.yaml", "v: 2\n", "b 2", 5)
    git_log.take()

    on_top = read(repo.path, monkeypatch, cache=True)

    logs = [line for line in (git_log.path.read_text().splitlines() if git_log.path.exists() else [])]
    whole_log = [args for args in (line.split("\x1f") for line in logs) if "--raw" in args]
    assert len(whole_log) == 1 and whole_log[0][-3:] == ["--not", cached_tip, "--"]  # only what came since
    assert [c.subject for c in on_top.commits] == ["a 1", "item", "b 1", "a 2", "b 2"]
    same(on_top, read(repo.path, monkeypatch, cache=False))


def test_a_branch_that_forked_before_the_cached_commit(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.git("checkout", "-q", "-b", "feature", "HEAD~1")  # forks before "b 1"
    commit(repo, "goals/a/item.yaml", "state: active\n", "feature: start the item", 4)
    repo.move("goals/a/item.yaml", "goals/b/item.yaml")
    repo.commit("feature: move the item to b", date="2026-10-05T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    commit(repo, "goals/a/goal.yaml", "v: 2\n", "a 2", 6)
    read(repo.path, monkeypatch, cache=True)  # cached at "a 2": the feature is not in it
    repo.merge("feature", "Merge feature", date="2026-10-07T10:00:00+00:00")
    repo.remove("goals/b/goal.yaml")
    repo.commit("drop b's goal", date="2026-10-08T10:00:00+00:00")

    on_top = read(repo.path, monkeypatch, cache=True)
    whole = read(repo.path, monkeypatch, cache=False)
    same(on_top, whole)
    assert [v.commit.subject for v in on_top.timelines["goals/b/item.yaml"]] == [
        "item", "feature: start the item", "feature: move the item to b"]
    assert "goals/b/goal.yaml" not in on_top.timelines


def test_time_travel_reads_on_top_of_an_older_cached_commit(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    read(repo.path, monkeypatch, cache=True, as_of="HEAD~1")
    commit(repo, "goals/a/goal.yaml", "v: 2\n", "a 2", 4)
    same(read(repo.path, monkeypatch, cache=True), read(repo.path, monkeypatch, cache=False))
    # ... and back in time, where nothing cached is an ancestor: read whole.
    same(read(repo.path, monkeypatch, cache=True, as_of="HEAD~3"),
         read(repo.path, monkeypatch, cache=False, as_of="HEAD~3"))


def test_a_rewritten_history_finds_no_cached_ancestor(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    read(repo.path, monkeypatch, cache=True)
    repo.git("reset", "-q", "--hard", "HEAD~1")
    commit(repo, "goals/b/goal.yaml", "v: 9\n", "b again", 9)
    same(read(repo.path, monkeypatch, cache=True), read(repo.path, monkeypatch, cache=False))


def _logged(sha: str, *parents: str) -> LoggedCommit:
    from datetime import datetime, timezone

    commit = Commit(sha, parents, "A", "a@example.com", datetime(2026, 10, 1, tzinfo=timezone.utc), sha, "")
    return LoggedCommit(commit, (Change(ChangeKind.ADD, f"{sha}.yaml", "0" * 40),))


def test_landing_order_puts_the_main_line_first_and_is_a_prefix_for_its_ancestors() -> None:
    # a - b - c - m - d      main (first parents)
    #      \     /
    #       x - y           a branch from b, merged at m
    graph = [_logged("a"), _logged("b", "a"), _logged("c", "b"), _logged("x", "b"), _logged("y", "x"),
             _logged("m", "c", "y"), _logged("d", "m")]
    order = landing_order(list(reversed(graph)), "d")
    assert order is not None
    assert [e.commit.sha for e in order] == ["a", "b", "c", "x", "y", "m", "d"]
    older = landing_order(graph[:3], "c")
    assert older is not None and [e.commit.sha for e in older] == ["a", "b", "c"]  # a prefix of the whole
    since = landing_order([e for e in graph if e.commit.sha in {"x", "y", "m", "d"}], "d")
    assert since is not None and [e.commit.sha for e in since] == ["x", "y", "m", "d"]  # and the rest
    # A commit the tip cannot reach through the log (a pathspec dropped its child): no order.
    assert landing_order([_logged("a"), _logged("c", "b")], "c") is None
