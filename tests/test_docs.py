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


def test_the_settings_that_tune_history_reading_are_in_the_help_and_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in ("status", "report"):
        text = CliRunner().invoke(cli, [name, "--help"]).stdout
        for setting in ("VINDARIS_NO_CACHE", "VINDARIS_WORKERS"):
            assert setting in text, (name, setting)
            assert f"`{setting}=" in readme, setting


def test_pre_commit_hook_definition() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "vindaris-check")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["require_serial"] is True and hook["files"] == r"\.ya?ml$"


def test_status_json_reference_names_every_key(tmp_path: Path) -> None:
    import json
    import re
    import shutil

    # A copy outside any git repository: history-free, but every key is present.
    root = tmp_path / "strategy"
    shutil.copytree(ROOT / "examples" / "strategy", root)
    result = CliRunner().invoke(cli, ["status", "-C", str(root), "--format", "json", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    documented = set(re.findall(r"`([a-z_]+)`", (ROOT / "docs/status-json.md").read_text()))
    goal = doc["goals"][0]
    samples = [doc, doc["period"], doc["history"], doc["attention"][0], goal, goal["key_results"][0],
               goal["work"][0], doc["owners"][0]]
    missing = {key for sample in samples for key in sample} - documented
    assert not missing, f"docs/status-json.md does not describe: {sorted(missing)}"
