"""A cache of what was read from history, kept inside `.git` so it is never committed.

Two kinds of entries, both safe against rewritten history by construction:

- **histories**: the commits, the file list and the replay state (every
  file's timeline, live or deleted) that one as-of commit's `git log --raw`
  and `ls-tree` gave, keyed by that commit's sha. History is immutable below
  a sha: a later commit's history is read on top of the newest cached one
  on its first-parent chain; a rebase or an amend makes new shas, so the old
  entries are simply not asked for again (and are pruned, least recently
  used first).
- **values**: anything derived from one blob's content, keyed by blob sha
  (content addressed: never stale).
- **outputs**: a whole page or JSON document, keyed by a digest of every
  input it was computed from (see :mod:`vindaris.status.memo`).

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

from vindaris.history.records import Commit, Version
from vindaris.history.timeline import Replay

FORMAT = b"VINDARIS-CACHE-6\n"
#: How many as-of histories to keep per strategy root. Each is read on top of
#: the one before it, so a few suffice (a site builds its weeks oldest first,
#: each on the previous); on a 30,000-commit history one is about 10 MB.
MAX_LOGS = 12
#: How many finished outputs (pages, JSON documents, views) to keep.
MAX_OUTPUTS = 24


def _builder_digest() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("rawlog.py", "timeline.py", "order.py", "records.py", "cache.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


_BUILDER_DIGEST = _builder_digest()


class HistoryCache:
    """The cache directory of one repository and strategy root."""

    def __init__(self, directory: Path, prefix: str, variant: str = "") -> None:
        self.directory = directory
        # One namespace per strategy root inside the repository, and per
        # `variant` of what else git log depends on (see history._cache).
        self._scope = hashlib.sha256(prefix.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        if variant:
            self._scope += "-" + variant
        # Timelines are what this code builds from the log: a cache restored
        # from another version of it (CI keeps .git/vindaris) must only miss.
        self._scope += "-" + _BUILDER_DIGEST

    # -- history of one as-of commit ---------------------------------------
    def load(self, tip: str) -> tuple[tuple[Commit, ...], dict[str, str], Replay] | None:
        """Commits, files and the replay state `open_history` left for `tip`."""
        payload = _read(self._log_path(tip))
        if not isinstance(payload, tuple) or len(payload) != 5 or payload[0] != tip:
            return None
        try:
            commits = tuple(
                Commit(sha, tuple(parents), name, email, datetime.fromisoformat(date), subject, body)
                for sha, parents, name, email, date, subject, body in payload[1]
            )
            paths, plain_timelines = payload[3]
            timelines = [
                [Version(commits[i], paths[p], blob, tuple(before)) for i, p, blob, before in versions]
                for versions in plain_timelines
            ]
            where = payload[4]
            if not isinstance(where, dict) or set(where) != {"live", "dead", "moved"}:
                return None
            return commits, dict(payload[2]), Replay.resume(timelines, where)
        except (TypeError, ValueError, KeyError, IndexError):
            return None

    def store(self, tip: str, commits: tuple[Commit, ...], files: Mapping[str, str], replay: Replay) -> None:
        index = {c.sha: i for i, c in enumerate(commits)}
        plain_commits = tuple(
            (c.sha, c.parents, c.author_name, c.author_email, c.date.isoformat(), c.subject, c.body) for c in commits
        )
        timelines, where = replay.state()
        # Each path once: a file's versions mostly share it.
        paths: dict[str, int] = {}
        plain_timelines = tuple(
            tuple((index[v.commit.sha], paths.setdefault(v.path, len(paths)), v.blob, v.before) for v in versions)
            for versions in timelines
        )
        payload = (tip, plain_commits, tuple(files.items()), (tuple(paths), plain_timelines), where)
        if _write(self._log_path(tip), payload):
            self._prune("log")

    def tips(self) -> set[str]:
        """The commits this cache holds a history for (what a new one can be read on top of)."""
        prefix = f"log-{self._scope}-"
        try:
            return {p.name[len(prefix):-len(".bin")] for p in self.directory.glob(f"{prefix}*.bin")}
        except OSError:
            return set()

    # -- whole outputs, keyed by everything they were computed from ---------
    def load_output(self, key: str) -> str | None:
        payload = _read(self.directory / f"out-{self._scope}-{key}.bin")
        return payload if isinstance(payload, str) else None

    def store_output(self, key: str, text: str) -> None:
        if _write(self.directory / f"out-{self._scope}-{key}.bin", text):
            self._prune("out")

    # -- values derived from blobs ----------------------------------------
    def load_values(self, name: str) -> dict[str, Any]:
        payload = _read(self.directory / f"{name}-{self._scope}.bin")
        return dict(payload) if isinstance(payload, dict) else {}

    def store_values(self, name: str, values: Mapping[str, Any]) -> None:
        _write(self.directory / f"{name}-{self._scope}.bin", dict(values))

    def _log_path(self, tip: str) -> Path:
        return self.directory / f"log-{self._scope}-{tip}.bin"

    def _prune(self, kind: str) -> None:
        try:
            logs = sorted(self.directory.glob(f"{kind}-{self._scope}-*.bin"), key=lambda p: p.stat().st_mtime)
            for old in logs[:-(MAX_LOGS if kind == "log" else MAX_OUTPUTS)]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be pruned is still a correct cache


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
