"""A small valid strategy on disk, with single files swapped out per test.

Tests that check positions need to show the exact bad file, so every file is
literal YAML text here and a test overrides whole files by path:

    write_strategy(tmp_path, {"goals/grow/ship.yaml": "title: Ship\\nowner: bbo\\n"})

A `str` value replaces (or adds) a file, `bytes` are written as they are (for
encodings, BOMs and binary junk), and `None` deletes the file. The base
strategy passes `vindaris check` with zero findings; every file below is
deliberately short so that line numbers in assertions are easy to count.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

CONFIG = """\
version: 1
organization: Example Co
periods:
  - {id: 2026-q3, start: 2026-07-01, end: 2026-09-30}
  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}
"""

# One entry per line (flow style) so a test can restate the whole file in a
# few lines. alice and carol lead the teams; dave has left (active: false)
# and still owns done work, which is allowed.
PEOPLE = """\
people:
  - {id: alice, name: Alice Adams, team: growth}
  - {id: bob, name: Bob Brown, team: growth}
  - {id: carol, name: Carol Chen, team: platform}
  - {id: dave, name: Dave Diaz, active: false}
teams:
  - {id: growth, name: Growth, lead: alice}
  - {id: platform, name: Platform, lead: carol}
"""

GROW_GOAL = """\
title: Grow revenue
owner: alice
period: 2026-q4
key_results:
  - id: arr
    title: Net new ARR
    unit: kEUR
    baseline: 0
    target: 1000
    current: 250
  - id: partners
    title: Partner program live
    kind: milestone
    owner: bob
    done: false
"""

SHIP = """\
title: Ship self-serve checkout
owner: bob
moves: [arr]
state: active
due: 2026-11-30
contributors: [carol]
impact:
  arr: 300
"""

RESELLERS = """\
title: Sign two resellers
owner: alice
moves: [partners]
state: planned
depends_on: [grow/ship]
"""

OLD_PRICING = """\
title: Retire the old price list
owner: dave
moves: [arr]
state: done
"""

TRIALS_GOAL = """\
title: Self-serve trials
owner: carol
period: 2026-q4
supports: [arr]
key_results:
  - id: signups
    title: Trial sign-ups per month
    baseline: 100
    target: 400
"""

SIGNUP_PAGE = """\
title: Rebuild the sign-up page
owner: carol
moves: [signups]
state: active
"""

SSO = """\
title: Single sign-on for trials
owner: bob
moves: [signups]
state: blocked
depends_on: [trials/signup-page]
"""

#: The valid strategy: relative path -> file text.
BASE_FILES: dict[str, str] = {
    "vindaris.yaml": CONFIG,
    "people.yaml": PEOPLE,
    "goals/grow/goal.yaml": GROW_GOAL,
    "goals/grow/ship.yaml": SHIP,
    "goals/grow/resellers.yaml": RESELLERS,
    "goals/grow/old-pricing.yaml": OLD_PRICING,
    "goals/grow/trials/goal.yaml": TRIALS_GOAL,
    "goals/grow/trials/signup-page.yaml": SIGNUP_PAGE,
    "goals/grow/trials/sso.yaml": SSO,
}

#: Overrides that delete every goal and work item (for tests of the two
#: top-level files alone, without every owner reference failing with them).
NO_GOALS: dict[str, str | bytes | None] = {path: None for path in BASE_FILES if path.startswith("goals/")}


def write_strategy(root: Path, overrides: Mapping[str, str | bytes | None] | None = None) -> Path:
    """Write the valid strategy into `root` with `overrides` applied; return `root`.

    Text is written with `newline=""` so a test's `\\r\\n` reaches the file as
    it is; `None` removes a base file (or is a no-op for one never written).
    """
    files: dict[str, str | bytes | None] = dict(BASE_FILES)
    files.update(overrides or {})
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def make_unreadable(path: Path) -> None:
    """Make opening `path` fail with "Permission denied" (chmod 000).

    Root reads such a file anyway, and the tests do not fake the file system
    to pretend otherwise: as root the test is skipped, and says why.
    """
    if os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file anyway; this needs an unprivileged user")
    path.chmod(0)
