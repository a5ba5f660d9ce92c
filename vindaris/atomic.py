"""Atomic file writes: an interrupted command leaves the old file or the new one."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory.

    The temporary file is flushed and fsynced before `os.replace` swaps it in
    (a rename within one file system is atomic on POSIX and Windows), so a
    crash or Ctrl-C never leaves half a file. An existing file keeps its mode.

    A symlink keeps pointing where it did: the file it names is replaced. What
    is not a regular file (/dev/null, /dev/stdout, a named pipe) is written
    into as it is: a rename over it would replace the device or pipe itself.
    """
    try:
        target = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        target = None
    if target is not None and not stat.S_ISREG(target.st_mode):
        with open(path, "wb") as fh:
            fh.write(data)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file where a directory has to be: say so
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename) from None
    _sweep(path)
    with _uninterrupted():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            else:
                os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    _fsync_directory(path.parent)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back for the few milliseconds of one write.

    A KeyboardInterrupt can land between any two bytecodes: right after
    mkstemp, before the `try` that would remove the file, or inside that
    cleanup. Held back, the signal arrives once the write is whole (the new
    file in place) or undone (no temporary file left). SIGKILL cannot be
    held: `_sweep` removes what it leaves.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


#: A temporary file of ours this old was left by a write that was killed
#: (SIGKILL, a power cut): a write takes milliseconds.
STALE_SECONDS = 600


def _sweep(path: Path) -> None:
    """Remove what killed writes of `path` left behind (`.<name>.<random>.tmp`, long untouched)."""
    prefix, now = f".{path.name}.", time.time()
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            leftover = path.parent / name
            with contextlib.suppress(OSError):
                if now - leftover.lstat().st_mtime > STALE_SECONDS and leftover.is_file():
                    leftover.unlink()


def _umask() -> int:
    # mkstemp creates files 0600; a new strategy file should get the usual mode.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
