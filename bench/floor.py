#!/usr/bin/env python3
"""The floor: the least any history-reading command can do, as one process.

    python bench/floor.py REPO

Three steps, one after the other, in this one Python process (bench/run.py
times the whole process, interpreter start-up included, like the vindaris
commands beside it):

1. `git log --raw --no-abbrev -z -M --topo-order` over the strategy (the
   repository root is the strategy root in the generated repositories, so no
   pathspec: at the top of the work tree `-- .` selects nothing less and
   makes git test every path, which took 1.6x as long on large; Vindaris
   leaves it out there for the same reason);
2. `git cat-file --batch` fed every blob sha that log lists (both sides of
   each change, each sha once), all of its output read;
3. every current strategy file (`vindaris.yaml`, `people.yaml`,
   `goals/**/*.yaml`) parsed with PyYAML's C loader (`yaml.CSafeLoader`).

It prints one JSON line: the seconds of each step and what it read. Two git
processes in all, on every size.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# A --raw entry: ":<old mode> <new mode> <old sha> <new sha> <status>".
RAW = re.compile(rb":[0-7]{6} [0-7]{6} ([0-9a-f]{40}) ([0-9a-f]{40}) [A-Z]")
ZERO = b"0" * 40


def main(root: Path) -> dict[str, object]:
    t0 = time.perf_counter()
    log = subprocess.run(
        ["git", "log", "--raw", "--no-abbrev", "-z", "-M", "--topo-order"],
        cwd=root, check=True, capture_output=True,
    ).stdout
    t1 = time.perf_counter()
    shas = list(dict.fromkeys(sha for match in RAW.finditer(log) for sha in match.groups() if sha != ZERO))
    # The shas go in from a file: subprocess's `input=` writes 512 bytes per
    # select() round, which costs more than cat-file itself on large.
    with tempfile.TemporaryFile() as stdin:
        stdin.write(b"\n".join(shas) + b"\n")
        stdin.seek(0)
        batch = subprocess.run(["git", "cat-file", "--batch"], cwd=root, check=True, stdin=stdin,
                               capture_output=True).stdout
    t2 = time.perf_counter()

    import yaml

    files = [root / "vindaris.yaml", root / "people.yaml"]
    for dirpath, dirnames, filenames in os.walk(root / "goals"):
        dirnames.sort()
        files.extend(Path(dirpath) / name for name in sorted(filenames) if name.endswith(".yaml"))
    documents = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            if yaml.load(fh.read(), Loader=yaml.CSafeLoader) is not None:
                documents += 1
    t3 = time.perf_counter()
    return {
        "log_s": round(t1 - t0, 4),
        "log_bytes": len(log),
        "cat_file_s": round(t2 - t1, 4),
        "blobs": len(shas),
        "blob_bytes": len(batch),
        "yaml_s": round(t3 - t2, 4),
        "files": len(files),
        "documents": documents,
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/floor.py REPO")
    print(json.dumps(main(Path(sys.argv[1]))))
