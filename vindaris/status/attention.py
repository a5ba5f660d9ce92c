"""What needs attention, one entry per thing and the person who acts.

`Status.attention` lists every reason on its own (a key result can be off
track, without moving work and without a recent check-in at once), most
severe first; that is what `status --format json` documents. People read it
per thing: the terminal view and the weekly page both show one entry per
(ref, owner) with all its reasons, so the two count the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from vindaris.status.records import Attention


def by_thing(attention: Sequence[Attention]) -> list[tuple[Attention, ...]]:
    """The reasons grouped by (ref, owner); a group sits where its most severe
    reason sat, and keeps its reasons in the list's order (most severe first)."""
    grouped: dict[tuple[str, str | None], list[Attention]] = {}
    for a in attention:
        grouped.setdefault((a.ref, a.owner), []).append(a)
    return [tuple(reasons) for reasons in grouped.values()]
