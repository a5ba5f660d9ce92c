"""Docs generated from code must not drift; every command has help."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vindaris import rules
from vindaris.cli.main import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]


def test_rules_reference_is_current() -> None:
    assert (ROOT / "docs/rules.md").read_text() == rules.markdown(), "run: python -m vindaris.rules > docs/rules.md"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help, f"{name} has no help text"


def test_pre_commit_hook_definition() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "vindaris-check")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["require_serial"] is True and hook["files"] == r"\.ya?ml$"
