"""A change to the strategy, checked before it is written and written as one unit.

Every authoring command builds a :class:`Change` in memory (the full new
text of each file it touches, and any renames), then :func:`verify` runs the
real `check` over the repository's files with the change in place. Errors
the change would add are refused with exactly the findings `check` would
print afterwards; only then does :func:`apply` write, each file atomically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from vindaris.atomic import write_atomic
from vindaris.authoring.lock import editing
from vindaris.errors import ConcurrentEdit, UsageError
from vindaris.findings import Finding, Severity, sort_findings
from vindaris.model.checks import apply_ignores, check_files
from vindaris.model.codeowners import check_codeowners
from vindaris.model.files import read_tree
from vindaris.model.strategy import Strategy


@dataclass
class Workspace:
    """A strategy root as it is on disk now: its files, the model and what check says."""

    root: Path
    files: dict[str, bytes]
    strategy: Strategy
    findings: list[Finding]

    @classmethod
    def load(cls, root: Path) -> Workspace:
        files, read_findings = read_tree(root)
        strategy, findings = check_files(files, again=True)  # verify checks them again
        findings = read_findings + findings + apply_ignores(strategy, check_codeowners(root, strategy))
        return cls(root.resolve(), files, strategy, findings)

    def text(self, rel: str) -> str:
        """A strategy file's text, exactly as it is (line endings and BOM kept)."""
        try:
            return self.files[rel].decode("utf-8")
        except KeyError:
            raise UsageError(f"{rel} does not exist") from None
        except UnicodeDecodeError:
            raise UsageError(f"{rel} is not UTF-8 text; fix it first", "run `vindaris check`") from None


class Mover(Protocol):
    def move(self, old: Path, new: Path) -> None: ...


@dataclass(frozen=True)
class Change:
    """What a command will write: new texts by path, renames, and the commit message.

    `problems` are errors found while planning that `check` cannot see from
    the files alone (a file that would be overwritten, an id that cannot be
    a file name); they refuse the change like any other error.
    """

    writes: Mapping[str, str]  # strategy-relative path -> full new text
    subject: str
    body: str | None = None
    renames: tuple[tuple[str, str], ...] = ()  # (old, new), strategy-relative
    problems: tuple[Finding, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())  # what else the change did, said to the author

    @property
    def paths(self) -> list[str]:
        """Every path the change touches (a rename's old and new path both)."""
        out = [old for old, _ in self.renames] + list(self.writes)
        return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Verdict:
    """What `check` would newly report once the change is written."""

    errors: list[Finding]
    warnings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.errors


def verify(ws: Workspace, change: Change) -> Verdict:
    """Run the real check on the repository with `change` applied, in memory.

    Only what the change *adds* counts: a repository that already has an
    error somewhere else can still take a check-in. Findings are compared by
    file, rule and message (not line: inserting a line shifts the rest).
    """
    files = dict(ws.files)
    renamed = dict(change.renames)
    for old, new in change.renames:
        files[new] = files.pop(old)
    for rel, text in change.writes.items():
        files[rel] = text.encode("utf-8")
    strategy, findings = check_files(files, again=True)
    findings += apply_ignores(strategy, check_codeowners(ws.root, strategy))
    before = Counter((renamed.get(f.path, f.path), f.rule, f.message) for f in ws.findings)
    added: list[Finding] = []
    for f in sort_findings(findings):
        key = (f.path, f.rule, f.message)
        if before[key] > 0:
            before[key] -= 1
        else:
            added.append(f)
    return Verdict(list(change.problems) + [f for f in added if f.severity is Severity.ERROR],
                   [f for f in added if f.severity is Severity.WARNING])


def apply(ws: Workspace, change: Change, mover: Mover | None = None) -> None:
    """Write the change: renames first (through `mover`, e.g. `git mv`), then each file atomically.

    Under the root's edit lock, and only if every file the change touches is
    still as `ws` read it: the change was planned and checked against those
    bytes, and writing it over someone else's newer edit would lose that edit.
    """
    with editing(ws.root):
        _still_as_read(ws, change)
        _write(ws, change, mover)


def _still_as_read(ws: Workspace, change: Change) -> None:
    for rel in change.paths:
        try:
            now: bytes | None = (ws.root / rel).read_bytes()
        except FileNotFoundError:
            now = None
        except OSError:
            continue  # unreadable: writing it fails with the real reason
        if now != ws.files.get(rel):
            what = "was created" if ws.files.get(rel) is None else "changed" if now is not None else "was removed"
            raise ConcurrentEdit(f"{rel} {what} while this command was running; nothing was written",
                                 "another command or an editor wrote it: run this command again")


def _write(ws: Workspace, change: Change, mover: Mover | None) -> None:
    for old, new in change.renames:
        source, target = ws.root / old, ws.root / new
        if target.exists():
            raise UsageError(f"{new} already exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        if mover is not None:
            mover.move(source, target)
        else:
            source.rename(target)
    for rel, text in change.writes.items():
        write_atomic(ws.root / rel, text.encode("utf-8"))
