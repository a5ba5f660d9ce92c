"""`vindaris schema` against every example file, the modelines init writes, and shell completion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from authoring_support import run
from strategy_files import write_strategy
from vindaris.authoring.schemas import kind_of
from vindaris.cli.main import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples/strategy"


def _as_language_server_reads(value: Any) -> Any:
    """YAML 1.2, as editors read it: an unquoted date is text, not a date object."""
    if isinstance(value, dict):
        return {k: _as_language_server_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_language_server_reads(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, jsonschema.protocols.Validator]:
    out = tmp_path_factory.mktemp("schemas")
    result = CliRunner().invoke(cli, ["schema", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "goal.schema.json", "people.schema.json", "vindaris.schema.json", "work.schema.json"]
    validators = {}
    for path in out.iterdir():
        doc = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(doc)
        assert doc["title"].startswith("Vindaris ") and doc["description"]
        validators[path.name.split(".")[0]] = jsonschema.Draft202012Validator(
            doc, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return validators


def _example_files() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_example_file_is_valid(schemas: dict[str, jsonschema.protocols.Validator], path: Path) -> None:
    data = _as_language_server_reads(yaml.safe_load(path.read_text()))
    errors = [e.message for e in schemas[kind_of(path.relative_to(EXAMPLES).as_posix())].iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("kind", "doc", "message"),
    [
        ("work", {"title": "T", "owner": "bob", "moves": ["arr"], "stat": "active"},
         "Additional properties are not allowed ('stat' was unexpected)"),
        ("work", {"title": "T", "owner": "bob", "moves": ["arr"], "state": "doing"},
         "'doing' is not one of ['planned', 'active', 'blocked', 'done', 'dropped']"),
        ("work", {"title": "T", "owner": "bob", "moves": []}, "[] should be non-empty"),
        ("work", {"title": "T", "owner": "bob", "moves": ["arr"], "due": "2026-11-31"},
         "'2026-11-31' is not valid under any of the given schemas"),
        ("goal", {"title": "T", "owner": "bob", "period": "2026-q4",
                  "key_results": [{"id": "Bad_Id", "title": "x"}]}, "'Bad_Id' does not match '^[a-z0-9][a-z0-9-]*$'"),
        ("people", {"people": [{"id": "bob", "name": "Bob", "github": "bob", "team": "x", "rol": "y"}]},
         "Additional properties are not allowed ('rol' was unexpected)"),
        ("vindaris", {"version": 1, "organization": "X", "periods": []}, "[] should be non-empty"),
    ],
)
def test_schemas_reject_bad_files(schemas: dict[str, jsonschema.protocols.Validator], kind: str,
                                  doc: dict[str, Any], message: str) -> None:
    assert [e.message for e in schemas[kind].iter_errors(doc)] == [message]


def test_schema_defaults_to_the_strategy_root(tmp_path: Path) -> None:
    write_strategy(tmp_path)
    result = run(tmp_path, "schema")
    assert result.exit_code == 0
    assert (tmp_path / ".vindaris/schemas/goal.schema.json").is_file()


def test_init_points_every_file_at_a_schema_that_validates_it(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    assert CliRunner().invoke(cli, ["init", str(target)]).exit_code == 0
    for rel in ["vindaris.yaml", "people.yaml", "goals/first-goal/goal.yaml", "goals/first-goal/first-step.yaml"]:
        path = target / rel
        first, _, rest = path.read_text().partition("\n")
        assert first.startswith("# yaml-language-server: $schema="), rel
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text()))
        assert list(validator.iter_errors(_as_language_server_reads(yaml.safe_load(rest)))) == [], rel


def _complete(root: Path, words: str) -> list[str]:
    env = {"_VINDARIS_COMPLETE": "bash_complete", "COMP_WORDS": f"vindaris {words}",
           "COMP_CWORD": str(len(words.split(" ")))}
    result = CliRunner().invoke(cli, [], env=env, prog_name="vindaris")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("checkin ", ["grow", "trials"]),
        ("checkin t", ["trials"]),
        ("checkin grow ", ["arr", "partners"]),
        ("work done grow/", ["grow/old-pricing", "grow/resellers", "grow/ship"]),
        ("move trials/sso ", ["grow", "trials"]),
        ("new work grow x --owner ", ["alice", "bob", "carol"]),
        ("new work grow x --moves arr,", ["arr,partners"]),
        ("new work grow/x --moves ", ["arr", "partners"]),
        ("new goal g --period ", ["2026-q3", "2026-q4"]),
        ("owners c", ["carol"]),
        ("wo", ["work"]),
    ],
)
def test_shell_completion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, words: str, expected: list[str]) -> None:
    write_strategy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _complete(tmp_path, words) == expected


def test_completion_outside_a_strategy_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _complete(tmp_path, "checkin ") == []
