"""Memoised outputs: a page, a JSON document or a terminal view computed before from the same inputs.

Status and report are pure functions of (strategy files, history, as-of
date, options), and their output is deterministic, so a document computed
from exactly the same inputs can be served again byte for byte. The key is a
digest of all of them: the as-of commit's sha (which fixes its history), the
content of every strategy file read from the working tree, the as-of date,
the options, and Vindaris' version. Anything that cannot be pinned down that
way is simply not memoised: uncommitted changes (their moment is "now"), a
repository without history, custom templates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from vindaris import __version__
from vindaris.findings import Finding
from vindaris.history import History, RunningLog, open_history, start_log
from vindaris.history.cache import HistoryCache
from vindaris.model.files import read_tree


@dataclass(frozen=True)
class Seen:
    """What finding the memo's key read, for the computation that may follow:
    the as-of commit and uncommitted paths (a History opened whole=False),
    for "now" the working tree (files, findings), and the git log already
    started for the computation when it will surely need one (history's
    `start_log`: closed by `Memo.load` when the memo serves the output)."""

    history: History | None = None
    tree: tuple[dict[str, bytes], list[Finding]] | None = None
    log: RunningLog | None = None


@dataclass(frozen=True)
class Memo:
    """Where one output is (or would be) remembered; `key` None: not memoisable."""

    cache: HistoryCache | None
    key: str | None
    seen: Seen = Seen()

    def load(self) -> str | None:
        if self.cache is None or self.key is None:
            return None
        text = self.cache.load_output(self.key)
        if text is not None and self.seen.log is not None:
            self.seen.log.close()  # started on a guess that proved wrong: nothing will read it
        return text

    def store(self, text: str) -> None:
        if self.cache is not None and self.key is not None:
            self.cache.store_output(self.key, text)


NONE = Memo(None, None)

_PACKAGE = Path(__file__).resolve().parents[1]


def _code_digest() -> str:
    """A digest of Vindaris' own code and templates: a fix, even one that keeps
    the version number, must not be hidden behind a page computed before it."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html", ".md", ".css") and path.is_file():
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def memo_for(root: Path, as_of: str | None, now: dt.datetime, purpose: str) -> Memo:
    """The memo slot for `purpose` (command and options) at `as_of`.

    Its `seen` hands what was read for the key to `compute_status`, which
    would otherwise ask git and read the working tree again.
    """
    with open_history(root, as_of, now=now, whole=False) as history:
        located = history if history.available else None
        # First, so that git walks the history while the working tree is read.
        log = start_log(history)
        if not history.available or history.cache is None or history.as_of is None:
            return Memo(None, None, Seen(located, log=log))
        tree = read_tree(root) if as_of is None else None
        seen = Seen(located, tree, log)
        if history.uncommitted:
            return Memo(None, None, seen)
        digest = hashlib.sha256()
        for part in (__version__, _code_digest(), purpose, as_of or now.astimezone(dt.timezone.utc).date().isoformat(),
                     history.as_of.sha, str(history.shallow)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        if tree is not None:
            # The working tree is what status reads for "now"; git says it is
            # clean, but ignored files are read too: hash what is read.
            files, findings = tree
            if findings:
                return Memo(None, None, seen)
            for path in sorted(files):
                digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
                digest.update(hashlib.sha1(files[path]).digest())
        return Memo(history.cache, digest.hexdigest(), seen)
