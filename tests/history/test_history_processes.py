"""The door starts a fixed number of git processes, however big the history is.

Every git process goes through a shim that logs its arguments and runs the
real git: GitPython is pointed at it, and it is first on PATH as `git` for
anything that would bypass GitPython.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gitrepo import GitRepo, isolate_git
from gitshim import GitLog

from vindaris.history import open_history


def fast_import_stream(files: int, commits: int) -> bytes:
    """`commits` commits on main: the first `files` add one file each, the rest edit one."""
    out: list[bytes] = []
    for i in range(commits):
        when = 1_790_000_000 + i * 3600
        message = f"Commit {i}\n".encode()
        content = f"title: item {i % files}\nrevision: {i}\n".encode()
        out += [
            b"commit refs/heads/main\n",
            f"mark :{i + 1}\n".encode(),
            f"author Ann Lee <ann@example.com> {when} +0000\n".encode(),
            f"committer Ann Lee <ann@example.com> {when} +0000\n".encode(),
            b"data %d\n" % len(message) + message,
            f"from :{i}\n".encode() if i else b"",
            f"M 100644 inline goals/g{i % 20}/item {i % files}.yaml\n".encode(),
            b"data %d\n" % len(content) + content,
            b"\n",
        ]
    return b"".join(out)


def build(repo: GitRepo, files: int, commits: int) -> GitRepo:
    repo.git("fast-import", "--quiet", input=fast_import_stream(files, commits))
    repo.git("reset", "-q", "--hard", "main")
    return repo


def read_everything(root: Path, as_of: str | None = None) -> int:
    """What a command does at most: open, read every version of every file, read the tree."""
    with open_history(root, as_of) as history:
        blobs = history.blobs(v.blob for versions in history.timelines.values() for v in versions if v.blob)
        tree = history.tree()
    assert tree and blobs
    return len(history.commits)


@pytest.fixture(scope="module")
def small_and_big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch)
        base = tmp_path_factory.mktemp("sizes")
        small = build(GitRepo(base / "small").init(), files=5, commits=10)
        big = build(GitRepo(base / "big").init(), files=200, commits=400)
        yield small.path, big.path


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # ls-tree before the whole log: the read-ahead follows today's files back.
        (None, ["rev-parse", "log", "ls-tree", "log", "status", "cat-file"]),
        ("2027-01-01", ["rev-parse", "log", "ls-tree", "log", "cat-file"]),
        ("HEAD~1", ["rev-parse", "log", "ls-tree", "log", "cat-file"]),
    ],
)
def test_the_number_of_git_processes_does_not_grow_with_the_history(
    small_and_big: tuple[Path, Path], git_repo: GitRepo, git_log: GitLog, as_of: str | None, expected: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The cold path; the cache's own counts are in test_history_cache.py.
    monkeypatch.setenv("VINDARIS_NO_CACHE", "1")
    small, big = small_and_big
    git_log.take()

    assert read_everything(small, as_of) <= 10
    small_processes = git_log.take()
    assert read_everything(big, as_of) >= 300
    big_processes = git_log.take()

    assert small_processes == big_processes == expected


def test_no_repository_no_git_process(tmp_path: Path, git_log: GitLog) -> None:
    git_log.take()
    assert open_history(tmp_path).available is False
    assert git_log.take() == []


def test_a_blob_stream_answers_in_order_and_survives_being_left_early(small_and_big: tuple[Path, Path]) -> None:
    from vindaris.errors import GitError
    from vindaris.history.gitdoor import GitDoor

    small, _ = small_and_big
    with open_history(small) as history:
        blobs = list(dict.fromkeys(v.blob for versions in history.timelines.values() for v in versions if v.blob))
        whole = history.blobs(blobs)
    reader = GitDoor.discover(small).blob_reader()
    try:
        assert list(reader.stream(blobs)) == [(b, whole[b]) for b in blobs]
        first = next(iter(reader.stream(blobs)))  # left after one answer: git is out of step now
        assert first == (blobs[0], whole[blobs[0]])
        assert reader.read(blobs[-1:]) == {blobs[-1]: whole[blobs[-1]]}  # a fresh cat-file answers
        missing = "0" * 39 + "1"
        got: list[str] = []
        with pytest.raises(GitError, match="missing from the repository"):
            for sha, _ in reader.stream([blobs[0], missing, blobs[1]]):
                got.append(sha)
        assert got == [blobs[0], blobs[1]]  # what git has comes first; the missing one fails at the end
        assert reader.read(blobs[:1]) == {blobs[0]: whole[blobs[0]]}
    finally:
        reader.close()
