"""The one door to git: a strategy root's history as plain, immutable records.

Nothing else in Vindaris imports GitPython or runs git. `open_history` reads
the whole history with a fixed handful of git processes, however many files
and commits there are:

- `rev-parse` (shallow clone? HEAD), then one `git log` to find the as-of
  commit (`-1 <rev>`, or HEAD's first-parent chain for a date);
- one `git log --raw -z -M -m --topo-order` over the strategy root, parsed
  as git writes it (`start_log` can start it before the caller is ready to
  read, so its revision walk overlaps the caller's own start); when the cache holds the history of an ancestor on the
  first-parent chain, one `rev-list --first-parent` finds it and the log
  covers only the commits made since (`--not` it);
- one `ls-tree` for the files at as-of, one `status` for uncommitted paths
  (only when as-of is HEAD);
- one `cat-file --batch`, started on the first read (the read-ahead's,
  while the log still runs, or `blobs()`/`tree()`) and kept for every later
  one.

Commits are replayed in landing order (`vindaris.history.order`), and what
was read is cached under `.git/vindaris/` (`vindaris.history.cache`).
"""

from vindaris.history.gitdoor import RunningLog
from vindaris.history.history import SHALLOW_HINT, History, open_history, start_log
from vindaris.history.records import Commit, Version

__all__ = ["SHALLOW_HINT", "Commit", "History", "RunningLog", "Version", "open_history", "start_log"]
