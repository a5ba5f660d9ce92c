"""Parsing files in a forked child gives what parsing them all here gives.

`check` on a large strategy parses files from the end of the list in a
child process while this one parses from the front, wherever the two meet
(vindaris/model/parallel.py). Everything a reader of the results can see
must be the same: each file's data, its findings (made here, never in the
child) and, when a finding elsewhere asks, the positions of its values.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from strategy_files import write_strategy

from vindaris import forking
from vindaris.cli.main import cli
from vindaris.model import parallel
from vindaris.model.parallel import Parsing, load_documents
from vindaris.model.yamlsource import DEFAULT_MAX_FILE_BYTES, Document

needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or forking.cores() < 2,
                                reason="the child needs fork and a second core")

#: Clean files, and each way a file can have something to report, on both sides of the split.
FILES: list[tuple[str, bytes]] = [
    ("goals/a/goal.yaml", b"title: A\nowner: ann\ndue: 2026-12-31\nkey_results:\n  - {id: x, target: 1.5}\n"),
    ("goals/a/broken.yaml", b"title: [unclosed\n"),
    ("goals/a/bom.yaml", b"\xef\xbb\xbftitle: With a byte-order mark\nowner: ann\n"),
    ("goals/a/empty.yaml", b""),
    ("goals/a/tagged.yaml", b"title: !!python/object:os.system x\n"),
    ("goals/b/goal.yaml", b"title: B\nowner: bob\nstate: active\nnumbers: [1, 2.5, yes, null]\n"),
    ("goals/b/twice.yaml", b"title: B\ntitle: again\n"),
    ("goals/b/nan.yaml", b"title: N\nvalue: .nan\n"),
    ("goals/b/list.yaml", b"- not\n- a mapping\n"),
    ("goals/b/binary.yaml", b"title: \x00\n"),
    ("goals/b/latin1.yaml", b"title: caf\xe9\n"),
    ("goals/b/work.yaml", b"title: Work\nowner: bob\nmoves: [x]\n# a comment\nstate: planned\n"),
]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked while the test runs (os.fork itself, counted)."""
    fork = os.fork
    forks: list[int] = []

    def counted() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return forks


def _seen(doc: Document) -> tuple[Any, ...]:
    return (doc.path, doc.data, doc.findings, doc.source.values, doc.source.keys, doc.source.raw)


def _child_took_all(parsing: Parsing) -> None:
    """Wait until the child has taken every job (its counter in the shared page at 0)."""
    assert parsing._page is not None
    deadline = time.monotonic() + 20
    while parallel._COUNTER.unpack_from(parsing._page, parallel._BACK)[0] > 0:
        assert time.monotonic() < deadline, "the child never took the jobs"
        time.sleep(0.001)


@needs_fork
def test_what_the_child_parses_comes_out_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [(path, raw, DEFAULT_MAX_FILE_BYTES) for path, raw in FILES]
    here = load_documents(jobs, least=len(jobs) + 1)
    reported = [doc.path for doc in here if doc.findings or not doc.source.deferred]
    # What this process parses itself (the child's own calls happen in the child).
    parsed_here: list[str] = []
    load = parallel.load_document

    def counted(path: str, raw: bytes, max_bytes: int) -> Document:
        parsed_here.append(path)
        return load(path, raw, max_bytes)

    monkeypatch.setattr(parallel, "load_document", counted)
    parsing = Parsing(jobs, least=1)
    _child_took_all(parsing)  # this process then finds nothing left to take
    forked = parsing.documents()
    assert [_seen(doc) for doc in forked] == [_seen(doc) for doc in here]
    # Of the child's files, only those with something to report are parsed
    # again here: the clean ones came through the pipe.
    assert parsed_here == reported
    assert 0 < len(reported) < len(jobs)
    assert forked[-1].source.values[("state",)] == (5, 8)  # positions of a clean file the child parsed


@needs_fork
def test_files_a_dead_child_took_are_parsed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [(path, raw, DEFAULT_MAX_FILE_BYTES) for path, raw in FILES]
    here = load_documents(jobs, least=len(jobs) + 1)
    parsing = Parsing(jobs, least=1)
    _child_took_all(parsing)
    os.kill(parsing._pid, signal.SIGKILL)
    assert [_seen(doc) for doc in parsing.documents()] == [_seen(doc) for doc in here]


def test_the_two_parts_are_joined_in_order_whatever_the_meeting_point() -> None:
    jobs = [(path, raw, DEFAULT_MAX_FILE_BYTES) for path, raw in FILES]
    here = load_documents(jobs, least=len(jobs) + 1)
    clean = [doc.data if doc.source.deferred and not doc.findings else None for doc in here]
    expected = [_seen(doc) for doc in here]
    for front in range(len(jobs) + 1):
        mine = here[:front]
        for start in range(len(jobs) + 1):
            # start < front: both parsed jobs start..front (ours are kept);
            # start > front: neither parsed front..start (parsed here).
            joined = parallel._merged(jobs, mine, (start, clean[start:]))
            assert [_seen(doc) for doc in joined] == expected, (front, start)
        assert [_seen(doc) for doc in parallel._merged(jobs, mine, None)] == expected  # the child failed


def test_a_cut_short_or_garbled_hand_over_is_not_used() -> None:
    whole = pickle.dumps((1, [{"title": "A"}, None]), protocol=pickle.HIGHEST_PROTOCOL)
    assert parallel._unpickled(whole, 3) == (1, [{"title": "A"}, None])
    assert parallel._unpickled(whole[:-3], 3) is None
    assert parallel._unpickled(b"", 3) is None
    assert parallel._unpickled(whole, 4) is None  # not one entry per file from its first to the last
    assert parallel._unpickled(whole, 2) is None
    assert parallel._unpickled(pickle.dumps((-1, [])), 0) is None
    assert parallel._unpickled(pickle.dumps([{"title": "A"}]), 1) is None


#: A strategy with findings in files on both sides of the split.
BAD: dict[str, str | bytes | None] = {
    "goals/grow/old-pricing.yaml": "title: Retire\nowner: bbo\nmoves: [arr]\nstate: done\n",
    "goals/grow/trials/sso.yaml": "title: [broken\n",
    "goals/grow/resellers.yaml": b"title: caf\xe9\n",
}


@needs_fork
def test_check_says_the_same_with_or_without_the_child(tmp_path: Path, forks: list[int],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = str(write_strategy(tmp_path, BAD))
    alone = CliRunner().invoke(cli, ["check", "-C", root, "--format", "json"], env={"VINDARIS_WORKERS": "0"})
    assert forks == []
    monkeypatch.setattr(parallel, "LEAST_FOR_A_CHILD", 1)
    shared = CliRunner().invoke(cli, ["check", "-C", root, "--format", "json"], env={"VINDARIS_WORKERS": None})
    assert len(forks) == 1  # the child did parse
    assert (shared.exit_code, shared.stdout) == (alone.exit_code, alone.stdout)
    assert alone.exit_code == 1 and '"yaml-syntax"' in alone.stdout and '"file-encoding"' in alone.stdout


def test_few_files_or_workers_0_parse_here(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [(path, raw, DEFAULT_MAX_FILE_BYTES) for path, raw in FILES]
    load_documents(jobs)  # 12 files: far below the least that pays for a child
    monkeypatch.setenv("VINDARIS_WORKERS", "0")
    load_documents(jobs, least=1)
    assert forks == []


@needs_fork
def test_a_parse_begun_and_not_wanted_ends_its_child() -> None:
    # Status begins the parse before it forks its summarising worker, which
    # then holds the pipe's read end too: a child whose hand-over (here well
    # past a pipe's 64 KB) is never read must still end, not wait for ever.
    jobs = [(f"goals/g/w{i}.yaml", b"title: " + b"x" * 2000 + b"\n", DEFAULT_MAX_FILE_BYTES) for i in range(200)]
    parsing = Parsing(jobs, least=1)

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the child was waited for, and never ended")

    before = signal.signal(signal.SIGALRM, hung)  # a hang fails the test, not the suite
    signal.alarm(20)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            assert pool.apply(len, ("held",)) == 4
            assert parsing.close() is False  # ended, its work not used
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert Parsing(jobs, least=1).documents()[-1].data == {"title": "x" * 2000}


@needs_fork
@pytest.mark.parametrize("config", [None, "max_file_bytes: 60000\n"], ids=["default-limit", "own-limit"])
def test_status_says_the_same_with_or_without_the_child(git_repo: GitRepo, forks: list[int], config: str | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Status begins the parse before reading vindaris.yaml: with a size limit
    # of its own there, the begun parse is not the one wanted and is dropped.
    write_strategy(git_repo.path, BAD)
    if config is not None:
        (git_repo.path / "vindaris.yaml").write_text(
            (git_repo.path / "vindaris.yaml").read_text() + config)
    git_repo.commit("The strategy", date="2026-10-01T09:00:00+00:00")
    args = ["status", "-C", str(git_repo.path), "--format", "json"]
    alone = CliRunner().invoke(cli, args, env={"VINDARIS_WORKERS": "0", "VINDARIS_NO_CACHE": "1"})
    assert forks == []
    monkeypatch.setattr(parallel, "LEAST_FOR_A_CHILD", 1)
    shared = CliRunner().invoke(cli, args, env={"VINDARIS_WORKERS": None, "VINDARIS_NO_CACHE": "1"})
    assert forks  # the parse's child at least
    assert (shared.exit_code, shared.stdout) == (alone.exit_code, alone.stdout)
    assert alone.exit_code == 0 and '"grow/old-pricing"' in alone.stdout and '"trials/sso"' not in alone.stdout
