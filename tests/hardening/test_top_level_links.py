"""vindaris.yaml and people.yaml as symbolic links: the goals/ rule holds for them too.

Links under goals/ that leave the strategy root are not followed
(tests/check/test_rules.py, with loops and dangling links). The two
top-level files were read through any link: a pull request replacing
people.yaml with a link to a file elsewhere on the CI runner made its
contents people, echoed back in `did you mean` hints, `status` and reports.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from strategy_files import NO_GOALS, PEOPLE, write_strategy

from vindaris.cli.main import cli

LINK = ("{name}:1:1: error[symlink-outside-root] symbolic link points outside the strategy root (or nowhere);"
        " it is not followed")
HINT = "    hint: replace the link with the file itself"
SECRET = "people:\n  - {id: ghp-secret-token, name: Not A Person}\n"


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "-C", str(root)], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_people_yaml_linked_outside_the_root_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(SECRET, encoding="utf-8")
    root = write_strategy(tmp_path / "repo", {**NO_GOALS, "people.yaml": None})
    (root / "people.yaml").symlink_to(secret)
    result = run(root, "check")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "people.yaml:1:1: error[missing-file] people.yaml is missing: nobody can own anything",
        LINK.format(name="people.yaml"),
        HINT,
        "2 errors, 0 warnings in 1 files checked.",
    ]
    status = run(root, "status", "--format", "json", "--as-of", "2026-10-20")
    assert status.exit_code == 0
    assert json.loads(status.stdout)["owners"] == []
    assert "secret" not in status.stdout


def test_vindaris_yaml_linked_outside_the_root_is_not_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "config.yaml"
    elsewhere.write_text("version: 1\norganization: Elsewhere\nperiods: []\n", encoding="utf-8")
    root = write_strategy(tmp_path / "repo", {**NO_GOALS, "vindaris.yaml": None})
    (root / "vindaris.yaml").symlink_to(elsewhere)
    result = run(root, "check")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "vindaris.yaml:1:1: error[missing-file] vindaris.yaml is missing",
        LINK.format(name="vindaris.yaml"),
        HINT,
        "2 errors, 0 warnings in 1 files checked.",
    ]


def test_links_inside_the_root_are_followed(tmp_path: Path) -> None:
    root = write_strategy(tmp_path, {"people.yaml": None, "shared/people.yaml": PEOPLE})
    (root / "people.yaml").symlink_to(root / "shared/people.yaml")
    result = run(root, "check")
    assert (result.exit_code, result.stdout) == (0, "All clear: 9 files checked, no findings.\n")
