"""A strategy root's history as of a moment: commits, file timelines, contents.

`open_history` is the only entry point; it reads the whole history with a
fixed handful of git processes (see `vindaris.history.gitdoor`) and returns an
immutable `History`. Not being able to read history (no repository, no
commits, an as-of date before the first commit) is a state, not an error.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from types import MappingProxyType, TracebackType

from vindaris.aside import later
from vindaris.errors import GitError
from vindaris.history.asof import Moment, Revision, parse_as_of
from vindaris.history.cache import HistoryCache
from vindaris.history.catfile import BlobReader
from vindaris.history.gitdoor import GitDoor, RunningLog, Unavailable
from vindaris.history.readahead import BlobSink, ReadAhead
from vindaris.history.records import Commit, Version
from vindaris.history.order import landing_order
from vindaris.history.timeline import Replay

# CONVENTIONS.md: never succeed silently on a shallow clone; say how to fix it.
SHALLOW_HINT = (
    "the repository is a shallow clone, so history before its first commit is cut off; "
    "fetch the full history (actions/checkout: `fetch-depth: 0`, or `git fetch --unshallow`)"
)

_EMPTY: Mapping[str, tuple[Version, ...]] = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class History:
    """The history of a strategy root as of one commit.

    `commits` are the ancestors of `as_of` (inclusive) that touch the root,
    oldest first in graph order (never by date, which can lie). `timelines`
    has one entry per file at `as_of`, oldest version first. `files` maps the
    same paths to their blob shas; `tree()` gives their contents. Close it (or
    use it as a context manager) to stop the `cat-file` process early.
    """

    root: Path
    available: bool
    reason: str | None
    shallow: bool
    head: str | None
    as_of: Commit | None
    commits: tuple[Commit, ...]
    timelines: Mapping[str, tuple[Version, ...]]
    uncommitted: frozenset[str]
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Shas of commits dated after the caller's `now` (clock skew, a wrong TZ).
    future_dated: frozenset[str] = frozenset()
    # Where values derived from blobs may be cached (None: no cache).
    cache: HistoryCache | None = field(default=None, repr=False)
    _reader: BlobReader | None = field(default=None, repr=False)

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Contents of the given blobs, all read through one `git cat-file --batch`."""
        wanted = list(shas)
        if not wanted:
            return {}
        if self._reader is None:
            raise GitError(f"no git history to read blobs from: {self.reason}")
        return self._reader.read(wanted)

    def each_blob(self, shas: Iterable[str], chunk: int = 2000) -> Iterator[tuple[str, bytes]]:
        """Contents of the given blobs a chunk at a time, not kept afterwards.

        Still one `cat-file --batch` process; memory holds one chunk, not every
        historical version of every file at once.
        """
        for part in self.blob_chunks(shas, chunk):
            yield from part.items()

    def blob_chunks(self, shas: Iterable[str], chunk: int = 2000) -> Iterator[dict[str, bytes]]:
        """`each_blob`, a chunk (sha -> content) at a time."""
        wanted = list(dict.fromkeys(shas))
        if wanted and self._reader is None:
            raise GitError(f"no git history to read blobs from: {self.reason}")
        for start in range(0, len(wanted), chunk):
            assert self._reader is not None
            yield self._reader.read(wanted[start : start + chunk], keep=False)

    def tree(self) -> dict[str, bytes]:
        """Every file under the root at `as_of`: path -> content."""
        contents = self.blobs(self.files.values())
        return {path: contents[sha] for path, sha in self.files.items()}

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_history(root: Path, as_of: str | None = None, *, now: datetime | None = None,
                 whole: bool = True, read_ahead: BlobSink | None = None,
                 located: History | None = None, running: RunningLog | None = None) -> History:
    """Read the history of the strategy root `root` as of `as_of`.

    `as_of`: None for HEAD; `YYYY-MM-DD` for the end of that day (UTC) or an
    ISO date-time, meaning the newest commit on HEAD's first-parent chain
    dated at or before it; anything else is a git revision (GitError if git
    does not know it). `now` is the caller's clock (only the CLI reads it);
    commits dated after it are listed in `future_dated`. `uncommitted` is
    filled only when `as_of` is None. `whole=False` only finds the as-of
    commit (and the uncommitted paths): no log, no timelines, no tree.
    `read_ahead`: when the log has to be read (no cache for the commit), the
    blobs this sink wants are read and handed to it while git log runs.
    `located`: what `open_history(root, as_of, whole=False)` found moments
    ago (HEAD, the as-of commit, the uncommitted paths), taken as it is
    instead of asking git again. `running`: the log `start_log(located)`
    started for it (closed here if it is not the one needed).
    """
    try:
        return _open(root, as_of, now, whole, read_ahead, located, running)
    finally:
        if running is not None:
            running.close()  # a no-op once read


def start_log(located: History) -> RunningLog | None:
    """Start now the git log that `open_history(..., located=located)` will read, if it surely will.

    That is when there is no cached history to read on top of (or no cache):
    then the whole log is read. Its revision walk then overlaps whatever the
    caller does first (reading the working tree, forking its workers).
    Hand the result to `open_history` as `running`, or close it.
    """
    if not located.available or located.as_of is None:
        return None
    if located.cache is not None and located.cache.tips():
        return None  # maybe no log at all (cached), else one that starts at a cached commit
    try:
        return GitDoor.discover(located.root).start_changes(located.as_of.sha)
    except (Unavailable, GitError):
        return None  # open_history will meet and report the same problem


def _open(root: Path, as_of: str | None, now: datetime | None, whole: bool, read_ahead: BlobSink | None,
          located: History | None, running: RunningLog | None) -> History:
    root = Path(os.path.abspath(root))
    target = parse_as_of(as_of)
    if isinstance(target, Revision) and target.text.startswith("-"):
        # Never let a value reach git's command line as an option.
        raise GitError(f"unknown revision '{target.text}'", hint="a revision cannot start with '-'")
    shallow, head = False, None
    reader: BlobReader | None = None
    try:
        door = GitDoor.discover(root)
        if located is not None and located.available and located.as_of is not None and located.root == root:
            shallow, head, at = located.shallow, located.head, located.as_of
        else:
            located = None
            shallow, head, at = _locate(door, target)
        cache = located.cache if located is not None else _cache(door, shallow)
        hit = cache.load(at.sha) if cache and whole else None
        commits: tuple[Commit, ...]
        files: dict[str, str]
        timelines: dict[str, tuple[Version, ...]]
        if not whole:
            commits, files, timelines = (), {}, {}
        elif hit is not None:
            commits, files, replay = hit
            timelines = replay.timelines(files)
        else:
            reader = door.blob_reader()
            files = door.files(at.sha)
            ahead = ReadAhead(read_ahead, reader, cache, files) if read_ahead is not None else None
            try:
                commits, replay = _read_log(door, cache, at.sha, ahead, running)
                timelines = replay.timelines(files)
                if cache:
                    # Nothing changes these afterwards, so they can be written aside.
                    later(partial(cache.store, at.sha, commits, files, replay))
            except BaseException:
                if ahead:
                    ahead.abandon()
                reader.close()  # its cat-file may have started for the read-ahead
                raise
            if ahead:
                ahead.finish()
        if target is not None:
            uncommitted = frozenset[str]()
        else:
            uncommitted = located.uncommitted if located is not None else door.uncommitted()
    except Unavailable as exc:
        if isinstance(exc, _Located):
            shallow, head = exc.shallow, exc.head
        return History(
            root=root,
            available=False,
            reason=str(exc),
            shallow=shallow,
            head=head,
            as_of=None,
            commits=(),
            timelines=_EMPTY,
            uncommitted=frozenset(),
        )
    moment = now if now is None or now.tzinfo else now.replace(tzinfo=timezone.utc)
    return History(
        root=root,
        available=True,
        reason=None,
        shallow=shallow,
        head=head,
        # The same record as in `commits` when as-of touches the root.
        as_of=next((c for c in reversed(commits) if c.sha == at.sha), at),
        commits=commits,
        timelines=MappingProxyType(timelines),
        uncommitted=uncommitted,
        files=MappingProxyType(files),
        future_dated=frozenset(c.sha for c in commits if moment is not None and c.date > moment),
        cache=cache,
        _reader=reader or door.blob_reader(),
    )


def _locate(door: GitDoor, target: Moment | Revision | None) -> tuple[bool, str | None, Commit]:
    """Shallowness, HEAD and the as-of commit (Unavailable or GitError when there is none)."""
    heads = door.heads()
    if heads.head is None:
        raise _Located(heads.shallow, None, "the repository has no commits yet")
    if isinstance(target, Moment):
        chain = door.first_parent_chain(heads.head)
        at = next((c for c in chain if c.date <= target.at), None)
        if at is None:
            raise _Located(heads.shallow, heads.head, f"no commits at or before {target.text}")
        return heads.shallow, heads.head, at
    revision = heads.head if target is None else target.text
    found = door.commit(revision)
    if found is None:
        raise GitError(
            f"unknown revision '{revision}'",
            hint="use a date (YYYY-MM-DD), a commit sha, a tag, a branch or HEAD~N",
        )
    return heads.shallow, heads.head, found


class _Located(Unavailable):
    """No history to read, with what was found on the way (shallow clone? HEAD)."""

    def __init__(self, shallow: bool, head: str | None, reason: str) -> None:
        super().__init__(reason)
        self.shallow, self.head = shallow, head


def _read_log(door: GitDoor, cache: HistoryCache | None, tip: str, ahead: ReadAhead | None,
              running: RunningLog | None = None) -> tuple[tuple[Commit, ...], Replay]:
    """The commits up to `tip` in landing order, replayed into timelines.

    On top of the newest cached history on `tip`'s first-parent chain when
    there is one (only what came since is logged), else from the start. At
    the top of the work tree the log holds every commit, so landing order
    (vindaris.history.order) can be computed, and the two give the same
    result; below it a pathspec leaves commits out, so git's order is kept
    and every read starts from the beginning.
    """
    on_batch = ahead.batch if ahead else None
    base = _base(door, cache, tip) if cache is not None and not door.prefix else None
    if base is not None:
        since, (old_commits, _, replay) = base
        logged = door.changes(tip, on_batch=on_batch, since=since, running=running)
        ordered = landing_order(logged, tip)
        if ordered is not None:
            replay.apply(ordered)
            return old_commits + tuple(entry.commit for entry in ordered), replay
        # Cannot happen at the top of the work tree; read it all to be sure.
    logged = door.changes(tip, on_batch=on_batch, running=running)
    found = landing_order(logged, tip) if not door.prefix else None
    if found is None:
        logged.reverse()  # git lists newest first; parents must come before children
        found = logged
    replay = Replay()
    replay.apply(found)
    return tuple(entry.commit for entry in found), replay


def _base(door: GitDoor, cache: HistoryCache, tip: str
          ) -> tuple[str, tuple[tuple[Commit, ...], dict[str, str], Replay]] | None:
    """The newest cached history on `tip`'s first-parent chain, and its commit."""
    cached = cache.tips()
    if not cached:
        return None  # nothing to build on: no walk either
    for sha in door.first_parent_shas(tip):
        if sha in cached:
            entry = cache.load(sha)
            if entry is not None:
                return sha, entry
    return None


def _cache(door: GitDoor, shallow: bool = False) -> HistoryCache | None:
    """The history cache under .git, unless switched off with VINDARIS_NO_CACHE=1.

    What `git log` says depends on more than the commit, and the entries are
    kept apart by it: a shallow clone's cut (.git/shallow: after `git fetch
    --deepen` or `--unshallow` the same HEAD has a longer history), and the
    working tree's .mailmap, which maps every commit's author (an edit to it
    renames authors in commits read long ago), and the mailmaps git config
    names (`mailmap.file`, `mailmap.blob`).
    """
    if door.git_dir is None or os.environ.get("VINDARIS_NO_CACHE", "") not in ("", "0"):
        return None
    configured = door.configured_mailmaps()
    if configured is None:
        return None
    variant = ["cfg" + hashlib.sha256(configured).hexdigest()[:12]] if configured else []
    for name, path in (("cut", door.git_dir / "shallow" if shallow else None), ("map", door.top / ".mailmap")):
        if path is None:
            continue
        try:
            variant.append(name + hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        except FileNotFoundError:
            if name == "cut":
                return None  # a cut we cannot name is a history we cannot key
        except OSError:
            return None
    return HistoryCache(door.git_dir / "vindaris", door.prefix, "-".join(variant))
