"""Parse many YAML files on two cores: some of them in a forked child.

`vindaris check` on a large strategy is mostly parsing and pydantic's
import, on one core while the other idled. A forked child parses files
from the end of the list backwards while this process first does other
work (imports pydantic, starts git), then parses from the front; the two
meet wherever their speeds put the meeting point. The child hands back
the plain data of each file that loaded cleanly (text, numbers, dates,
lists, mappings: what the safe loader builds), pickled through a pipe of
their own. A file with anything to report comes back as None and is parsed
again here, so findings are made in one place, by `load_document`.

Which side takes the next files is settled through two counters in a page
both processes share: this process's next file from the front and the
child's last from the back. Each takes a few files at a time, up to the
other's counter as it last read it. If both take the same files (they
read each other's counter at the same moment), this process keeps its
own results; if files are left between the two (the child failed), this
process parses them. So the results are the same as parsing every file
here, in the same order, whatever the timing: the child runs the same
code on the same bytes. Where the child fails for any reason (killed, out
of memory, its data cut short), its part is parsed here. Where a fork is
not possible or not safe (see vindaris.forking), or the files are too few
for a child to pay off, everything is parsed here.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import struct
from collections.abc import Mapping, Sequence
from typing import Any

from vindaris import forking
from vindaris.model.files import GOALS_DIR
from vindaris.model.yamlsource import DEFAULT_MAX_FILE_BYTES, Document, clean_document, load_document

#: (path, raw bytes, size limit): the arguments of one `load_document`.
Job = tuple[str, bytes, int]

# Below this many files a fork and the pickling cost more than the parse
# saves (a file takes about 0.05 ms to parse; a fork of a process that has
# imported pydantic about 5 ms).
LEAST_FOR_A_CHILD = 1000


def strategy_jobs(files: Mapping[str, bytes], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[Job]:
    """The jobs that parse a strategy's goal and work files (the `*.yaml` under goals/), in `files`' order."""
    return [(path, raw, max_bytes) for path, raw in files.items()
            if path.startswith(GOALS_DIR + "/") and path.endswith(".yaml")]


# Files either side takes at a time: few enough that the two meet within a
# millisecond or two of each other (a file takes about 0.05 ms), enough
# that the shared counters are touched rarely.
_STEP = 32
_COUNTER = struct.Struct("q")
_FRONT, _BACK = 0, _COUNTER.size  # where each side's counter sits in the shared page


class Parsing:
    """`load_document` of every job: from the moment this is made, a forked
    child parses jobs from the end backwards (where there are at least
    `least` jobs, default LEAST_FOR_A_CHILD, and a fork is possible); at
    `documents()` this process parses from the front until the two meet.

    Made early, the child parses while this process does other work (check
    imports its validation, status starts git and its workers meanwhile).
    `close()` (or `documents()`) must follow, so that the child is waited for.
    """

    def __init__(self, jobs: Sequence[Job], least: int | None = None) -> None:
        self.jobs = list(jobs)
        self._pid = 0
        self._fd = -1
        self._page: mmap.mmap | None = None
        if len(self.jobs) < (LEAST_FOR_A_CHILD if least is None else least) or forking.cores() < 2 \
                or not forking.can_fork():
            return
        # Anonymous and shared: the child forked below writes into the same page.
        page = mmap.mmap(-1, 2 * _COUNTER.size)
        _COUNTER.pack_into(page, _FRONT, 0)
        _COUNTER.pack_into(page, _BACK, len(self.jobs))
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child ends in os._exit, where coverage cannot follow
            os.close(read_end)
            _parse_for_parent(self.jobs, page, write_end)
        os.close(write_end)
        self._pid, self._fd, self._page = pid, read_end, page

    def documents(self) -> list[Document]:
        """Every job's Document, in order."""
        jobs, page = self.jobs, self._page
        handed: tuple[int, list[dict[str, Any] | None]] | None = None
        mine: list[Document] = []
        try:
            if page is None:
                mine = [load_document(*job) for job in jobs]
            while page is not None:
                front = len(mine)
                end = min(front + _STEP, _COUNTER.unpack_from(page, _BACK)[0])
                if end <= front:
                    break
                _COUNTER.pack_into(page, _FRONT, end)  # taken before parsed: the child sees it sooner
                mine += [load_document(*job) for job in jobs[front:end]]
            if self._fd >= 0:
                with os.fdopen(self._fd, "rb") as pipe:
                    self._fd = -1
                    payload = pipe.read()
                handed = _unpickled(payload, len(jobs))
        finally:
            if not self.close():
                handed = None
        return _merged(jobs, mine, handed)

    def close(self) -> bool:
        """Wait for the child, or end it where its work is not wanted; whether it ended well."""
        unread = self._fd >= 0
        if unread:
            os.close(self._fd)
            self._fd = -1
        if self._page is not None:
            self._page.close()
            self._page = None
        if not self._pid:
            return True
        pid, self._pid = self._pid, 0
        if unread:
            # Not a closed pipe alone: a child forked from here since (a
            # summarising worker) holds its read end too, and the child would
            # wait on a full pipe for ever.
            os.kill(pid, signal.SIGKILL)
        try:
            return os.waitpid(pid, 0)[1] == 0 and not unread
        except (ChildProcessError, InterruptedError):
            return False


def _merged(jobs: Sequence[Job], mine: list[Document],
            handed: tuple[int, list[dict[str, Any] | None]] | None) -> list[Document]:
    """Every job's Document: `mine` for the first jobs, then what the child
    handed back (its first index, its data) where it did not overlap them,
    and whatever neither side parsed, parsed here."""
    front = len(mine)
    start, theirs = handed if handed is not None else (len(jobs), [])
    if start < front:  # both took these: ours are kept
        theirs, start = theirs[front - start:], front
    # Left between the two (the child ended early, or failed): parsed here.
    mine = mine + [load_document(*job) for job in jobs[front:start]]
    return mine + [load_document(*job) if data is None else clean_document(job[0], job[1], data)
                   for job, data in zip(jobs[start:], theirs)]


def load_documents(jobs: Sequence[Job], least: int | None = None) -> list[Document]:
    """`load_document` of every job, in order; partly in a child where that pays (see Parsing)."""
    return Parsing(jobs, least).documents()


def _parse_for_parent(jobs: Sequence[Job], page: mmap.mmap, fd: int) -> None:  # pragma: no cover - runs in the child
    """The child: jobs from the back until it meets the parent; then the index
    of the first one it parsed and the plain data of each (None for a file
    with anything to report), pickled into `fd`; then exit."""
    code = 1
    try:
        chunks: list[list[dict[str, Any] | None]] = []
        back = len(jobs)
        while True:
            start = max(back - _STEP, _COUNTER.unpack_from(page, _FRONT)[0])
            if start >= back:
                break
            _COUNTER.pack_into(page, _BACK, start)
            chunk = []
            for job in jobs[start:back]:
                doc = load_document(*job)
                chunk.append(doc.data if doc.source.deferred and not doc.findings else None)
            chunks.append(chunk)
            back = start
        handed = [data for chunk in reversed(chunks) for data in chunk]
        payload = pickle.dumps((back, handed), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
        code = 0
    except BaseException:  # noqa: BLE001 - a child that fails leaves its part to the parent
        pass
    finally:
        os._exit(code)


def _unpickled(payload: bytes, count: int) -> tuple[int, list[dict[str, Any] | None]] | None:
    """The child's (first index, list), or None where it is not that for `count`
    jobs (cut short, garbled)."""
    try:
        handed = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - whatever a cut-short pickle raises, the parent parses
        return None
    if not (isinstance(handed, tuple) and len(handed) == 2 and type(handed[0]) is int
            and isinstance(handed[1], list) and 0 <= handed[0] <= count and len(handed[1]) == count - handed[0]):
        return None
    return handed
