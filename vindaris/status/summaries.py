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
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path

from vindaris import forking
from vindaris.aside import later
from vindaris.errors import GitError
from vindaris.history import History
from vindaris.history.catfile import BlobReader
from vindaris.history.gitdoor import GitDoor, Unavailable
from vindaris.history.cache import HistoryCache
from vindaris.history.rawlog import LoggedCommit
from vindaris.model.files import GOAL_FILE, GOALS_DIR
from vindaris.status.pool import Lost, new_pool, outcome
from vindaris.status.summary import GoalState, Summary, summarize_goal, summarize_many

Summarizer = Callable[[bytes], Summary]
#: (blob, contents, is a goal, a related blob): what summarize_many takes for one version.
Item = tuple[str, bytes, bool, str | None]


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
#: Blobs per task a prefetch hands its worker (it holds one task's contents at a time).
_SHAS_PER_TASK = 1000
#: Most goal states a prefetch keeps for reading the next version by difference.
_MOST_STATES = 5000


def workers() -> int:
    """Worker processes for summarising without a log being read alongside
    (`Summaries`), where fork is available: one per core but the one this
    process keeps busy (at most 4), or as many as VINDARIS_WORKERS says (0:
    none, all in this process). A prefetch uses one (`summarising_pool`):
    with the log read alongside, one worker on 2 cores finished cold status
    on bench large 3% sooner than two (farm-bench, 9 paired runs)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    count = forking.setting()
    return min(forking.cores() - 1, 4) if count is None else count


def _bounded(states: dict[str, GoalState]) -> None:
    while len(states) > _MOST_STATES:  # files abandoned long ago; never needed again
        del states[next(iter(states))]


# A worker process's own states, kept from one chunk to the next: a related
# version read by the other worker only means a whole read instead of a compare.
_WORKER_STATES: dict[str, GoalState] = {}


def _summarize_in_worker(items: Iterable[tuple[str, bytes, bool, str | None]]) -> list[tuple[str, Summary]]:
    out = summarize_many(items, _WORKER_STATES)
    _bounded(_WORKER_STATES)
    return out


# A prefetch's worker reads the blobs itself, through a `cat-file` of its own:
# the parent, whose one interpreter lock parses the log and checks the files
# meanwhile, only sends shas and gets summaries back (reading the contents in
# a thread of the parent and pickling them over cost it a tenth of a cold run).
_WORKER_READER: BlobReader | None = None


def _read_in_worker(root: str, items: list[tuple[str, bool, str | None]]) -> list[tuple[str, Summary]] | str:
    """(blob, is a goal, a related blob) -> summaries, each made as soon as
    cat-file hands its blob over (git reads the next ones meanwhile). What
    git cannot serve is left out, for the parent to read (and report)."""
    global _WORKER_READER
    try:
        if _WORKER_READER is None:
            _WORKER_READER = GitDoor.discover(Path(root)).blob_reader()
    except (GitError, Unavailable) as exc:
        return str(exc) or type(exc).__name__
    reader = _WORKER_READER
    kinds = {blob: (goal, related) for blob, goal, related in items}

    def contents() -> Iterator[tuple[str, bytes, bool, str | None]]:
        try:
            for blob, raw in reader.stream(list(kinds)):
                goal, related = kinds[blob]
                yield blob, raw, goal, related
        except GitError:
            return

    return _summarize_in_worker(contents())


def _close_worker_reader() -> None:
    global _WORKER_READER
    reader, _WORKER_READER = _WORKER_READER, None
    if reader is not None:
        reader.close()


@contextlib.contextmanager
def summarising_pool(files: int) -> Iterator[multiprocessing.pool.Pool | None]:
    """The worker process that summarises a large strategy's history while it is read, or None.

    One process, whatever the number of cores: it reads the blobs through a
    `cat-file` of its own (so the number of git processes is the same for
    every size of repository), and on its own core it keeps up with the log
    the parent parses. Made with fork, so it must be entered while this is
    the process's only thread: a child forked while another thread holds a
    lock (a stream's, the allocator's) could wait on it for ever.
    """
    if not workers() or files < POOL_FROM_FILES:
        yield None
        return
    with new_pool(1) as pool:
        yield pool


class Prefetch:
    """A `BlobSink` that summarises the strategy files' versions while git log runs.

    Which files are goals and which are work items is told by their paths
    at the as-of commit, as the loader tells it (`goals/**/goal.yaml`, other
    `goals/**/*.yaml`), and their versions are followed back through moves;
    `Summaries` takes a value from here only when it was made for the same
    kind. The log comes newest first, so a version is read by difference
    from the version made from it, the one read just before.

    Without a `pool`, the read-ahead's thread reads the blobs and they are
    summarised here (`take`). With one (and the strategy's `root`), the
    blobs' shas go to its worker, which reads and summarises them on its own
    core; the read-ahead then reads nothing.
    """

    def __init__(self, pool: multiprocessing.pool.Pool | None = None, root: Path | None = None) -> None:
        self.pool = pool
        self._root = str(root) if root is not None else ""
        self._in_worker = pool is not None and root is not None  # the worker reads the blobs
        self._in_flight: list[AsyncResult[list[tuple[str, Summary]] | str]] = []
        #: Its worker died with summaries unhanded (see `pool.outcome`): the pool is not to be used again.
        self.broken = False
        self._waiting: list[str] = []  # blobs for the worker, not yet sent
        self.started = False
        #: Set once the history's thread has begun (its log is about to start), or has ended.
        self.begun = threading.Event()
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
        self.begun.set()

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
        if not self._in_worker:
            return asked
        # Sent a task's worth at a time: each task waits once for cat-file
        # to start answering, and a batch of the log holds a few dozen blobs.
        self._waiting.extend(asked)
        while len(self._waiting) >= _SHAS_PER_TASK:
            self._send(self._waiting[:_SHAS_PER_TASK])
            del self._waiting[:_SHAS_PER_TASK]
        return []  # the worker reads them

    def _send(self, blobs: list[str]) -> None:
        assert self.pool is not None
        related = self._made_from_it
        items = [(blob, self.goal[blob], related.get(blob)) for blob in blobs]
        self._in_flight.append(self.pool.apply_async(_read_in_worker, (self._root, items)))

    def take(self, chunk: dict[str, bytes]) -> None:
        items = [(blob, raw, self.goal[blob], self._made_from_it.get(blob)) for blob, raw in chunk.items()]
        self.values.update(summarize_many(items, self._states))
        _bounded(self._states)

    def end(self) -> None:
        # The worker's last tasks are not waited for here: the history is
        # handed over at once, and status prepares what needs no summary
        # (see `derive`) while the worker finishes; `collect` waits.
        if self._waiting:
            self._send(self._waiting)
            self._waiting = []

    def collect(self) -> None:
        """Wait for the worker's summaries (from the thread that uses them, after `end`).

        What it could not summarise (git could not serve a blob, or it died)
        is left out, for `Summaries` to read here.
        """
        pool = self.pool
        for job in self._in_flight:
            assert pool is not None
            result = outcome(job, pool)
            if isinstance(result, Lost):
                self.broken = True
                break
            if not isinstance(result, str):  # a str: git could not serve them
                self.values.update(result)
        if self._in_flight and self._in_worker and not self.broken:
            assert pool is not None
            outcome(pool.apply_async(_close_worker_reader), pool)
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
            prefetch.collect()
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

        def items(chunk: dict[str, bytes]) -> list[Item]:
            return [(blob, raw, needed[blob] is summarize_goal, made_from.get(blob)) for blob, raw in chunk.items()]

        # After a worker died, everything is read here: its pool is not to be
        # trusted, and a new one cannot be forked while that pool's threads run.
        count = workers() if len(missing) >= parallel_from and not (prefetch and prefetch.broken) else 0
        if count:
            self._in_parallel(history, missing, items, count, prefetch.pool if prefetch else None)
        else:
            for chunk in history.blob_chunks(missing):
                self.values.update(summarize_many(items(chunk)))
        self._known = known
        self.added = self.added or bool(missing)

    def _in_parallel(self, history: History, missing: list[str],
                     items: Callable[[dict[str, bytes]], list[Item]],
                     count: int, pool: multiprocessing.pool.Pool | None) -> None:
        """Summarise chunks in worker processes while the next chunks are read.

        Summaries are a pure function of a blob's bytes, so the result is the
        same as one process gives; at most two chunks per worker are in flight,
        so memory stays bounded. The prefetch's `pool`, when there is one, is
        used: forking another while its threads run could copy a held lock.
        """
        with contextlib.ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(new_pool(count))
            # Each chunk's items are kept until its summaries are in: a chunk
            # whose worker died is summarised here, and so is every later one.
            in_flight: list[tuple[AsyncResult[list[tuple[str, Summary]]], list[Item]]] = []
            lost = False

            def take(job: AsyncResult[list[tuple[str, Summary]]], work: list[Item]) -> None:
                nonlocal lost
                if not lost:
                    result = outcome(job, pool)
                    if not isinstance(result, Lost):
                        self.values.update(result)
                        return
                    lost = True
                self.values.update(summarize_many(work))

            for chunk in history.blob_chunks(missing, chunk=1000):
                work = items(chunk)
                if lost:
                    self.values.update(summarize_many(work))
                    continue
                in_flight.append((pool.apply_async(summarize_many, (work,)), work))
                while len(in_flight) > 2 * count:
                    take(*in_flight.pop(0))
            for job, work in in_flight:
                take(job, work)

    def get(self, blob: str | None) -> Summary:
        return self.values[blob] if blob else None

    def save(self) -> None:
        if self._cache is not None and self.added:
            cache, known, values = self._cache, self._known, self.values
            later(lambda: cache.store_values(SUMMARIES, {**known, **values}))
