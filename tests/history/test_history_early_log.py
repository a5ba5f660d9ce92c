"""The whole-history `git log`, started before its reader is ready (history.start_log).

With nothing cached, the memo check starts it as soon as it knows the as-of
commit, so git's revision walk runs while the working tree is read and the
workers are forked. A log started on that guess must give the same history,
and one that is not needed after all must be stopped, never left running.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from gitshim import GitLog
from test_history_cache import CONFIG, four_commits

from vindaris.cli.main import cli
from vindaris.history import History, open_history, start_log
from vindaris.history.gitdoor import RunningLog
from vindaris.status.memo import memo_for

NOW = dt.datetime(2026, 11, 2, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return four_commits(git_repo)


def status(root: Path, *, cache: bool = True) -> dict[str, object]:
    env = {} if cache else {"VINDARIS_NO_CACHE": "1"}
    result = CliRunner(env=env).invoke(cli, ["status", "-C", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def opened(root: Path, as_of: str | None = None, **options: Any) -> History:
    """open_history, closed again (its cat-file stopped) once read."""
    with open_history(root, as_of, now=NOW, **options) as history:
        return history


def located(root: Path) -> History:
    return opened(root, whole=False)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def shape(history: History) -> tuple[object, ...]:
    return (tuple(c.sha for c in history.commits),
            {path: tuple((v.commit.sha, v.path, v.blob, v.before) for v in versions)
             for path, versions in history.timelines.items()})


def test_a_cold_run_starts_the_log_before_it_reads_the_files_at_head(repo: GitRepo, git_log: GitLog) -> None:
    git_log.take()
    first = status(repo.path)
    asked = [p for p in git_log.take() if p != "version"]
    # The memo check's four, then the whole log at once (it used to wait for
    # ls-tree, the tree read and the forks), and no process more than before.
    assert asked == ["rev-parse", "log", "config", "status", "log", "ls-tree", "cat-file"]
    assert first == status(repo.path, cache=False)


def test_a_log_read_after_it_was_started_gives_the_same_history(repo: GitRepo) -> None:
    spot = located(repo.path)
    assert spot.as_of is not None
    running = start_log(spot)
    assert isinstance(running, RunningLog)
    assert running.serves(spot.as_of.sha, None)
    early = opened(repo.path, located=spot, running=running)
    assert not running.serves(spot.as_of.sha, None), "read once, then spent"
    assert shape(early) == shape(opened(repo.path))
    assert len(early.commits) == 4


def test_a_log_started_for_another_commit_is_stopped_and_the_right_one_read(repo: GitRepo) -> None:
    running = start_log(located(repo.path))  # for HEAD
    assert running is not None
    older = opened(repo.path, "HEAD~1", running=running)
    assert gone(running.pid), "the log for HEAD was killed and reaped"
    assert shape(older) == shape(opened(repo.path, "HEAD~1"))
    assert len(older.commits) == 3


def test_no_log_is_started_when_the_cache_holds_a_history(repo: GitRepo) -> None:
    status(repo.path)  # fills .git/vindaris
    assert start_log(located(repo.path)) is None, "a warm cache may need no log at all"
    unborn = GitRepo(repo.path.parent / "unborn").init()
    unborn.write("vindaris.yaml", CONFIG)
    assert start_log(located(unborn.path)) is None, "no commits: nothing to log"


def test_a_log_started_on_a_guess_is_stopped_when_the_memo_serves_the_output(repo: GitRepo) -> None:
    first = status(repo.path)
    # The remembered output stays, the history goes: nothing says the log is
    # not needed until the memo is looked up.
    for path in (repo.path / ".git" / "vindaris").glob("log-*.bin"):
        path.unlink()
    memo = memo_for(repo.path, None, NOW, "status|json")
    running = memo.seen.log
    assert running is not None
    memo.store("remembered\n")
    assert memo.load() == "remembered\n"
    assert gone(running.pid), "the unneeded log was killed and reaped"
    assert status(repo.path) == first
