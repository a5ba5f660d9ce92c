"""Cache writes done aside: in a forked child, while the command goes on.

A cold `status` on a large repository ends by writing what it read into the
cache under `.git` (the history, the blob summaries): half a second of
marshalling and hashing, on the one core the command's own work runs on.
None of it is needed for the output. Inside `writes_aside()`, such a write
is queued with `later`; `flush()`, called where the process has no other
thread, forks a child that does the queued writes on another core and
exits, while the parent goes on to render its output. Leaving the block
waits for the children, so a command never ends before its cache is
written (the next command, or a test, finds it there).

The child sees the parent's memory as it was at the fork, so a queued write
must only read data nobody changes afterwards. Where a fork is not possible
or not safe (no fork on the platform, another thread alive, which a fork
could copy holding a lock), the writes run at once, in the parent: the
same files either way. Cache writes only: a write that fails in the child
is a cache that is not written, as it is in the parent (`cache._write`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

from vindaris.forking import can_fork

_queue: list[Callable[[], None]] | None = None  # None: outside writes_aside(), write at once
_children: list[int] = []


@contextlib.contextmanager
def writes_aside() -> Iterator[None]:
    """Queue cache writes for `flush()`; at the end, do what is left and wait for the children."""
    global _queue
    outer = _queue
    _queue = []
    try:
        yield
        flush()
    finally:
        _queue = outer
        _reap()


def later(write: Callable[[], None]) -> None:
    """Do `write` in a child at the next `flush()`, or now outside `writes_aside()`."""
    if _queue is None:
        write()
    else:
        _queue.append(write)


def flush() -> None:
    """Start the queued writes in a forked child, or do them here where a fork is unsafe."""
    if not _queue:
        return
    writes = list(_queue)
    _queue.clear()
    if not can_fork():
        for write in writes:
            write()
        return
    pid = os.fork()
    if pid == 0:  # the child: the writes, then gone without running anything of the parent's
        code = 0
        try:
            for write in writes:
                write()
        except BaseException:  # noqa: BLE001 - a cache not written; the parent's output is unaffected
            code = 1
        finally:
            os._exit(code)
    _children.append(pid)


def _reap() -> None:
    while _children:
        pid = _children.pop()
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(pid, 0)
