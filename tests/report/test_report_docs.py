"""docs/report.md stays true: the template variables, the template list and the options."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vindaris.cli.main import cli
from vindaris.render.report.reference import reference

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs/report.md").read_text(encoding="utf-8")


def test_template_variables_are_current() -> None:
    assert reference() in DOC, "run: python -m vindaris.render.report.reference, and paste it into docs/report.md"


def test_every_template_is_listed() -> None:
    templates = ROOT / "vindaris/render/templates"
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            assert f"`{path.relative_to(templates).as_posix()}`" in DOC, path.name


def test_every_option_is_documented() -> None:
    help_text = CliRunner().invoke(cli, ["report", "--help"]).stdout
    for option in ("--root", "--week", "--as-of", "--format", "--output", "--site", "--templates"):
        assert option in help_text and option in DOC, option
