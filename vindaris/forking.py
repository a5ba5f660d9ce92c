"""When this process may fork a helper, and how many cores it has.

Shared by the work Vindaris hands to forked children: `check`'s parse of
the strategy's files (model/parallel.py), the cache writes done aside (aside.py)
and the summarising workers of `status` (status/summaries.py).
"""

from __future__ import annotations

import os
import threading


def setting() -> int | None:
    """VINDARIS_WORKERS as a number (0: everything in this process), or None when unset."""
    value = os.environ.get("VINDARIS_WORKERS", "").strip()
    return min(int(value), 16) if value.isdigit() else None


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether a child may be forked now: the platform has fork, VINDARIS_WORKERS
    is not 0, and this is the process's only thread (a child forked while
    another thread holds a lock, a stream's or the import system's, could
    wait on it for ever)."""
    return hasattr(os, "fork") and setting() != 0 and threading.active_count() == 1
