"""Parse many YAML files on two cores: half of them in a forked child.

`vindaris check` on a large strategy is mostly parsing: libyaml's parser,
then plain data built in Python. On bench large (6,600 files) that was
0.45 s of a 0.95 s run, on one core while the other idled. A forked child
parses the second half of the files while this process parses the first,
and hands back the plain data of each file that loaded cleanly (text,
numbers, dates, lists, mappings: what the safe loader builds), pickled
through a pipe of their own. A file with anything to report comes back as
None and is parsed again here, so findings are made in one place, by
`load_document`.

The results are the same as parsing every file here, in the same order:
the child runs the same code on the same bytes. Where the child fails for
any reason (killed, out of memory, its data cut short), its half is parsed
here. Where a fork is not possible or not safe (see vindaris.forking), or
the files are too few for a child to pay off, everything is parsed here.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Mapping, Sequence
from typing import Any

from vindaris import forking
from vindaris.model.files import GOALS_DIR
from vindaris.model.yamlsource import DEFAULT_MAX_FILE_BYTES, Document, clean_document, load_document

#: (path, raw bytes, size limit): the arguments of one `load_document`.
Job = tuple[str, bytes, int]

# Below this many files a fork and the pickling cost more than half the
# parse saves (a file takes about 0.1 ms to parse; a fork of a process that
# has imported pydantic about 5 ms).
LEAST_FOR_A_CHILD = 1000


def strategy_jobs(files: Mapping[str, bytes], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[Job]:
    """The jobs that parse a strategy's goal and work files (the `*.yaml` under goals/), in `files`' order."""
    return [(path, raw, max_bytes) for path, raw in files.items()
            if path.startswith(GOALS_DIR + "/") and path.endswith(".yaml")]


class Parsing:
    """`load_document` of every job, the second half in a forked child from the
    moment this is made (where there are at least `least` jobs, default
    LEAST_FOR_A_CHILD, and a fork is possible), the rest at `documents()`.

    Made early, the child parses while this process does other work (status
    starts git and its workers meanwhile). `close()` (or `documents()`)
    must follow, so that the child is waited for.
    """

    def __init__(self, jobs: Sequence[Job], least: int | None = None) -> None:
        self.jobs = list(jobs)
        self._split = len(self.jobs)
        self._pid = 0
        self._fd = -1
        if len(self.jobs) < (LEAST_FOR_A_CHILD if least is None else least) or forking.cores() < 2 \
                or not forking.can_fork():
            return
        split = len(self.jobs) // 2
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child ends in os._exit, where coverage cannot follow
            os.close(read_end)
            _parse_for_parent(self.jobs[split:], write_end)
        os.close(write_end)
        self._split, self._pid, self._fd = split, pid, read_end

    def documents(self) -> list[Document]:
        """Every job's Document, in order."""
        jobs, split = self.jobs, self._split
        handed: list[dict[str, Any] | None] | None = None
        try:
            mine = [load_document(*job) for job in jobs[:split]]
            if self._fd >= 0:
                with os.fdopen(self._fd, "rb") as pipe:
                    self._fd = -1
                    payload = pipe.read()
                handed = _unpickled(payload, len(jobs) - split)
        finally:
            if not self.close():
                handed = None
        theirs = jobs[split:]
        if handed is None:
            return mine + [load_document(*job) for job in theirs]
        return mine + [load_document(*job) if data is None else clean_document(job[0], job[1], data)
                       for job, data in zip(theirs, handed)]

    def close(self) -> bool:
        """Wait for the child, or end it where its work is not wanted; whether it ended well."""
        unread = self._fd >= 0
        if unread:
            os.close(self._fd)
            self._fd = -1
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


def load_documents(jobs: Sequence[Job], least: int | None = None) -> list[Document]:
    """`load_document` of every job, in order; half in a child where that pays (see Parsing)."""
    return Parsing(jobs, least).documents()


def _parse_for_parent(jobs: Sequence[Job], fd: int) -> None:  # pragma: no cover - runs in the child
    """The child: the plain data of each clean file (None for the rest), pickled into `fd`, then exit."""
    code = 1
    try:
        handed = []
        for job in jobs:
            doc = load_document(*job)
            handed.append(doc.data if doc.source.deferred and not doc.findings else None)
        payload = pickle.dumps(handed, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
        code = 0
    except BaseException:  # noqa: BLE001 - a child that fails leaves its half to the parent
        pass
    finally:
        os._exit(code)


def _unpickled(payload: bytes, count: int) -> list[dict[str, Any] | None] | None:
    """The child's list, or None where it is not one of `count` entries (cut short, garbled)."""
    try:
        handed = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - whatever a cut-short pickle raises, the parent parses
        return None
    if not isinstance(handed, list) or len(handed) != count:
        return None
    return handed
