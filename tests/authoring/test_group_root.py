"""`-C/--root` works before the subcommand of a group too (`vindaris work -C DIR start REF`)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from strategy_files import write_strategy
from vindaris.cli.main import cli


def test_work_takes_the_root_before_its_subcommand(tmp_path: Path) -> None:
    root = write_strategy(tmp_path / "strategy")
    result = CliRunner().invoke(cli, ["work", "-C", str(root), "done", "grow/ship"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "state: done" in (root / "goals/grow/ship.yaml").read_text()


def test_new_takes_the_root_before_its_subcommand(tmp_path: Path) -> None:
    root = write_strategy(tmp_path / "strategy")
    result = CliRunner().invoke(cli, ["new", "-C", str(root), "work", "grow", "pricing-page", "--title", "Pricing page",
                                      "--owner", "bob", "--moves", "arr"])
    assert result.exit_code == 0, result.output + result.stderr
    assert (root / "goals/grow/pricing-page.yaml").is_file()


def test_without_a_root_anywhere_it_is_one_line_and_exit_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["work", "-C", str(tmp_path), "done", "grow/ship"])
    assert result.exit_code == 2
    assert result.stderr.startswith("vindaris: error: no vindaris.yaml found")
