"""One authoring command writes to a strategy root at a time.

An authoring command reads the files, plans, runs `check`, then writes; a
second command started meanwhile (two `vindaris checkin` on one goal.yaml)
would otherwise write a text planned from the old file and lose the first
command's change. `apply` holds this lock while it makes sure the files are
still as the command read them and writes them.

The lock is `flock` on the strategy root directory itself: no lock file to
leave behind or clean up, and the kernel releases it when the process ends,
however it ends (a SIGKILL mid-write included).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from vindaris.errors import ConcurrentEdit

#: How long to wait for another command's write. Writing takes milliseconds;
#: only a stuck process holds the lock this long.
WAIT_SECONDS = 10.0


@contextlib.contextmanager
def editing(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the strategy root's edit lock; ConcurrentEdit when another command keeps it."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; apply still refuses to write over a change
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:
        yield  # a root that cannot be opened cannot be written either: apply says why
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConcurrentEdit(f"another vindaris command is editing {root}",
                                         "wait for it to finish, then run this one again") from None
                time.sleep(0.02)
            except OSError:
                break  # a file system without flock (some network mounts): go on unlocked
        yield
    finally:
        os.close(fd)  # releases the lock
