"""Where a strategy repository is, and reading its YAML files from disk.

Kept apart from the loader (and so from pydantic, a fifth of a second to
import): a memoised `status` or `report` finds its root, reads the files
for the memo's key and prints what it remembered without ever validating.
"""

from __future__ import annotations

import os
from pathlib import Path

from vindaris.errors import RootNotFound
from vindaris.findings import Finding, Severity

GOALS_DIR = "goals"
GOAL_FILE = "goal.yaml"
CONFIG_FILE = "vindaris.yaml"
PEOPLE_FILE = "people.yaml"

_YAML_SUFFIXES = (".yaml", ".yml")


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding vindaris.yaml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    raise RootNotFound(
        f"no {CONFIG_FILE} found in {start} or any parent directory",
        "run inside a strategy repository, pass -C/--root, or create one with `vindaris init`",
    )


def read_tree(root: Path) -> tuple[dict[str, bytes], list[Finding]]:
    """Read the strategy's YAML files from disk: relative posix path -> bytes.

    Symbolic links that leave the strategy root are not followed (a strategy
    file must not be able to make Vindaris read /etc/passwd into a report),
    and walking never follows directory links, so a link loop cannot hang.
    """
    files: dict[str, bytes] = {}
    findings: list[Finding] = []
    root = root.resolve()
    for name in (CONFIG_FILE, PEOPLE_FILE):
        path = root / name
        if path.is_symlink() and not _inside(str(root), os.path.realpath(path)):
            # The rule of goals/ below holds here too: a people.yaml linked to a
            # secret elsewhere would echo it in "did you mean" hints and reports.
            findings.append(_link_finding(root, path))
            continue
        if path.is_file():
            try:
                files[name] = path.read_bytes()
            except OSError as exc:
                findings.append(Finding(name, 1, 1, "file-unreadable", Severity.ERROR, f"cannot read file: {exc.strerror}"))
    goals = root / GOALS_DIR
    if not goals.is_dir():
        return files, findings
    # os.scandir with plain strings: on thousands of files pathlib's object
    # churn cost more than reading the files.
    root_str = str(root)
    todo = [str(goals)]
    while todo:
        directory = todo.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            rel = os.path.relpath(directory, root_str).replace(os.sep, "/")
            findings.append(Finding(rel, 1, 1, "file-unreadable", Severity.ERROR, f"cannot read directory: {exc.strerror}"))
            continue
        subdirs = []
        for entry in entries:
            if entry.is_symlink():
                # Not Path.resolve(): on a link loop (a.yaml -> b.yaml -> a.yaml)
                # Python 3.11 raises RuntimeError; realpath returns a path whose
                # isfile() is simply False, so a loop is reported like a dangling
                # link. Directory links are never followed (no loops, no escapes).
                target = os.path.realpath(entry.path)
                inside = (target + os.sep).startswith(root_str + os.sep)
                if not inside or not os.path.isfile(target):
                    if inside and os.path.isdir(target):
                        continue  # a link to a directory of the strategy itself: already walked
                    if entry.name.endswith(_YAML_SUFFIXES) or os.path.isdir(target) or not os.path.exists(target):
                        findings.append(_link_finding(root, Path(entry.path)))
                    continue
            elif entry.is_dir(follow_symlinks=False):
                subdirs.append(entry.path)
                continue
            if not entry.name.endswith(_YAML_SUFFIXES):
                continue
            rel = entry.path[len(root_str) + 1:].replace(os.sep, "/")
            try:
                files[rel] = _read(entry.path)
            except OSError as exc:
                findings.append(Finding(rel, 1, 1, "file-unreadable", Severity.ERROR, f"cannot read file: {exc.strerror}"))
        todo.extend(reversed(subdirs))
    return files, findings


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read(path: str) -> bytes:
    """A file's bytes through the os module: `open()` builds a buffered file
    object per file, which was half of reading 6,600 small files."""
    fd = os.open(path, _READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:  # to the end, however the size changed meanwhile
            chunks.append(os.read(fd, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _inside(root: str, target: str) -> bool:
    """Whether the resolved `target` is a file within the resolved `root`."""
    return (target + os.sep).startswith(root + os.sep) and os.path.isfile(target)


def _link_finding(root: Path, link: Path) -> Finding:
    rel = link.relative_to(root).as_posix()
    return Finding(rel, 1, 1, "symlink-outside-root", Severity.ERROR,
                   "symbolic link points outside the strategy root (or nowhere); it is not followed",
                   "replace the link with the file itself")
