"""Large object graphs kept until the process ends, instead of freed one object at a time.

A command on a large repository leaves hundreds of thousands of records
behind it (commits, file versions, parsed files, check-ins). Freed when the
function holding them returns, they went one by one: about 0.07 s each time
on bench large, on the one core the output waits for. The CLI ends its
process with `os._exit` (cli/main.py), which never frees them at all, so
there the last references are handed here instead.

Each kind of graph has a slot that holds the latest one only, so a loop
that computes many can hold at most one of each beyond its own; a loop
that knows it computes many (`report --site`, a status per week) runs
`paused()` and frees each as it goes, as before. Only in the CLI's
process: a library caller (tests, a program running commands in-process)
keeps its memory, and nothing is held.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

_held: dict[str, tuple[object, ...]] = {}
_holding = False


def until_exit() -> None:
    """Hold what `keep` is given from now on: this process ends with `os._exit`."""
    global _holding
    _holding = True


def keep(slot: str, *objects: object) -> None:
    """Keep `objects` alive until the process ends or `slot` is given others."""
    if _holding:
        _held[slot] = objects


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Hold nothing new inside: for a loop whose graphs are freed one after another anyway."""
    global _holding
    holding, _holding = _holding, False
    try:
        yield
    finally:
        _holding = holding
