"""Blob contents read while `git log` is still running.

A cold history waits on git twice: for the log, then for the contents of
every version the log lists. A read-ahead overlaps the two: as each batch of
commits is parsed, its `BlobSink` says which blobs it will want, and a thread
of its own reads them through the history's one `cat-file` process and hands
them over a chunk at a time. It is only ever a head start: whatever it did
not read (a missing object, an error) its consumer reads the usual way later.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping, Sequence
from typing import Protocol

from vindaris.errors import GitError
from vindaris.history.cache import HistoryCache
from vindaris.history.catfile import BlobReader
from vindaris.history.rawlog import LoggedCommit

#: Blobs per `cat-file` request, and so per chunk handed to the sink (memory
#: holds about one chunk of contents at a time).
CHUNK = 1000
#: Fewer than this many waiting blobs are read only when nothing else is on
#: its way: many tiny requests cost more than they overlap.
_SMALLEST = 200


class BlobSink(Protocol):
    """What a read-ahead feeds: told which blobs to read, then given them."""

    def begin(self, cache: HistoryCache | None, files: Mapping[str, str]) -> None:
        """Called once, before the first batch, with the history's cache (if any)
        and the files at the as-of commit (path -> blob sha)."""

    def wanted(self, batch: Sequence[LoggedCommit]) -> list[str]:
        """The blobs of these newly logged commits (newest first) to read; never asked twice."""

    def take(self, chunk: dict[str, bytes]) -> None:
        """Contents of blobs it asked for, in the order asked, from the read-ahead's thread."""

    def end(self) -> None:
        """After the last `take`, from the same thread (not called when the read-ahead failed)."""


class ReadAhead:
    """Reads what a sink wants on a thread of its own, while the log is read on another."""

    def __init__(self, sink: BlobSink, reader: BlobReader, cache: HistoryCache | None,
                 files: Mapping[str, str]) -> None:
        self._sink = sink
        self._reader = reader
        self._queue: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self._failure: BaseException | None = None
        self._stopped = False
        sink.begin(cache, files)
        self._thread = threading.Thread(target=self._run, name="vindaris-read-ahead", daemon=True)
        self._thread.start()

    def batch(self, logged: Sequence[LoggedCommit]) -> None:
        """A batch of newly logged commits (called from the log-reading thread)."""
        if self._failure is None:
            shas = self._sink.wanted(logged)
            if shas:
                self._queue.put(shas)

    def finish(self) -> None:
        """Wait until everything asked for was read and handed over; re-raise a bug it hit."""
        self._queue.put(None)
        self._thread.join()
        if self._failure is not None and not isinstance(self._failure, GitError):
            raise self._failure

    def abandon(self) -> None:
        """Stop without reading what is still waiting (the history could not be read)."""
        self._stopped = True
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        waiting: list[str] = []
        done = False
        try:
            while not done and not self._stopped:
                item = self._queue.get()
                if item is None:
                    done = True
                else:
                    waiting.extend(item)
                while not self._stopped and waiting and (
                    len(waiting) >= CHUNK or done or (len(waiting) >= _SMALLEST and self._queue.empty())
                ):
                    part, waiting = waiting[:CHUNK], waiting[CHUNK:]
                    self._sink.take(self._reader.read(part, keep=False))
                    if not done and len(waiting) < CHUNK and not self._queue.empty():
                        break  # more is on its way: fill the next chunk first
            if not self._stopped:
                self._sink.end()
        except BaseException as exc:  # handed to finish(); the sink reads the rest itself
            self._failure = exc
