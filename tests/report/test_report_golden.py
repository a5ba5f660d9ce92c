"""The page for week 2026-W47 of the story repository, byte for byte, in both formats."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo

from vindaris.cli.main import cli


def page(repo: GitRepo, fmt: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["report", "-C", str(repo.path), "--week", "2026-W47", "--format", fmt, *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_week_page_matches_the_golden_file(story: GitRepo, golden, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = page(story, fmt)
    golden(f"2026-W47.{fmt}", text)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_same_week_gives_the_same_bytes_and_nothing_of_the_machine(story: GitRepo, fmt: str) -> None:
    first, second = page(story, fmt), page(story, fmt)
    assert first == second
    assert str(story.path) not in first and str(story.path.parent) not in first
    assert "/tmp" not in first and "\\" + "Users" not in first
    # No clock: the only dates are the data's, all from 2026.
    assert set(re.findall(r"\b(20\d\d)-\d\d-\d\d\b", first)) == {"2026"}


def test_the_page_is_computed_as_of_the_end_of_the_week(story: GitRepo) -> None:
    text = page(story, "md")
    assert "**As of** 2026-11-22" in text
    # The check-in of Tuesday 24 November (week 48) is not on week 47's page...
    assert "400 kEUR" not in text
    # ...and the ones of the week are, with who, the commit and the merge's pull request.
    assert "| 2026-11-17 | Net new ARR | grow/arr | 300 kEUR | 340 kEUR |" in text
    commit = story.git("log", "-1", "--format=%h", "--abbrev=7", "--grep", "^checkin(grow/arr): 340").strip()
    # The check-in came in through a merged pull request: the row names it.
    assert f"| Alice Adams | `{commit}` #7 |" in text
