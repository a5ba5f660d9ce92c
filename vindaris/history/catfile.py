"""Blob contents through one `git cat-file --batch` process.

The process starts on the first read and serves every later one, so reading
the contents of any number of files costs one git process.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Protocol

from vindaris.errors import GitError

# Full object ids only (SHA-1 or SHA-256): anything else, a newline above all,
# would put the request stream out of step with the answers.
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class BatchProcess(Protocol):
    """The part of a running `git cat-file --batch` the reader uses."""

    stdin: IO[bytes] | None
    stdout: IO[bytes] | None

    def wait(self) -> int: ...

    def kill(self) -> None: ...


class BlobReader:
    """Reads objects by sha from a lazily started `cat-file --batch`, caching them."""

    def __init__(self, start: Callable[[], BatchProcess]) -> None:
        self._start = start
        self._process: BatchProcess | None = None
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def read(self, shas: Iterable[str], *, keep: bool = True) -> dict[str, bytes]:
        """Contents of every sha asked for; GitError if one is not in the repository.

        `keep=False` leaves them out of the reader's cache, for callers that
        go through many blobs once and must not hold them all at the same time.
        """
        wanted = list(dict.fromkeys(shas))
        _full_ids(wanted)
        with self._lock:
            into = self._cache if keep else {}
            missing = [sha for sha in wanted if sha not in self._cache]
            if missing:
                self._fetch(missing, into)
            return {sha: self._cache[sha] if sha in self._cache else into[sha] for sha in wanted}

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            if process is not None and process.stdin is not None:
                with contextlib.suppress(OSError):  # it may be gone already
                    process.stdin.close()  # cat-file exits at end of input
                process.wait()

    def stream(self, shas: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """(sha, content) of each sha asked for, in order, as cat-file answers:
        the caller works on one while git reads the next ones (nothing is kept).

        GitError as `read` raises it; a stream left unfinished leaves the
        process out of step, so it is killed and the next read starts another.
        """
        wanted = list(shas)
        _full_ids(wanted)
        with self._lock:
            yield from self._answers(wanted)

    def _fetch(self, shas: list[str], into: dict[str, bytes]) -> None:
        for sha, body in self._answers(shas):
            into[sha] = body

    def _answers(self, shas: list[str]) -> Iterator[tuple[str, bytes]]:
        if self._process is None:
            self._process = self._start()
        process = self._process
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None
        request = "".join(f"{sha}\n" for sha in shas).encode("ascii")
        failure: list[BaseException] = []

        def write() -> None:
            # Written from a thread while this one reads: with many shas both
            # pipes can fill, and a single thread writing everything first would
            # deadlock against cat-file blocked on its full stdout.
            try:
                stdin.write(request)
                stdin.flush()
            except OSError as exc:
                failure.append(exc)

        writer = threading.Thread(target=write, name="vindaris-cat-file", daemon=True)
        writer.start()
        absent: list[str] = []
        answered = 0
        try:
            for sha in shas:
                header = stdout.readline()
                parts = header.split()
                if len(parts) == 3:
                    size = int(parts[2])
                    body = stdout.read(size)
                    stdout.read(1)  # the newline after every object
                    if len(body) != size:
                        raise GitError("git cat-file stopped in the middle of an object")
                    answered += 1
                    yield sha, body
                elif len(parts) == 2 and parts[1] == b"missing":
                    answered += 1
                    absent.append(sha)
                elif not header:
                    raise GitError("git cat-file exited before answering")
                else:
                    raise GitError(
                        f"git cat-file answered {header[:80]!r} for {sha}",
                        hint="the repository may be damaged; try `git fsck`",
                    )
        finally:
            if answered < len(shas):
                # Out of step (an error, or a caller that stopped early): kill
                # the process (which also unblocks the writer) and start a
                # fresh one on the next read.
                process.kill()
                self._process = None
            writer.join()
        if failure:
            raise GitError(f"git cat-file stopped: {failure[0]}")
        if absent:
            raise GitError(
                f"{len(absent)} object(s) missing from the repository, e.g. {absent[0]}",
                hint="the clone may be shallow or partial; fetch the full history "
                "(actions/checkout: fetch-depth: 0, no filter)",
            )


def _full_ids(shas: list[str]) -> None:
    bad = next((sha for sha in shas if not _SHA.fullmatch(sha)), None)
    if bad is not None:
        raise ValueError(f"not a full object id: {bad!r}")
