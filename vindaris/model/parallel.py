"""Parse many YAML files on two cores: half of them in a forked child.

`vindaris check` on a large strategy is mostly parsing: libyaml's parser,
then plain data built in Python. On bench large (6,600 files) that was 0.7 s
of a 1.0 s run, on one core while the other idled. A forked child parses
the second half of the files while this process parses the first, and
hands back the plain data of each file that loaded cleanly, pickled through
a pipe. A file with anything to report comes back as None and is parsed
again here, so findings are made in one place, by `load_document`.

The results are the same as parsing every file here, in the same order:
the child runs the same code on the same bytes. Where the child fails for
any reason (killed, out of memory, its data cut short), its half is parsed
here. Where a fork is not possible or not safe (see vindaris.forking), or
the files are too few for a child to pay off, everything is parsed here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Sequence
from typing import Any

from vindaris import forking
from vindaris.model.yamlsource import Document, clean_document, load_document

#: (path, raw bytes, size limit): the arguments of one `load_document`.
Job = tuple[str, bytes, int]

# Below this many files a fork and the pickling cost more than half the
# parse saves (a file takes about 0.1 ms to parse; a fork of a process that
# has imported pydantic about 5 ms).
LEAST_FOR_A_CHILD = 1000


def load_documents(jobs: Sequence[Job], least: int | None = None) -> list[Document]:
    """`load_document` of every job, in order; half in a child where there are
    at least `least` (default LEAST_FOR_A_CHILD) and a fork is possible."""
    if len(jobs) < (LEAST_FOR_A_CHILD if least is None else least) or forking.cores() < 2 or not forking.can_fork():
        return [load_document(*job) for job in jobs]
    split = len(jobs) // 2
    theirs = jobs[split:]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child ends in os._exit, where coverage cannot follow
        os.close(read_end)
        _parse_for_parent(theirs, write_end)
    os.close(write_end)
    handed: list[dict[str, Any] | None] | None = None
    try:
        mine = [load_document(*job) for job in jobs[:split]]
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            payload = pipe.read()
        handed = _unpickled(payload, len(theirs))
    finally:
        if read_end >= 0:
            os.close(read_end)
        with contextlib.suppress(ChildProcessError, InterruptedError):
            _, status = os.waitpid(pid, 0)
            if status != 0:
                handed = None
    if handed is None:
        return mine + [load_document(*job) for job in theirs]
    return mine + [load_document(*job) if data is None else clean_document(job[0], job[1], data)
                   for job, data in zip(theirs, handed)]


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
