"""The plain records the history door hands out: commits, file versions, changes.

They are frozen and carry no git objects, so the rest of Vindaris (and its
tests) can build them in memory without a repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as `git log` reports it, identities mapped through `.mailmap`."""

    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    # Committer date, not author date: it is when the change landed on the
    # branch (a rebased or cherry-picked commit keeps its old author date).
    date: datetime
    subject: str
    body: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True, slots=True)
class Version:
    """One version of one logical file: its path then and its blob (None = deleted).

    `before` holds the file's blob in each parent of the commit, as far as the
    commit's diff tells (None where the file did not exist): one entry for an
    ordinary commit, one per parent for a merge. Comparing with these, not
    with the version before in the timeline, is what keeps two branches that
    both edited a file from looking like edits that undo each other.
    """

    commit: Commit
    path: str
    blob: str | None
    before: tuple[str | None, ...] = ()


class ChangeKind(str, Enum):
    ADD = "add"
    MODIFY = "modify"
    DELETE = "delete"
    RENAME = "rename"


@dataclass(frozen=True, slots=True)
class Change:
    """One file change of a commit under the strategy root, normalised from `--raw`.

    `path` is the path after the change; `old_path` is set for renames only;
    `blob` is the content after the change (None for a deletion).
    """

    kind: ChangeKind
    path: str
    blob: str | None
    old_path: str | None = None
    # The content before the change, in the parent it was diffed against
    # (None: the file did not exist there).
    old_blob: str | None = None
