"""Write a whole history at once: one `git fast-import` process per repository.

`vindaris demo` builds a quarter of backdated commits. A `git commit` per
commit would start hundreds of processes; fast-import takes the whole history
(commits, dates, identities, merges) as one stream, and what it writes depends
on nothing but that stream, so the same commits always get the same ids.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vindaris.errors import GitError


@dataclass(frozen=True)
class NewCommit:
    """One commit to write. Parents are indexes of earlier commits in the same list."""

    author: tuple[str, str]  # (name, email)
    committer: tuple[str, str]
    when: dt.datetime  # timezone-aware; the author and the commit date
    message: str
    parents: tuple[int, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()  # files added or changed against the first parent


def write_history(path: Path, commits: Sequence[NewCommit], ref: str = "refs/heads/main") -> str:
    """Write `commits` into the new repository at `path`, point `ref` at the last one, check it out; its sha.

    fast-import only writes objects and refs; the index and working tree are
    filled from HEAD afterwards, so `ref` should be the branch HEAD names.
    """
    import git

    repo = git.Repo(path)
    try:
        # GitPython hands `istream` to git as its stdin, which must be a real
        # file; writing a pipe from here could deadlock on a large stream.
        with tempfile.TemporaryFile() as fh:
            fh.write(stream(commits, ref))
            fh.seek(0)
            repo.git.fast_import("--quiet", "--done", istream=fh)
        repo.git.reset("--hard", "--quiet")
        return str(repo.git.rev_parse("HEAD")).strip()
    except git.GitCommandError as exc:
        detail = str(exc.stderr or "").strip().splitlines()
        raise GitError(f"git failed writing the history in {path}: {detail[-1] if detail else exc}") from exc


def stream(commits: Sequence[NewCommit], ref: str = "refs/heads/main") -> bytes:
    """The fast-import stream for `commits`, all written on `ref`.

    Every commit names its parents explicitly, so commits of a side branch can
    be written on `ref` too and no branch ref is left behind: `ref` ends at
    the last commit.
    """
    out = [b"feature done\n"]
    for mark, c in enumerate(commits, 1):
        if any(not 0 <= p < mark - 1 for p in c.parents):
            raise ValueError(f"commit {mark - 1} names a parent that is not an earlier commit")
        message = c.message.encode()
        stamp = f"{int(c.when.timestamp())} {c.when.strftime('%z')}"
        out.append((f"commit {ref}\nmark :{mark}\n"
                    f"author {_person(c.author)} {stamp}\ncommitter {_person(c.committer)} {stamp}\n"
                    f"data {len(message)}\n").encode() + message + b"\n")
        out.extend(f"{'merge' if n else 'from'} :{p + 1}\n".encode() for n, p in enumerate(c.parents))
        for file_path, content in c.files:
            out.append(f"M 100644 inline {_quote(file_path)}\ndata {len(content)}\n".encode() + content + b"\n")
    out.append(b"done\n")
    return b"".join(out)


def _person(identity: tuple[str, str]) -> str:
    name, email = (part.replace("<", "").replace(">", "").replace("\n", " ").strip() for part in identity)
    return f"{name} <{email}>"


def _quote(path: str) -> str:
    """A path as fast-import reads it: C-style quoted when it starts with a quote or holds a newline."""
    if not path.startswith('"') and "\n" not in path:
        return path
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
