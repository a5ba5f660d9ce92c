"""The status job as a plain function: root and as-of in, Status out.

This is the one place that decides which tree to read: the working tree for
"now" (uncommitted edits count as the present moment) or the git tree of the
as-of commit for time travel.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vindaris import aside
from vindaris.keepalive import keep
from vindaris.errors import UsageError
from vindaris.findings import Finding, Severity
from vindaris.model.files import read_tree
from vindaris.model.parallel import Parsing, strategy_jobs
from vindaris.status.summaries import Prefetch, summarising_pool

if TYPE_CHECKING:
    from vindaris.model.strategy import Strategy
    from vindaris.status.memo import Seen
    from vindaris.status.records import Status

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Computed:
    strategy: Strategy
    status: Status
    errors: list[Finding]


def compute_status(root: Path, as_of: str | None, now: dt.datetime, seen: Seen | None = None) -> Computed:
    """Compute status for the strategy at `root` as it stood at `as_of` (None: now).

    `seen`: what the memo check read moments ago for the same `as_of`
    (status/memo.py), used instead of reading it again.
    """
    from vindaris.history import open_history

    _refuse_the_future(as_of, now)
    located = seen.history if seen is not None else None
    running = seen.log if seen is not None else None

    if as_of is None:
        # "Now" reads the working tree, which does not depend on history: load
        # and check it while git reads the whole history in its own process
        # (on a large repository that wait is a second or more of wall time).
        files, read_findings = seen.tree if seen is not None and seen.tree is not None else read_tree(root)
        # Children first, while this is the only thread (they are forked): the
        # parse of the files, then the summarising workers.
        parsing = Parsing(strategy_jobs(files))
        with contextlib.ExitStack() as stack:
            if running is not None:
                stack.callback(running.close)  # a no-op once read
            stack.callback(parsing.close)
            workers = stack.enter_context(summarising_pool(len(files)))
            prefetch = Prefetch(workers, root)
            with ThreadPoolExecutor(max_workers=1) as pool:
                pending = pool.submit(open_history, root, None, now=now, read_ahead=prefetch, located=located,
                                      running=running)
                pending.add_done_callback(lambda _: prefetch.begun.set())
                # Until git log is on its way, this thread keeps out of the
                # interpreter lock the history's thread needs to start it.
                prefetch.begun.wait()
                from vindaris.model.checks import check_files  # pydantic: while git reads

                strategy, findings = check_files(files, parsing=parsing)
                history = pending.result()
            from vindaris.status.facts import derive

            with history:
                facts = derive(history, strategy, files, now, prefetch)
        day = now.date()
    else:
        from vindaris.model.checks import check_files
        from vindaris.status.facts import derive

        prefetch = Prefetch()
        with open_history(root, as_of, now=now, read_ahead=prefetch, located=located, running=running) as history:
            if not history.available:
                if not _DATE.match(as_of):
                    raise UsageError(f"--as-of {as_of}: {history.reason or 'history is unavailable'}",
                                     "a revision needs git history; a date works without it")
                if history.head is not None and not history.shallow:
                    # The repository exists but did not yet at that date: today's
                    # files would be a lie about the past.
                    raise UsageError(f"--as-of {as_of}: {history.reason}",
                                     "the strategy's history starts later; pick a date after its first commit")
                files, read_findings = read_tree(root)
            else:
                files, read_findings = history.tree(), []
            strategy, findings = check_files(files)
            day = _as_of_date(as_of, history.as_of.date if history.as_of else None, now)
            facts = derive(history, strategy, None, now, prefetch)
    # The workers and threads are gone: cache writes can go to a child now.
    aside.flush()
    from vindaris.status.health import compute

    errors = [f for f in read_findings + findings if f.severity is Severity.ERROR]
    keep("history", history, prefetch)  # not freed one by one on return (vindaris/keepalive.py)
    return Computed(strategy, compute(strategy, facts, day), errors)


def _refuse_the_future(as_of: str | None, now: dt.datetime) -> None:
    """A day that has not come has no history: status for it would be today's
    files with the clock run on (every check-in stale, the period over), not
    a forecast. Refused, as `report --week` refuses a week not yet begun."""
    if as_of is None or not _DATE.match(as_of):
        return
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        return  # _as_of_date says what is wrong with it
    # Today wherever the user is, too: east of UTC the local day begins first.
    today = max(now.astimezone(dt.timezone.utc).date(), now.astimezone().date())
    if day > today:
        raise UsageError(f"--as-of {as_of} has not come yet (today is {today.isoformat()})",
                         "leave --as-of out for now: forecasts already look ahead to the end of the period")


def _as_of_date(as_of: str | None, commit_date: dt.datetime | None, now: dt.datetime) -> dt.date:
    if as_of is None:
        return now.date()
    if _DATE.match(as_of):
        try:
            return dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise UsageError(f"--as-of {as_of} is not a valid date: {exc}") from exc
    if commit_date is not None:
        return commit_date.astimezone(dt.timezone.utc).date()
    try:
        return dt.datetime.fromisoformat(as_of).date()
    except ValueError as exc:
        raise UsageError(f"--as-of {as_of} is neither a date nor a revision") from exc
