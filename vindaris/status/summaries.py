"""Summaries of every historical version status needs, made as cheaply as can be.

A version's summary (:mod:`vindaris.status.summary`) is a pure function of
its blob, so summaries are cached by blob sha under `.git`. What the cache
does not hold is made in one of two ways:

- `Prefetch`: while a cold history's `git log` is still running, the
  versions it lists are read and summarised as they come (a read-ahead);
- `Summaries`: whatever is still missing afterwards is read a chunk at a
  time, across worker processes when there are thousands.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path

from vindaris.aside import later
from vindaris.history import History
from vindaris.history.cache import HistoryCache
from vindaris.history.rawlog import LoggedCommit
from vindaris.model.strategy import GOAL_FILE, GOALS_DIR
from vindaris.status.summary import GoalState, Summary, summarize_goal, summarize_many

Summarizer = Callable[[bytes], Summary]


def _summaries_name() -> str:
    """The cache slot for blob summaries, named after the code that makes them:
    a cache restored from an older Vindaris (CI keeps it between runs) can only
    miss, never hand back summaries the current code would not make."""
    from vindaris.status import summary

    code = Path(summary.__file__).read_bytes()
    return "summaries-" + hashlib.sha256(code).hexdigest()[:16]


SUMMARIES = _summaries_name()

#: From how many unread versions summarising is spread over worker processes
#: (below it, starting them costs more than it saves).
PARALLEL_FROM = 4000
#: From how many strategy files a status run starts worker processes up front.
POOL_FROM_FILES = 2000
#: Most goal states a prefetch keeps for reading the next version by difference.
_MOST_STATES = 5000


def workers() -> int:
    """Worker processes for summarising, where fork is available: one per core
    but the one this process keeps busy (at most 4), or as many as
    VINDARIS_WORKERS says (0: none, all in this process).

    This process parses the log and checks the files meanwhile: on 2 cores
    one worker finished cold status on bench large 3% sooner than two, with
    4% less CPU (farm-bench, 9 paired runs)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    setting = os.environ.get("VINDARIS_WORKERS", "").strip()
    if setting.isdigit():
        return min(int(setting), 16)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores - 1, 4)


def _bounded(states: dict[str, GoalState]) -> None:
    while len(states) > _MOST_STATES:  # files abandoned long ago; never needed again
        del states[next(iter(states))]


# A worker process's own states, kept from one chunk to the next: a related
# version read by the other worker only means a whole read instead of a compare.
_WORKER_STATES: dict[str, GoalState] = {}


def _summarize_in_worker(items: list[tuple[str, bytes, bool, str | None]]) -> list[tuple[str, Summary]]:
    out = summarize_many(items, _WORKER_STATES)
    _bounded(_WORKER_STATES)
    return out


@contextlib.contextmanager
def summarising_pool(files: int) -> Iterator[multiprocessing.pool.Pool | None]:
    """Worker processes for summarising a large strategy's history, or None.

    Made with fork, so it must be entered while this is the process's only
    thread: a child forked while another thread holds a lock (a stream's, the
    allocator's) could wait on it for ever.
    """
    count = workers() if files >= POOL_FROM_FILES else 0
    if not count:
        yield None
        return
    with multiprocessing.get_context("fork").Pool(processes=count) as pool:
        yield pool


class Prefetch:
    """A `BlobSink` that summarises the strategy files' versions while git log runs.

    Which files are goals and which are work items is told by their paths
    at the as-of commit, as the loader tells it (`goals/**/goal.yaml`, other
    `goals/**/*.yaml`), and their versions are followed back through moves;
    `Summaries` takes a value from here only when it was made for the same
    kind. The log comes newest first, so a version is read by difference
    from the version made from it, the one read just before. With a `pool`,
    chunks are summarised in its workers while the next ones are read.
    """

    def __init__(self, pool: multiprocessing.pool.Pool | None = None) -> None:
        self.pool = pool
        self._in_flight: list[AsyncResult[list[tuple[str, Summary]]]] = []
        self._most_in_flight = 2 * max(workers(), 1)  # chunks of contents held at once
        self.started = False
        self.known: dict[str, Summary] = {}  # from the cache
        self.values: dict[str, Summary] = {}
        self.goal: dict[str, bool] = {}  # blob -> summarised as a goal (True) or a work item
        self._made_from_it: dict[str, str] = {}  # blob -> a version made from it
        self._states: dict[str, GoalState] = {}
        self._alive: dict[str, bool] = {}  # path -> its versions are a goal's (as the file is now)

    def begin(self, cache: HistoryCache | None, files: Mapping[str, str]) -> None:
        self.started = True
        self.known = cache.load_values(SUMMARIES) if cache else {}
        self._alive = {p: p.endswith("/" + GOAL_FILE) for p in files
                       if p.startswith(GOALS_DIR + "/") and p.endswith(".yaml")}

    def wanted(self, batch: Sequence[LoggedCommit]) -> list[str]:
        # Newest first: a file is followed back from where it is now, through
        # its moves, so the versions of files deleted since are never read.
        alive = self._alive
        asked: list[str] = []
        for logged in batch:
            for change in logged.changes:
                blob, path = change.blob, change.path
                if blob is None or path not in alive:
                    continue
                if change.old_path is not None:
                    alive.setdefault(change.old_path, alive[path])
                if change.old_blob:
                    self._made_from_it.setdefault(change.old_blob, blob)
                if blob in self.goal or blob in self.known:
                    continue
                self.goal[blob] = alive[path]
                asked.append(blob)
        return asked

    def take(self, chunk: dict[str, bytes]) -> None:
        items = [(blob, raw, self.goal[blob], self._made_from_it.get(blob)) for blob, raw in chunk.items()]
        if self.pool is None:
            self.values.update(summarize_many(items, self._states))
            _bounded(self._states)
            return
        self._in_flight.append(self.pool.apply_async(_summarize_in_worker, (items,)))
        while len(self._in_flight) > self._most_in_flight:
            self.values.update(self._in_flight.pop(0).get())

    def end(self) -> None:
        for job in self._in_flight:
            self.values.update(job.get())
        self._in_flight.clear()


class Summaries:
    """Blob summaries: from the cache or a prefetch when known, else read and parsed.

    Blobs are read a chunk at a time and dropped once summarised, so a long
    history is never held in memory all at once.
    """

    def __init__(self, history: History, needed: Mapping[str, Summarizer],
                 made_from: Mapping[str, str] | None = None, parallel_from: int = PARALLEL_FROM,
                 prefetch: Prefetch | None = None) -> None:
        self._cache = history.cache
        if prefetch is not None and prefetch.started:
            known = prefetch.known
            made = prefetch.values
            known = {**known, **{b: made[b] for b in needed
                                 if b in made and prefetch.goal[b] == (needed[b] is summarize_goal)}}
            self.added = len(known) > len(prefetch.known)
        else:
            known = self._cache.load_values(SUMMARIES) if self._cache else {}
            self.added = False
        self.values: dict[str, Summary] = {b: known[b] for b in needed if b in known}
        missing = [b for b in needed if b not in known]
        made_from = made_from or {}

        def items(chunk: dict[str, bytes]) -> list[tuple[str, bytes, bool, str | None]]:
            return [(blob, raw, needed[blob] is summarize_goal, made_from.get(blob)) for blob, raw in chunk.items()]

        count = workers() if len(missing) >= parallel_from else 0
        if count:
            self._in_parallel(history, missing, items, count, prefetch.pool if prefetch else None)
        else:
            for chunk in history.blob_chunks(missing):
                self.values.update(summarize_many(items(chunk)))
        self._known = known
        self.added = self.added or bool(missing)

    def _in_parallel(self, history: History, missing: list[str],
                     items: Callable[[dict[str, bytes]], list[tuple[str, bytes, bool, str | None]]],
                     count: int, pool: multiprocessing.pool.Pool | None) -> None:
        """Summarise chunks in worker processes while the next chunks are read.

        Summaries are a pure function of a blob's bytes, so the result is the
        same as one process gives; at most two chunks per worker are in flight,
        so memory stays bounded. The prefetch's `pool`, when there is one, is
        used: forking another while its threads run could copy a held lock.
        """
        with contextlib.ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(processes=count))
            in_flight: list[AsyncResult[list[tuple[str, Summary]]]] = []
            for chunk in history.blob_chunks(missing, chunk=1000):
                in_flight.append(pool.apply_async(summarize_many, (items(chunk),)))
                while len(in_flight) > 2 * count:
                    self.values.update(in_flight.pop(0).get())
            for job in in_flight:
                self.values.update(job.get())

    def get(self, blob: str | None) -> Summary:
        return self.values[blob] if blob else None

    def save(self) -> None:
        if self._cache is not None and self.added:
            cache, known, values = self._cache, self._known, self.values
            later(lambda: cache.store_values(SUMMARIES, {**known, **values}))
