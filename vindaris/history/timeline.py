"""Timelines: the versions of each file, oldest first, following renames.

Built from the changes of each commit replayed in graph order. Choices:

- A move (`git log -M`) continues the file's timeline: versions before the
  move keep their old path.
- A file deleted and later created again at the same path keeps one
  timeline; the deletion stays in it as a version with `blob=None`. A work
  item that is removed and restored is the same item, and readers that want
  only the latest life can cut at the last deletion.
- Changes belong to the commits that made them. A merge adds a version only
  where its result differs from what the replay holds at that point (a
  conflict resolved by hand, one side's change dropped by "ours"), so a
  timeline ends with the content the as-of tree has.
- Known limit: git's `-M` takes only deleted files as move sources, so moving
  a file and creating a new one at its old path in the same commit reads as
  an edit of the old path plus a new file (telling them apart needs `-B`,
  which reads every rewritten blob of the whole log).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vindaris.history.rawlog import LoggedCommit
from vindaris.history.records import Change, ChangeKind, Commit, Version


class Replay:
    """The replay state: which timeline each path belongs to at this point.

    It can be saved with the history cache and taken up again, so commits
    made since a cached one are replayed on top of it (`state`, `resume`).
    """

    def __init__(self) -> None:
        self.live: dict[str, list[Version]] = {}
        # Deleted paths, so a re-created file continues its timeline.
        self.dead: dict[str, list[Version]] = {}
        # Old path -> timeline of a moved file, for a change another branch
        # made at the old path after the move was replayed.
        self.moved: dict[str, list[Version]] = {}

    def commit(self, commit: Commit, changes: Iterable[Change]) -> None:
        changes = list(changes)
        sources: dict[str, list[Version] | None] = {}
        # Deletions and move sources first: a commit may move a.yaml away and
        # create a new a.yaml, and the new file must not inherit the old one.
        for change in changes:
            if change.kind is ChangeKind.DELETE:
                self.delete(commit, change.path)
            elif change.kind is ChangeKind.RENAME:
                assert change.old_path is not None
                sources[change.old_path] = self.live.pop(change.old_path, None)
        for change in changes:
            if change.kind is ChangeKind.RENAME:
                assert change.old_path is not None
                timeline = sources[change.old_path]
                if timeline is None:
                    # The source is unknown here (changed on another branch):
                    # the file starts its timeline at the new path.
                    self.put(commit, change.path, change.blob, modified=False)
                    continue
                self.moved[change.old_path] = timeline
                self.live[change.path] = timeline
                self.append(timeline, commit, change.path, change.blob, (change.old_blob,))
            elif change.kind is not ChangeKind.DELETE:
                self.put(commit, change.path, change.blob, modified=change.kind is ChangeKind.MODIFY,
                         before=(change.old_blob,))

    def merge(self, commit: Commit, changes: Iterable[Change]) -> None:
        """Apply a merge diffed against each of its parents (`git log -m`).

        Whatever parent it was diffed against, the new side of every entry is
        the merge's own content, so the entries together say exactly what the
        merge holds for each path they name.
        """
        result: dict[str, str | None] = {}
        moved_from: dict[str, str] = {}
        # What each path held in the parents the merge differs from; a path
        # listed for fewer parents than the merge has equals the others.
        before: dict[str, list[str | None]] = {}
        parents = len(commit.parents)
        for change in changes:
            before.setdefault(change.path, []).append(change.old_blob)
            if change.kind is ChangeKind.DELETE:
                result.setdefault(change.path, None)
            else:
                result[change.path] = change.blob
                if change.kind is ChangeKind.RENAME:
                    assert change.old_path is not None
                    result.setdefault(change.old_path, None)
                    moved_from[change.path] = change.old_path
        for path, blob in result.items():
            old = moved_from.get(path)
            if blob is not None and path not in self.live and old is not None and old in self.live:
                timeline = self.live.pop(old)
                self.moved[old] = timeline
                self.live[path] = timeline
                self.append(timeline, commit, path, blob, self.merged_before(before, path, blob, parents))
        for path, blob in result.items():
            if blob is None and path in self.live:
                self.delete(commit, path)
        for path, blob in result.items():
            if blob is None:
                continue
            last = self.live[path][-1] if path in self.live else None
            if last is None or (last.path, last.blob) != (path, blob):
                self.put(commit, path, blob, modified=False,
                         before=self.merged_before(before, path, blob, parents))

    @staticmethod
    def merged_before(before: dict[str, list[str | None]], path: str, blob: str | None,
                      parents: int) -> tuple[str | None, ...]:
        olds = list(before.get(path, []))
        if len(olds) < parents:
            olds.append(blob)  # unchanged against some parent: the merge brought it in
        return tuple(olds)

    def put(self, commit: Commit, path: str, blob: str | None, *, modified: bool,
            before: tuple[str | None, ...] = ()) -> None:
        """A file added (`modified=False`) or changed at `path`."""
        timeline = self.live.get(path)
        if timeline is None:
            moved = self.moved.get(path)
            if modified and moved is not None:
                # Changed on a branch that had not seen the move: the change
                # belongs to the moved file, under the path it was made at.
                self.append(moved, commit, path, blob, before)
                return
            timeline = self.dead.pop(path, None) or []
            self.live[path] = timeline
        self.append(timeline, commit, path, blob, before)

    def delete(self, commit: Commit, path: str) -> None:
        timeline = self.live.pop(path, None)
        if timeline is not None:
            self.append(timeline, commit, path, None)
            self.dead[path] = timeline

    @staticmethod
    def append(timeline: list[Version], commit: Commit, path: str, blob: str | None,
               before: tuple[str | None, ...] = ()) -> None:
        timeline.append(Version(commit=commit, path=path, blob=blob, before=before))


    def apply(self, logged: Iterable[LoggedCommit]) -> None:
        """Replay commits, parents before children."""
        for entry in logged:
            if entry.commit.is_merge:
                self.merge(entry.commit, entry.changes)
            else:
                self.commit(entry.commit, entry.changes)

    def timelines(self, files: Mapping[str, str]) -> dict[str, tuple[Version, ...]]:
        """Timelines of the files at as-of (`files`: path -> blob)."""
        return {path: tuple(self.live.get(path, ())) for path in sorted(files)}

    def state(self) -> tuple[list[list[Version]], dict[str, dict[str, int]]]:
        """Every timeline once, and which path holds which (by index) in live, dead and moved."""
        timelines: list[list[Version]] = []
        index: dict[int, int] = {}
        where: dict[str, dict[str, int]] = {}
        for name, paths in (("live", self.live), ("dead", self.dead), ("moved", self.moved)):
            where[name] = {}
            for path, timeline in paths.items():
                if id(timeline) not in index:
                    index[id(timeline)] = len(timelines)
                    timelines.append(timeline)
                where[name][path] = index[id(timeline)]
        return timelines, where

    @classmethod
    def resume(cls, timelines: list[list[Version]], where: Mapping[str, Mapping[str, int]]) -> Replay:
        """A replay taken up where `state` left it."""
        replay = cls()
        for name, paths in (("live", replay.live), ("dead", replay.dead), ("moved", replay.moved)):
            for path, i in where[name].items():
                paths[path] = timelines[i]
        return replay


def build_timelines(
    logged: Iterable[LoggedCommit], files: Mapping[str, str]
) -> dict[str, tuple[Version, ...]]:
    """Timelines of the files at as-of (`files`: path -> blob), from commits oldest first."""
    replay = Replay()
    replay.apply(logged)
    return replay.timelines(files)
