"""`vindaris init` scaffolds a repository that passes check and never overwrites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vindaris import __version__
from vindaris.cli.main import cli
from vindaris.scaffold import files, quarter


def test_quarter_boundaries() -> None:
    assert quarter(dt.date(2026, 11, 24)) == ("2026-q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter(dt.date(2026, 1, 1)) == ("2026-q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert quarter(dt.date(2026, 6, 30)) == ("2026-q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))


@pytest.mark.parametrize("today", [dt.date(2026, 10, 1), dt.date(2026, 11, 10), dt.date(2026, 12, 2),
                                   dt.date(2026, 12, 25), dt.date(2026, 12, 31)])
def test_the_starter_item_is_due_ahead_within_the_quarter(today: dt.date) -> None:
    # Scaffolded late in a quarter, the first item must not be overdue from the start.
    item = yaml.safe_load(files("Acme", today)["goals/first-goal/first-step.yaml"])
    _, _, end = quarter(today)
    assert today <= item["due"] <= end
    assert item["due"] >= min(end, today + dt.timedelta(days=14))


def test_init_creates_a_repository_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "acme-strategy"
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir(), "init must git init outside a repository"
    for rel in ["vindaris.yaml", "people.yaml", "goals/first-goal/goal.yaml", "goals/first-goal/first-step.yaml",
                ".github/workflows/vindaris.yml", ".pre-commit-config.yaml"]:
        assert (target / rel).is_file(), rel
    config = yaml.safe_load((target / "vindaris.yaml").read_text())
    assert config["organization"] == "Acme Strategy"
    period, start, _ = quarter(dt.date.today())
    assert config["periods"][0]["id"] == period and config["periods"][0]["start"] == start
    workflow = yaml.safe_load((target / ".github/workflows/vindaris.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any(s.get("run") == "vindaris check --format github" for s in steps)
    # Pinned to the version that wrote it: CI checks by the rules the author's machine uses.
    assert any(s.get("run") == f'pip install "vindaris=={__version__}"' for s in steps)
    check = runner.invoke(cli, ["check", "-C", str(target)])
    assert check.exit_code == 0, check.output
    assert "no findings" in check.output


def test_init_inside_an_existing_repository_does_not_nest_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "strategy")])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "strategy" / ".git").exists()


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "people.yaml").write_text("people: []\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--organization", "Acme"])
    assert result.exit_code == 2
    assert "people.yaml already exists" in result.stderr
    assert (tmp_path / "people.yaml").read_text() == "people: []\n"
    assert not (tmp_path / "vindaris.yaml").exists(), "nothing is written when anything would be overwritten"
