"""A cache of what was read from history, kept inside `.git` so it is never committed.

Two kinds of entries, both safe against rewritten history by construction:

- **logs**: the parsed `git log --raw` of one as-of commit and the file list of
  its tree, keyed by that commit's sha. History is immutable below a sha; a
  rebase or an amend makes new shas, so the old entries are simply not asked
  for again (and are pruned, least recently used first).
- **values**: anything derived from one blob's content, keyed by blob sha
  (content addressed: never stale).

Every file carries a format version and a SHA-256 of its payload; a file that
does not verify is ignored and rewritten, never trusted. The payload is
`marshal` data of plain tuples and strings: fast to read, and unlike pickle it
cannot construct arbitrary objects. Writes go to a temporary file that is
renamed into place, so a killed process leaves the old entry or the new one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from vindaris.history.rawlog import LoggedCommit
from vindaris.history.records import Change, ChangeKind, Commit

FORMAT = b"VINDARIS-CACHE-2\n"
#: How many as-of logs to keep per strategy root (a weekly site asks for one a week).
MAX_LOGS = 24
_KINDS = {k.value: k for k in ChangeKind}


class HistoryCache:
    """The cache directory of one repository and strategy root."""

    def __init__(self, directory: Path, prefix: str) -> None:
        self.directory = directory
        # One namespace per strategy root inside the repository.
        self._scope = hashlib.sha256(prefix.encode("utf-8", "surrogateescape")).hexdigest()[:12]

    # -- logs ---------------------------------------------------------------
    def load_log(self, tip: str) -> tuple[list[LoggedCommit], dict[str, str]] | None:
        payload = _read(self._log_path(tip))
        if not isinstance(payload, tuple) or len(payload) != 3 or payload[0] != tip:
            return None
        try:
            return [_logged(entry) for entry in payload[1]], dict(payload[2])
        except (TypeError, ValueError, KeyError, IndexError):
            return None

    def store_log(self, tip: str, logged: list[LoggedCommit], files: Mapping[str, str]) -> None:
        payload = (tip, tuple(_plain(entry) for entry in logged), tuple(files.items()))
        if _write(self._log_path(tip), payload):
            self._prune()

    # -- values derived from blobs ----------------------------------------
    def load_values(self, name: str) -> dict[str, Any]:
        payload = _read(self.directory / f"{name}-{self._scope}.bin")
        return dict(payload) if isinstance(payload, dict) else {}

    def store_values(self, name: str, values: Mapping[str, Any]) -> None:
        _write(self.directory / f"{name}-{self._scope}.bin", dict(values))

    def _log_path(self, tip: str) -> Path:
        return self.directory / f"log-{self._scope}-{tip}.bin"

    def _prune(self) -> None:
        try:
            logs = sorted(self.directory.glob(f"log-{self._scope}-*.bin"), key=lambda p: p.stat().st_mtime)
            for old in logs[:-MAX_LOGS]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be pruned is still a correct cache


def _plain(entry: LoggedCommit) -> tuple[Any, ...]:
    c = entry.commit
    return (
        (c.sha, c.parents, c.author_name, c.author_email, c.date.isoformat(), c.subject, c.body),
        tuple((ch.kind.value, ch.path, ch.blob, ch.old_path) for ch in entry.changes),
    )


def _logged(entry: tuple[Any, ...]) -> LoggedCommit:
    (sha, parents, name, email, date, subject, body), changes = entry
    commit = Commit(sha, tuple(parents), name, email, datetime.fromisoformat(date), subject, body)
    return LoggedCommit(commit, tuple(Change(_KINDS[k], p, b, o) for k, p, b, o in changes))


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, digest, payload = data[: len(FORMAT)], data[len(FORMAT) : len(FORMAT) + 32], data[len(FORMAT) + 32 :]
    if head != FORMAT or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def _write(path: Path, value: Any) -> bool:
    """Write atomically; a cache that cannot be written is skipped, not an error."""
    try:
        payload = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(FORMAT + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return False
    return True
