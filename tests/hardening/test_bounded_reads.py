"""Status reads only the historical versions it needs, and each only once.

Counting the bytes a process holds is not something a test can do reliably;
what it can pin down is which blobs status asks git for. A spy on
`BlobReader.read`, the one way to blob contents in this process (it calls
the real method; git is real; `BlobReader.stream` serves only the worker
process of a strategy of 2,000 files or more), records every request: the versions of the goals and work items in the strategy, never
those of deleted files, of other files in the repository, or of files that
are not strategy; and on a second run, with the summaries cache warm, none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest
from gitrepo import GitRepo
from strategy_files import BASE_FILES, GROW_GOAL

from vindaris.history.catfile import BlobReader
from vindaris.status.compute import compute_status

NOW = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def requested(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """Every set of blob shas asked of git's cat-file, in order (the read-ahead's too)."""
    calls: list[set[str]] = []
    real = BlobReader.read

    def spy(self: BlobReader, shas: Iterable[str], *, keep: bool = True) -> dict[str, bytes]:
        wanted = list(shas)
        if wanted:
            calls.append(set(wanted))
        return real(self, wanted, keep=keep)

    monkeypatch.setattr(BlobReader, "read", spy)
    return calls


def test_only_the_versions_of_strategy_files_are_read(git_repo: GitRepo, requested: list[set[str]]) -> None:
    for path, text in BASE_FILES.items():
        git_repo.write(path, text)
    git_repo.write("goals/grow/gone.yaml", "title: Gone\nowner: bob\nmoves: [arr]\nstate: planned\n")
    git_repo.write("README.md", "# notes\n" * 100)
    git_repo.write("goals/grow/notes.txt", "not strategy\n")
    git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    wanted = {git_repo.blob("HEAD", "goals/grow/goal.yaml")}
    for value in (300, 350):
        git_repo.write("goals/grow/goal.yaml", GROW_GOAL.replace("current: 250", f"current: {value}"))
        git_repo.write("README.md", f"# notes {value}\n")
        git_repo.commit(f"checkin {value}", date=f"2026-10-{value // 50:02d}T10:00:00+00:00")
        wanted.add(git_repo.blob("HEAD", "goals/grow/goal.yaml"))
    git_repo.remove("goals/grow/gone.yaml")
    git_repo.commit("drop gone", date="2026-10-08T10:00:00+00:00")
    items = [p for p in BASE_FILES if p.startswith("goals/")]
    wanted |= {git_repo.blob("HEAD", p) for p in items}

    compute_status(git_repo.path, None, NOW)
    # Exactly the versions status follows, each once (most while git log ran).
    assert set().union(*requested) == wanted
    assert sum(len(call) for call in requested) == len(wanted)

    requested.clear()
    compute_status(git_repo.path, None, NOW)
    assert requested == []  # the summaries of those versions are cached by blob sha


def test_time_travel_reads_the_tree_it_stands_on_and_nothing_newer(git_repo: GitRepo,
                                                                   requested: list[set[str]]) -> None:
    for path, text in BASE_FILES.items():
        git_repo.write(path, text)
    git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    git_repo.write("goals/grow/goal.yaml", GROW_GOAL.replace("current: 250", "current: 900"))
    git_repo.commit("later", date="2026-10-10T10:00:00+00:00")
    later = git_repo.blob("HEAD", "goals/grow/goal.yaml")

    compute_status(git_repo.path, "2026-10-05", NOW)
    assert requested and all(later not in call for call in requested)
    tree = {git_repo.blob("HEAD~1", p) for p in BASE_FILES}
    assert tree in requested  # the as-of tree, every file of it at once
    assert set().union(*requested) == tree  # history adds nothing the tree did not have


def test_no_history_no_reads(tmp_path: Path, requested: list[set[str]]) -> None:
    for path, text in BASE_FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    compute_status(tmp_path, None, NOW)
    assert requested == []


def test_historical_versions_are_read_a_chunk_at_a_time_and_not_kept(git_repo: GitRepo) -> None:
    for path, text in BASE_FILES.items():
        git_repo.write(path, text)
    git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    for value in range(300, 330):
        git_repo.write("goals/grow/goal.yaml", GROW_GOAL.replace("current: 250", f"current: {value}"))
        git_repo.commit(f"checkin {value}", date="2026-10-02T10:00:00+00:00")
    from vindaris.history import open_history

    with open_history(git_repo.path) as history:
        shas = [v.blob for v in history.timelines["goals/grow/goal.yaml"] if v.blob]
        seen = [sha for sha, raw in history.each_blob(shas, chunk=7) if raw.startswith(b"title:")]
        assert seen == shas
        assert history.blobs([]) == {}
        # nothing read through each_blob stayed behind in the reader
        assert history._reader is not None and not history._reader._cache
