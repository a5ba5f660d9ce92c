"""The `git log` output format Vindaris asks for, and its parser.

Every record starts with an ASCII record separator and carries its fields
NUL-terminated; with `-z` the `--raw` entries that follow are NUL-separated
too, so paths with spaces, quotes, newlines or any unicode come through
verbatim (git quotes them otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from sys import intern

from vindaris.errors import GitError
from vindaris.history.records import Change, ChangeKind, Commit

RECORD = b"\x1e"
# %aN/%aE apply .mailmap; %cI is the committer date in strict ISO 8601.
_FIELDS = ("%H", "%P", "%aN", "%aE", "%cI", "%s", "%b")
LOG_FORMAT = "%x1e" + "%x00".join(_FIELDS) + "%x00"


@dataclass(frozen=True, slots=True)
class LoggedCommit:
    """A commit and its changes under the strategy root, as one log record gave them."""

    commit: Commit
    changes: tuple[Change, ...]


def parse_log(data: bytes, prefix: str = "") -> list[LoggedCommit]:
    """Parse `git log -z --format=LOG_FORMAT [--raw]` output, in output order.

    `prefix` ("strategy/" or "") is stripped from every path; entries outside
    it are dropped. A merge logged with `-m` appears once per parent in git's
    output; its records are joined into one, changes in order.
    """
    parser = LogParser(prefix)
    return parser.feed(data) + parser.close()


class LogParser:
    """`parse_log` a piece at a time, as git writes its output.

    `feed` takes bytes cut anywhere and returns the commits complete so far;
    a commit is complete once the next one starts (a merge's records, one
    per parent, follow each other), so the last one comes from `close`.
    """

    def __init__(self, prefix: str = "") -> None:
        self._prefix = prefix
        self._partial = b""  # the bytes after the last NUL: a token not yet whole
        self._tokens: list[bytes] = []  # whole tokens not yet consumed
        self._commit: Commit | None = None
        self._changes: list[Change] = []

    def feed(self, data: bytes) -> list[LoggedCommit]:
        tokens = (self._partial + data).split(b"\0")
        self._partial = tokens.pop()
        self._tokens.extend(tokens)
        return self._consume(final=False)

    def close(self) -> list[LoggedCommit]:
        if self._partial:
            self._tokens.append(self._partial)
            self._partial = b""
        logged = self._consume(final=True)
        if self._commit is not None:
            logged.append(LoggedCommit(self._commit, tuple(self._changes)))
            self._commit, self._changes = None, []
        return logged

    def _consume(self, final: bool) -> list[LoggedCommit]:
        tokens = self._tokens
        logged: list[LoggedCommit] = []
        commit, changes, prefix = self._commit, self._changes, self._prefix
        i = 0
        try:
            while i < len(tokens):
                token = tokens[i].lstrip(b"\n")
                if not token:
                    i += 1
                elif token.startswith(RECORD):
                    if i + len(_FIELDS) > len(tokens) and not final:
                        break  # the rest of this record has not arrived yet
                    following = _commit(token[1:], tokens[i + 1 : i + len(_FIELDS)])
                    i += len(_FIELDS)
                    if commit is not None and following.sha == commit.sha:
                        continue  # the same merge again, diffed against its next parent
                    if commit is not None:
                        logged.append(LoggedCommit(commit, tuple(changes)))
                    commit, changes = following, []
                elif token.startswith(b":") and commit is not None:
                    meta = token[1:].split(b" ")
                    status = meta[4][:1].decode("ascii")
                    npaths = 2 if status in ("R", "C") else 1
                    if i + 1 + npaths > len(tokens) and not final:
                        break
                    paths = [_path(p) for p in tokens[i + 1 : i + 1 + npaths]]
                    if len(paths) != npaths:
                        raise ValueError("truncated raw entry")
                    i += 1 + npaths
                    change = _change(meta, status, paths, prefix)
                    if change is not None:
                        changes.append(change)
                else:
                    raise ValueError(f"unexpected token {token[:40]!r}")
        except (ValueError, IndexError, UnicodeDecodeError) as exc:
            raise GitError(
                f"could not read the output of git log ({exc})",
                hint="please report this with the output of `git --version`",
            ) from exc
        del tokens[:i]
        self._commit, self._changes = commit, changes
        return logged


def _commit(sha: bytes, fields: list[bytes]) -> Commit:
    if len(fields) != len(_FIELDS) - 1:
        raise ValueError("truncated commit record")
    parents, name, email, date, subject, body = (f.decode("utf-8", "replace") for f in fields)
    # Interned: a sha is also its children's parent, a name and email recur
    # on every commit of that person. One object each saves memory, and the
    # history cache (marshal writes a repeated object once) a fifth of its size.
    return Commit(
        sha=intern(sha.decode("ascii")),
        parents=tuple(intern(p) for p in parents.split()),
        author_name=intern(name),
        author_email=intern(email),
        date=datetime.fromisoformat(date),
        subject=subject,
        body=body.strip("\n"),
    )


def _path(raw: bytes) -> str:
    # surrogateescape keeps non-UTF-8 file names round-trippable to the file system.
    return raw.decode("utf-8", "surrogateescape")


def _regular(mode: bytes) -> bool:
    # 100644/100755 are files; 120000 symlinks and 160000 submodules are not
    # strategy content.
    return mode.startswith(b"100")


def _change(meta: list[bytes], status: str, paths: list[str], prefix: str) -> Change | None:
    # A blob is one change's new side and the next one's old side: interned.
    old_mode, new_mode, new_blob = meta[0], meta[1], intern(meta[3].decode("ascii"))
    old_blob = None if meta[2].strip(b"0") == b"" else intern(meta[2].decode("ascii"))
    old_ok, new_ok = _regular(old_mode), _regular(new_mode)
    relative = [_strip(p, prefix) for p in paths]
    if any(p is None for p in relative):
        return None
    old, new = relative[0], relative[-1]
    assert old is not None and new is not None
    if status == "R" and old_ok and new_ok:
        return Change(ChangeKind.RENAME, new, new_blob, old_path=old, old_blob=old_blob)
    if status in ("A", "C", "R", "M", "T"):
        # A type change to or from a symlink reads as the file appearing or going.
        if new_ok:
            kind = ChangeKind.MODIFY if status in ("M", "T") and old_ok else ChangeKind.ADD
            return Change(kind, new, new_blob, old_blob=old_blob if kind is ChangeKind.MODIFY else None)
        if old_ok and status != "C":
            return Change(ChangeKind.DELETE, old, None, old_blob=old_blob)
        return None
    if status == "D" and old_ok:
        return Change(ChangeKind.DELETE, old, None, old_blob=old_blob)
    return None  # "U" (unmerged) and "X" (unknown) never describe a committed file


def _strip(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    return path[len(prefix) :] if path.startswith(prefix) else None
