"""Versions summarised while git log runs give the facts a run without it gives.

The read-ahead is only a head start: the same facts with and without it, in
this process or in worker processes, and a read-ahead that fails leaves the
rest to the usual path.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.synchronize
import contextlib
import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner
from gitshim import GitLog

from vindaris.cli.main import cli
from vindaris.errors import GitError
from vindaris.history import open_history
from vindaris.history.cache import HistoryCache
from vindaris.history.rawlog import LoggedCommit
from vindaris.model.checks import check_files
from vindaris.model.files import read_tree
from vindaris.status import pool as pools
from vindaris.status import summaries
from vindaris.status.facts import derive
from vindaris.status.records import Facts
from vindaris.status.summaries import Prefetch, Summaries, summarising_pool, workers
from vindaris.status.summary import summarize_goal, summarize_work

#: For the tests of the summarising workers: with one core, or no fork, there are none.
needs_workers = pytest.mark.skipif(not workers(), reason="one core or no fork here: no worker processes")

PROJECT = Path(__file__).resolve().parent.parent.parent
NOW = dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def bench_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's `tiny` repository: 150 backdated commits with merges, moves and check-ins."""
    spec = importlib.util.spec_from_file_location("bench_generate", PROJECT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("prefetch") / "tiny"
    module.generate("tiny", out)
    return out


def facts_of(root: Path, prefetch: Prefetch | None) -> Facts:
    files, _ = read_tree(root)
    strategy, _ = check_files(files)
    with open_history(root, read_ahead=prefetch) as history:
        return derive(history, strategy, files, NOW, prefetch)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VINDARIS_NO_CACHE", "1")  # every run reads the history itself


def test_prefetched_facts_equal_facts_read_afterwards(bench_repo: Path) -> None:
    plain = facts_of(bench_repo, None)
    prefetch = Prefetch()
    fetched = facts_of(bench_repo, prefetch)

    assert len(plain.checkins) >= 20 and len(plain.events) > 100
    assert fetched == plain
    # It did the work: every version of every goal and item was summarised ahead.
    with open_history(bench_repo) as history:
        versions = {v.blob for timeline in history.timelines.values() for v in timeline
                    if v.blob and v.path.startswith("goals/")}
    assert versions <= set(prefetch.values)


@needs_workers
def test_prefetched_in_worker_processes_equal_facts_read_afterwards(bench_repo: Path) -> None:
    plain = facts_of(bench_repo, None)
    with summarising_pool(10**6) as pool:
        assert pool is not None
        prefetch = Prefetch(pool, bench_repo)  # the worker reads the blobs itself
        fetched = facts_of(bench_repo, prefetch)
    assert prefetch.values and fetched == plain
    with summarising_pool(10**6) as pool:
        contents_here = Prefetch(pool)  # no root: read here, summarised here
        assert facts_of(bench_repo, contents_here) == plain and contents_here.values



# Set before the pool is made, so its worker (forked) holds the same event.
_GATE: multiprocessing.synchronize.Event | None = None


def _held() -> None:
    assert _GATE is not None
    _GATE.wait(60)


@needs_workers
def test_the_history_is_handed_over_while_the_worker_still_summarises(
        bench_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Status prepares what needs no summary while the worker finishes, so
    # the history must not wait for the worker's last tasks.
    plain = facts_of(bench_repo, None)
    files, _ = read_tree(bench_repo)
    strategy, _ = check_files(files)
    gate = multiprocessing.get_context("fork").Event()
    monkeypatch.setattr(sys.modules[__name__], "_GATE", gate)
    timer = threading.Timer(30, gate.set)  # a history that waits for the worker comes late, not never
    with summarising_pool(10**6) as pool:
        assert pool is not None
        busy = pool.apply_async(_held)  # the worker's first task: every summary waits behind it
        prefetch = Prefetch(pool, bench_repo)
        timer.start()
        with open_history(bench_repo, read_ahead=prefetch) as history:
            handed_over_early = not gate.is_set() and not busy.ready()
            gate.set()
            fetched = derive(history, strategy, files, NOW, prefetch)
        timer.cancel()
    assert handed_over_early
    assert fetched == plain and prefetch.values


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """A hang fails the test instead of the suite."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"still waiting after {seconds} s")

    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def _die(*_args: object) -> NoReturn:
    os._exit(9)  # as the OOM killer or a SIGKILL ends a worker: nothing handed back


class _DyingReader:
    def stream(self, shas: Sequence[str]) -> NoReturn:
        _die()

    def close(self) -> None:
        return None


def _dies_reading() -> None:
    """Run in the worker: its next read ends it."""
    summaries._WORKER_READER = _DyingReader()  # type: ignore[assignment]


def _dies_summarising() -> None:
    """Run in the worker: the next chunk it is given ends it."""
    import vindaris.status.summary as summary

    summary.summarize_many = _die


@needs_workers
def test_a_worker_killed_while_it_reads_leaves_the_reading_here_and_nothing_hangs(bench_repo: Path) -> None:
    plain = facts_of(bench_repo, None)
    with _deadline(60), summarising_pool(10**6) as pool:
        assert pool is not None
        pool.apply(_dies_reading)
        prefetch = Prefetch(pool, bench_repo)
        fetched = facts_of(bench_repo, prefetch)
    assert prefetch.broken and not prefetch.values  # it died with the first task
    assert fetched == plain


@needs_workers
def test_a_worker_killed_while_it_summarises_leaves_its_chunks_here(bench_repo: Path) -> None:
    with open_history(bench_repo) as history:
        needed = {v.blob: summarize_goal if path.endswith("/goal.yaml") else summarize_work
                  for path, timeline in history.timelines.items() if path.startswith("goals/")
                  for v in timeline if v.blob}
        here = Summaries(history, needed, parallel_from=10**9).values
        with _deadline(60), summarising_pool(10**6) as pool:
            assert pool is not None
            pool.apply(_dies_summarising)
            shared = Summaries(history, needed, parallel_from=1, prefetch=Prefetch(pool)).values
    assert len(here) > 100 and shared == here


@needs_workers
def test_a_worker_that_died_is_not_replaced_behind_the_commands_back() -> None:
    # multiprocessing's own replacement is forked from the pool's thread at
    # any moment: one forked while git was being started held subprocess's
    # exec pipe open, and status hung (now and then) after a worker was killed.
    with _deadline(60), summarising_pool(10**6) as pool:
        assert pool is not None
        before = {child.pid for child in multiprocessing.active_children()}
        pool.apply_async(_die)
        deadline = time.monotonic() + 1.5  # the pool's thread looks every 0.1 s or at once
        while time.monotonic() < deadline:
            time.sleep(0.05)
        after = {child.pid for child in multiprocessing.active_children()}
        # The dead worker was reaped, and nothing took its place.
        assert before and not after & before and not after - before


@needs_workers
def test_a_worker_killed_between_tasks_lets_the_pool_close() -> None:
    # A worker waiting for its next task holds the lock through which tasks
    # are taken, and Pool.terminate() takes that lock first: killed then
    # (the OOM killer picks its moment), it used to hang the command on exit.
    with _deadline(30):
        with summarising_pool(10**6) as pool:
            assert pool is not None
            pid = pool.apply(os.getpid)  # up, and now waiting for the next task
            os.kill(pid, signal.SIGKILL)
            worker = next(p for p in pools.STARTED[pool] if p.pid == pid)
            # Its end: its exitcode may read None for a moment while the pool's thread reaps it.
            assert multiprocessing.connection.wait([worker.sentinel], 10) and pools.died(pool)
        # Out of the pool (the deadline did not strike), none of its workers left behind.
        ended = [p.sentinel for p in pools.STARTED[pool]]
        assert len(multiprocessing.connection.wait(ended, 0)) == len(ended)


def _workers_queue(name: str) -> Any:
    """In the worker: its end of the pool's `inqueue` or `outqueue`, from multiprocessing.pool.worker's frame."""
    frame = sys._getframe()
    while frame is not None and name not in frame.f_locals:
        frame = frame.f_back
    assert frame is not None
    return frame.f_locals[name]


def _dies_handing_back() -> NoReturn:
    """Run in the worker: dies in the middle of handing a result back, with
    the lock through which results go held and half a message in the pipe."""
    results = _workers_queue("outqueue")
    results._wlock.acquire()
    os.write(results._writer.fileno(), struct.pack("!i", 1 << 16) + b"x" * 100)
    _die()


def _dies_taking_a_task() -> NoReturn:
    """Run in the worker: dies half-way through taking its next task, with
    the lock through which tasks are taken held (the test leaves the rest of
    the task in the pipe: the worker holds no writing end of it)."""
    _workers_queue("inqueue")._rlock.acquire()
    _die()


def _leaves_no_pool_behind(task: Callable[[], NoReturn], then: Callable[[Any], object] = lambda pool: None) -> None:
    """`task` kills the worker that runs it; the pool must still end, and all of its threads with it
    (a process that forks its helpers needs to be alone again)."""
    threads = threading.active_count()
    with _deadline(30):
        with summarising_pool(10**6) as pool:
            assert pool is not None
            assert isinstance(pools.outcome(pool.apply_async(task), pool), pools.Lost)
            then(pool)
    assert threading.active_count() == threads


@needs_workers
def test_a_worker_killed_while_it_takes_a_task_leaves_no_pool_behind() -> None:
    # What a worker that read a task's length and died leaves: the rest, read as a message.
    _leaves_no_pool_behind(_dies_taking_a_task, lambda pool: os.write(
        pool._inqueue._writer.fileno(), struct.pack("!i", 1 << 16) + b"x" * 100))


@needs_workers
def test_a_worker_killed_while_it_hands_a_result_back_leaves_no_pool_behind() -> None:
    _leaves_no_pool_behind(_dies_handing_back)


def _status(root: Path, monkeypatch: pytest.MonkeyPatch, git_log: GitLog, *, worker: bool) -> tuple[str, list[str]]:
    monkeypatch.setenv("VINDARIS_WORKERS", "1" if worker else "0")
    git_log.take()
    result = CliRunner().invoke(cli, ["status", "--format", "json", "-C", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout + result.stderr, git_log.take()


def test_a_status_whose_worker_reads_the_blobs_starts_the_same_git_processes(
        bench_repo: Path, monkeypatch: pytest.MonkeyPatch, git_log: GitLog) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: no worker processes")
    monkeypatch.setattr(summaries, "POOL_FROM_FILES", 1)  # a worker for the tiny repository too
    alone, alone_git = _status(bench_repo, monkeypatch, git_log, worker=False)
    shared, shared_git = _status(bench_repo, monkeypatch, git_log, worker=True)
    assert json.loads(shared) == json.loads(alone) and json.loads(alone)["goals"]
    # One cat-file either way: the worker's replaces this process's, it does not add to it.
    assert sorted(shared_git) == sorted(alone_git) and alone_git.count("cat-file") == 1


def test_a_blob_missing_from_the_repository_fails_the_same_way_with_the_worker(
        bench_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_log: GitLog) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: no worker processes")
    damaged = tmp_path / "damaged"
    shutil.copytree(bench_repo, damaged)
    subprocess.run(["git", "-C", str(damaged), "repack", "-q", "-a", "-d"], check=True)
    subprocess.run(["git", "-C", str(damaged), "unpack-objects", "-q"], check=False)  # no-op: all packed
    # An old version of one goal file is gone (a damaged object store): keep
    # every object but that blob.
    old = subprocess.run(["git", "-C", str(damaged), "log", "--format=", "--raw", "--no-abbrev", "-M", "--",
                          "goals"], capture_output=True, text=True, check=True).stdout.split("\n")
    victim = next(line.split()[2] for line in old
                  if line.startswith(":") and "goal.yaml" in line and not line.split()[2].strip("0") == "")
    _drop_object(damaged, victim)
    monkeypatch.setattr(summaries, "POOL_FROM_FILES", 1)
    alone, _ = _status(damaged, monkeypatch, git_log, worker=False)
    shared, _ = _status(damaged, monkeypatch, git_log, worker=True)
    assert "missing from the repository" in alone and "Traceback" not in alone
    assert shared == alone


def test_no_pool_for_a_small_strategy() -> None:
    with summarising_pool(10) as pool:
        assert pool is None


class _Sink:
    """A sink that asks for one blob git does not have, or fails on what it is given."""

    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.took = 0

    def begin(self, cache: HistoryCache | None, files: Mapping[str, str]) -> None:
        pass

    def wanted(self, batch: Sequence[LoggedCommit]) -> list[str]:
        blobs = [c.blob for logged in batch for c in logged.changes if c.blob]
        return blobs if self.fail else ["0" * 39 + "1"]

    def take(self, chunk: dict[str, bytes]) -> None:
        self.took += 1
        if self.fail:
            raise ValueError("a bug in the sink")

    def end(self) -> None:
        pass


def test_a_read_ahead_git_cannot_serve_leaves_the_reading_for_later(bench_repo: Path) -> None:
    sink = _Sink(fail=False)
    with open_history(bench_repo, read_ahead=sink) as history:
        assert sink.took == 0  # the missing object failed the read-ahead, quietly
        # ... and the history's own reads still work, through a fresh cat-file.
        assert b"\nversion: 1\n" in history.tree()["vindaris.yaml"]


def test_a_bug_in_the_sink_is_not_swallowed(bench_repo: Path) -> None:
    with pytest.raises(ValueError, match="a bug in the sink"):
        open_history(bench_repo, read_ahead=_Sink(fail=True))


def test_a_missing_object_is_still_reported(bench_repo: Path) -> None:
    with open_history(bench_repo, read_ahead=_Sink(fail=False)) as history, pytest.raises(GitError):
        history.blobs(["0" * 39 + "1"])


def test_vindaris_workers_sets_the_number_of_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VINDARIS_WORKERS", "0")
    assert workers() == 0
    with summarising_pool(10**6) as pool:
        assert pool is None  # everything in this one process
    monkeypatch.setenv("VINDARIS_WORKERS", "1")
    assert workers() == 1
    monkeypatch.setenv("VINDARIS_WORKERS", "64")
    assert workers() == 16  # bounded: each worker holds a chunk of history
    monkeypatch.setenv("VINDARIS_WORKERS", "many")  # not a number: the default
    monkeypatch.delenv("VINDARIS_WORKERS")
    default = workers()
    monkeypatch.setenv("VINDARIS_WORKERS", "many")
    assert workers() == default


def _drop_object(repo: Path, sha: str) -> None:
    """Rewrite the object store without `sha` (every other object kept, in one pack)."""
    objects = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"],
                             capture_output=True, text=True, check=True).stdout.split()
    keep = "\n".join(o for o in objects if o != sha) + "\n"
    pack_dir = repo / ".git" / "objects" / "pack"
    old_packs = list(pack_dir.iterdir())
    subprocess.run(["git", "-C", str(repo), "pack-objects", "-q", str(pack_dir / "pack")], input=keep, text=True,
                   check=True, capture_output=True)
    for path in old_packs:
        path.unlink()
    for loose in (repo / ".git" / "objects").glob("??/*"):
        loose.unlink()
    check = subprocess.run(["git", "-C", str(repo), "cat-file", "-e", sha], check=False)
    assert check.returncode != 0, "the object is still there"


@needs_workers
def test_a_worker_whose_command_was_killed_prints_nothing(tmp_path: Path) -> None:
    # The command dies (as under SIGKILL) while its worker is busy; the worker
    # then cannot hand its result back, and must not say so on the terminal.
    script = (
        "import os, time\n"
        "from vindaris.status.summaries import summarising_pool\n"
        "with summarising_pool(10**6) as pool:\n"
        "    pool.apply_async(time.sleep, (0.5,))\n"
        "    time.sleep(0.1)\n"
        "    os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)}, check=False)
    assert done.returncode == 9
    assert done.stderr == ""  # read to the end: the worker held the pipe until it exited
