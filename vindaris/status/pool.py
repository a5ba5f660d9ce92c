"""A pool of forked worker processes that a worker's death cannot hang.

multiprocessing.Pool assumes its workers never die. When one does (the OOM
killer, a signal), it replaces it from a thread of its own, never ends the
task it held, and its terminate() can wait for ever on what the dead worker
held. `new_pool` makes a Pool that does none of that, and `outcome` waits for
a task's result or learns that it is lost; the caller then does the work
itself (vindaris/status/summaries.py).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.pool
import os
import threading
import weakref
from multiprocessing.pool import AsyncResult
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar


def _quiet() -> None:
    """A worker prints nothing: its results and its errors go back to the
    command, which reports them. Alone it could only print the traceback of
    a result it cannot hand back because the command was killed (SIGTERM,
    SIGKILL), on the terminal of a user who has moved on."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


T = TypeVar("T")

# The worker processes each pool was made with, by which `outcome` and
# `_Pool.terminate` learn that one died: a Pool never ends the task a dead
# worker held, and a plain get() of its result would wait for ever.
STARTED: weakref.WeakKeyDictionary[multiprocessing.pool.Pool, tuple[BaseProcess, ...]] = weakref.WeakKeyDictionary()


class _Stillborn:
    """What a `_Pool` puts in a dead worker's place: never started, never
    reaped (it never ends), so the pool asks for no other."""

    name = "Process-stillborn"
    daemon = True
    exitcode = None
    pid = None

    def start(self) -> None:
        return None

    def terminate(self) -> None:
        return None

    def is_alive(self) -> bool:
        return False

    def join(self, timeout: float | None = None) -> None:
        return None


class _Pool(multiprocessing.pool.Pool):
    """A Pool that never replaces a worker that died.

    A Pool forks the replacement from a thread of its own, at whatever
    moment it notices the death. A process forked then (and never exec'd)
    holds copies of this process's pipes: of one through which subprocess
    waits for git's exec, or of cat-file's input, and their ends never come.
    Status hung now and then after its worker was killed. What a dead worker
    held is summarised by the caller instead (see `outcome`), so nothing needs a
    replacement: the pool's `Process` makes its first workers, then only
    stand-ins.
    """

    def __init__(self, processes: int, **kwargs: Any) -> None:
        self._to_start = processes
        super().__init__(processes, **kwargs)

    def Process(self, ctx: Any, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]  # noqa: N802 - Pool's name
        if self._to_start <= 0:
            return _Stillborn()
        self._to_start -= 1
        return ctx.Process(*args, **kwds)

    def terminate(self) -> None:
        started = STARTED.get(self, ())
        if not died(self):
            super().terminate()
            return
        # After a death, Pool.terminate() could wait for ever: on the lock
        # through which workers take tasks (the dead one was waiting for its
        # next), on the lock through which they hand results back (it died
        # handing one back), or for the rest of a result cut off in the pipe.
        # So every worker is ended first (whatever still holds those locks
        # is then dead, and they are let go of), and this process's end of
        # the results' pipe is closed: with no writer left, the pool's reader
        # of results meets the end of the pipe instead of waiting. Its own
        # terminate then stops at a closed pipe; its threads end by
        # themselves, and are given a few seconds, not for ever.
        for process in started:
            if process.exitcode is None:
                process.kill()
            process.join(_ENDING_S)
        inqueue, outqueue = getattr(self, "_inqueue", None), getattr(self, "_outqueue", None)
        for lock in (getattr(inqueue, "_rlock", None), getattr(outqueue, "_wlock", None)):
            if lock is not None and not lock.acquire(block=False):
                with contextlib.suppress(ValueError):
                    lock.release()
            elif lock is not None:
                lock.release()
        with contextlib.suppress(AttributeError, OSError):
            outqueue._writer.close()  # type: ignore[union-attr]
        with contextlib.suppress(AttributeError, OSError):
            # Pool drains the tasks nobody took before it ends; what a worker
            # that died taking one left at the head of that pipe is no task,
            # and reading it could wait for ever. Unread, they go with the pool.
            inqueue._reader.close()  # type: ignore[union-attr]

        def end() -> None:
            # It stops with an error (the closed pipe; or its check that no
            # result is owed once its reader has ended): the pool is broken,
            # and what it owed is the caller's to do (see `outcome`).
            with contextlib.suppress(Exception):
                super(_Pool, self).terminate()

        ending = threading.Thread(target=end, name="vindaris-pool-end", daemon=True)
        ending.start()
        ending.join(_ENDING_S)
        for name in ("_worker_handler", "_task_handler", "_result_handler"):
            thread = getattr(self, name, None)
            if isinstance(thread, threading.Thread):
                thread.join(_ENDING_S)


#: How long a pool whose worker died is given to end.
_ENDING_S = 3.0


def new_pool(processes: int) -> multiprocessing.pool.Pool:
    """A pool of `processes` forked workers that print nothing (see `_quiet`)."""
    pool = _Pool(processes=processes, initializer=_quiet, context=multiprocessing.get_context("fork"))
    STARTED[pool] = tuple(getattr(pool, "_pool", ()))
    return pool


class Lost:
    """What a task gives whose worker died before handing its result back."""


LOST = Lost()


def died(pool: multiprocessing.pool.Pool) -> bool:
    """Whether a worker `pool` was made with has ended.

    Told by its sentinel (its end of a pipe, closed when it exits), not by
    its exitcode: that reads None for a moment after the death while the
    pool's own thread reaps the process, and a terminate() that believed
    it then hung.
    """
    started = STARTED.get(pool, ())
    return bool(started) and bool(multiprocessing.connection.wait([p.sentinel for p in started], timeout=0))


def outcome(job: AsyncResult[T], pool: multiprocessing.pool.Pool) -> T | Lost:
    """The job's result, or LOST once a worker of `pool` has died without handing it back."""
    while not job.ready():
        if died(pool):
            job.wait(0.05)  # handed back just before it died?
            if not job.ready():
                return LOST
            break
        job.wait(0.05)  # returns as soon as the result is in
    return job.get()
