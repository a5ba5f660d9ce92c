"""Goals nest as deep as directories do: every command walks the tree without recursion.

Python stops recursion at about a thousand frames; a strategy whose goals
nested 1,100 levels deep (a path of about 3,400 characters, which Linux
allows) ended status and report in an internal error. Here the limit is
lowered instead, to 300 frames above the test's own, and the goals nest 600
deep: a walk that recursed once per level fails the same way, and the tree
stays shallow enough for pytest's own clean-up, which recurses.
"""

from __future__ import annotations

import inspect
import json
import string
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from strategy_files import write_strategy

from vindaris.cli.main import cli

LEVELS = 600
#: Frames allowed above the test's own while a command runs.
HEADROOM = 300


def _ids() -> list[str]:
    # Short ids keep the path under the system's limit (4,096 bytes).
    letters = string.ascii_lowercase
    return (list(letters) + [a + b for a in letters for b in letters + string.digits]
            + [a + b + c for a in letters for b in letters for c in letters])


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = write_strategy(tmp_path_factory.mktemp("deep"))
    directory = root / "goals" / "grow"
    for level, goal_id in enumerate(_ids()[:LEVELS]):
        directory = directory / goal_id
        directory.mkdir()
        (directory / "goal.yaml").write_text(
            f"title: Level {level}\nowner: carol\nperiod: 2026-q4\nkey_results:\n"
            f"  - id: k\n    title: Level {level} measure\n    baseline: 0\n    target: 10\n"
        )
    return root, _ids()[LEVELS - 1]


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"], ["report"],
                                  ["report", "--format", "html"], ["check"]])
def test_a_goal_nested_past_the_recursion_limit_is_shown_by_every_command(deep: tuple[Path, str],
                                                                         args: list[str]) -> None:
    root, deepest = deep
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + HEADROOM)
    try:
        result = CliRunner().invoke(cli, [*args, "-C", str(root)])
    finally:
        sys.setrecursionlimit(limit)
    assert "internal error" not in result.output
    if args[0] == "check":
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 0, result.output
    if args[-1] == "json":
        goals = {g["id"]: g for g in json.loads(result.stdout)["goals"]}
        assert goals[deepest]["depth"] == LEVELS
    else:
        assert f"Level {LEVELS - 1}" in result.stdout
