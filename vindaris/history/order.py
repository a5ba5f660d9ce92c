"""The order commits are replayed in: the order they landed on the branch.

Replaying history needs parents before children; which of the many such
orders is used decides the order of versions made on two branches at once,
and so the order of events. `git log --topo-order` picks one, but the one it
picks for a commit's history is not always a prefix of the one it picks for
a later commit, so a history read in two steps (a cached part and what came
since) could come out in another order than one read whole.

Landing order is defined by the graph alone: a depth-first walk from the tip
that takes each commit's first parent before its others and puts a commit
after its parents. Everything an earlier commit on the tip's first-parent
chain (the main line) can reach comes, in the same order, before anything
that landed after it. That makes the order of a history read on top of a
cached one exactly the order of the same history read whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from vindaris.history.rawlog import LoggedCommit


def landing_order(logged: Sequence[LoggedCommit], tip: str) -> list[LoggedCommit] | None:
    """`logged` in landing order from `tip`, parents before children.

    Parents that are not in `logged` (before a cached part, beyond a shallow
    clone's cut) are taken as already placed. None when some commit cannot be
    reached from `tip` through `logged` (a pathspec left commits out of the
    log, so the graph has gaps): the caller keeps git's order then.
    """
    by_sha = {entry.commit.sha: entry for entry in logged}
    if tip not in by_sha:
        return None if logged else []
    placed: set[str] = {tip}
    out: list[LoggedCommit] = []
    stack: list[tuple[str, int]] = [(tip, 0)]
    while stack:
        sha, i = stack[-1]
        parents = by_sha[sha].commit.parents
        while i < len(parents) and (parents[i] in placed or parents[i] not in by_sha):
            i += 1
        if i < len(parents):
            stack[-1] = (sha, i + 1)
            placed.add(parents[i])
            stack.append((parents[i], 0))
        else:
            stack.pop()
            out.append(by_sha[sha])
    return out if len(out) == len(by_sha) else None
