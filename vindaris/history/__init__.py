"""The one door to git: a strategy root's history as plain, immutable records.

Nothing else in Vindaris imports GitPython or runs git. `open_history` reads
the whole history with a fixed handful of git processes, however many files
and commits there are:

- `rev-parse` (shallow clone? HEAD), then one `git log` to find the as-of
  commit (`-1 <rev>`, or HEAD's first-parent chain for a date);
- one `git log --raw -z -M -m --topo-order` over the strategy root;
- one `ls-tree` for the files at as-of, one `status` for uncommitted paths
  (only when as-of is HEAD);
- one `cat-file --batch`, started on the first `blobs()`/`tree()` call and
  kept for every later one.
"""

from vindaris.history.history import SHALLOW_HINT, History, open_history
from vindaris.history.records import Commit, Version

__all__ = ["SHALLOW_HINT", "Commit", "History", "Version", "open_history"]
