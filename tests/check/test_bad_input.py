"""Hostile and broken input through the real CLI: findings, never a traceback.

Exit codes as CONVENTIONS.md has them: 0 clean, 1 findings, 2 cannot run.
Every case goes through `vindaris check` in-process with click's CliRunner,
except the one that used to crash the interpreter itself (deep nesting),
which runs in a subprocess so a regression fails one test, not the session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from strategy_files import CONFIG, NO_GOALS, make_unreadable, write_strategy
from vindaris.cli.main import cli

OLD = "goals/grow/old-pricing.yaml"  # a done item nothing depends on: no side effects
ITEM = "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\n"


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["check", "-C", str(root), *args], env={"NO_COLOR": "1"})
    assert "Traceback" not in result.stdout + result.stderr
    # SystemExit is how click reports the exit code; anything else escaped the boundary.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


CASES = [
    pytest.param({OLD: "title: [unclosed\nowner: dave\n"}, 1, [
        "goals/grow/old-pricing.yaml:2:6: error[yaml-syntax] invalid YAML: did not find expected ',' or ']'",
    ], id="invalid-yaml"),
    pytest.param({OLD: "- title: Retire\n- owner: dave\n"}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[yaml-not-mapping] expected a mapping of keys to values, found a list",
    ], id="list-document"),
    pytest.param({OLD: "just some words\n"}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[yaml-not-mapping] expected a mapping of keys to values, found a str",
    ], id="scalar-document"),
    pytest.param({OLD: "~\n"}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[yaml-not-mapping] expected a mapping of keys to values, found a null",
    ], id="null-document"),
    pytest.param({OLD: ITEM + "title: Again\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:1: error[yaml-duplicate-key] duplicate key 'title' (first defined on line 1)",
        "    hint: YAML keeps only one of them; remove or rename the other",
    ], id="duplicate-keys"),
    pytest.param({OLD: ITEM + "---\ntitle: Second\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:1: error[yaml-syntax] invalid YAML: but found another document",
    ], id="multiple-documents"),
    pytest.param({OLD: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[file-encoding] file is binary (contains NUL bytes), not YAML text",
    ], id="binary"),
    pytest.param({OLD: ITEM.encode() + b"description: Caf\xe9 cr\xe8me\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:17: error[file-encoding] invalid UTF-8 (byte 0xe9); save the file as UTF-8",
    ], id="invalid-utf-8"),
    pytest.param({OLD: ITEM.encode("utf-16")}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[file-encoding] file is binary (contains NUL bytes), not YAML text",
    ], id="utf-16"),
    pytest.param({OLD: b"\xef\xbb\xbf" + ITEM.encode()}, 0, [
        "All clear: 9 files checked, no findings.",
    ], id="utf-8-bom"),
    pytest.param({OLD: b"\xef\xbb\xbf" + "title: Retire\nowner: bbo\nmoves: [arr]\nstate: done\n".encode()}, 1, [
        # the mark is read past, so positions on the first line do not shift
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
    ], id="utf-8-bom-positions"),
    pytest.param({OLD: ITEM.replace("\n", "\r\n")}, 0, [
        "All clear: 9 files checked, no findings.",
    ], id="crlf"),
    pytest.param({OLD: "title: no\r\nowner: bbo\r\nmoves: [arr]\r\nstate: done\r\n"}, 1, [
        "goals/grow/old-pricing.yaml:1:8: error[wrong-type] 'title' must be text, but YAML read no as the boolean false",
        "    hint: quote it: 'no'",
    ], id="crlf-positions"),
    pytest.param({OLD: "title: Retire\nowner: bbo\r\nmoves: [arr]\r\nstate: done\r\n"}, 1, [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
    ], id="crlf-positions-second-line"),
    pytest.param({OLD: ITEM + "impact:\n\tarr: 3\n"}, 1, [
        "goals/grow/old-pricing.yaml:6:1: error[yaml-syntax] invalid YAML: found character that cannot start any token",
        "    hint: YAML does not allow tabs for indentation; use spaces",
    ], id="tab-indentation"),
    pytest.param({OLD: ""}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[missing-field] missing required field 'title'",
    ], id="empty-file"),
    pytest.param({OLD: "# retired; see the pricing doc\n"}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[missing-field] missing required field 'title'",
    ], id="comment-only"),
    pytest.param({OLD: ITEM + "impact:\n  arr: 1.0e+999\n"}, 1, [
        "goals/grow/old-pricing.yaml:6:8: error[wrong-type] '1.0e+999' is not a finite number",
    ], id="huge-float"),
    pytest.param({OLD: ITEM + "impact:\n  arr: " + "9" * 400 + "\n"}, 1, [
        "goals/grow/old-pricing.yaml:6:8: error[wrong-type] 'impact.arr': input should be a valid number, got"
        " 9999999999999999999999999999999999999...",
    ], id="huge-integer"),
    pytest.param({OLD: ITEM + "impact:\n  arr: .nan\n"}, 1, [
        "goals/grow/old-pricing.yaml:6:8: error[wrong-type] '.nan' is not a finite number",
    ], id="nan"),
    pytest.param({OLD: ITEM + "impact:\n  arr: -.inf\n"}, 1, [
        "goals/grow/old-pricing.yaml:6:8: error[wrong-type] '-.inf' is not a finite number",
    ], id="infinity"),
    pytest.param({OLD: ITEM + "due: 2026-13-45\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:6: error[bad-date] '2026-13-45' is not a valid date: month must be in 1..12",
    ], id="date-month-13"),
    pytest.param({OLD: ITEM + "due: 2026-11-30 10:00:00\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:6: error[bad-date] 'due' must be a date (YYYY-MM-DD), got"
        " datetime.datetime(2026, 11, 30, 10, 0)",
    ], id="date-with-time"),
    pytest.param({"vindaris.yaml": CONFIG.replace("2026-09-30", "2026-02-30")}, 1, [
        "vindaris.yaml:4:43: error[bad-date] '2026-02-30' is not a valid date: day is out of range for month",
    ], id="date-february-30"),
    pytest.param({OLD: ITEM + "description: !!bool maybe\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:14: error[yaml-syntax] cannot read value 'maybe': not a valid value for its tag",
    ], id="bad-bool-tag"),
    pytest.param({OLD: ITEM + "due: !!timestamp someday\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:6: error[bad-date] 'someday' is not a valid date: not a valid value for its tag",
    ], id="bad-timestamp-tag"),
    pytest.param({OLD: ITEM + "description: !!int twelve\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:14: error[yaml-syntax] cannot read value 'twelve': invalid literal for int()"
        " with base 10: 'twelve'",
    ], id="bad-int-tag"),
    pytest.param({OLD: ITEM + "description: !!binary aGVsbG8=\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:14: error[yaml-unsafe-tag] tag 'tag:yaml.org,2002:binary' is not allowed;"
        " only plain YAML data is read",
    ], id="binary-tag"),
    pytest.param({OLD: ITEM + "description: !custom thing\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:14: error[yaml-unsafe-tag] tag '!custom' is not allowed; only plain YAML data is read",
    ], id="local-tag"),
    pytest.param({OLD: ITEM + "description: *nowhere\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:14: error[yaml-syntax] invalid YAML: found undefined alias",
    ], id="undefined-alias"),
    pytest.param({OLD: ITEM + "? [a, b]\n: c\n"}, 1, [
        "goals/grow/old-pricing.yaml:5:3: error[wrong-type] mapping keys must be plain text",
    ], id="complex-key"),
    pytest.param({OLD: "title: a\x07b\nowner: dave\nmoves: [arr]\nstate: done\n"}, 1, [
        "goals/grow/old-pricing.yaml:1:1: error[yaml-syntax] invalid YAML: unacceptable character #x0007:"
        " control characters are not allowed",
    ], id="control-character"),
    pytest.param({"people.yaml": None}, 1, [
        "people.yaml:1:1: error[missing-file] people.yaml is missing: nobody can own anything",
    ], id="missing-people-yaml"),
    pytest.param({"vindaris.yaml": "version: 1\norganization: [Example\n", **NO_GOALS}, 1, [
        "vindaris.yaml:3:1: error[yaml-syntax] invalid YAML: did not find expected ',' or ']'",
    ], id="invalid-config"),
    pytest.param({"vindaris.yaml": "- 2026-q4\n", **NO_GOALS}, 1, [
        "vindaris.yaml:1:1: error[yaml-not-mapping] expected a mapping of keys to values, found a list",
    ], id="config-is-a-list"),
    pytest.param({"vindaris.yaml": "", **NO_GOALS}, 1, [
        "vindaris.yaml:1:1: error[missing-field] missing required field 'organization'",
    ], id="empty-config"),
]


@pytest.mark.parametrize(("files", "exit_code", "lines"), CASES)
def test_bad_input(tmp_path: Path, files: dict[str, str | bytes | None], exit_code: int, lines: list[str]) -> None:
    result = run(write_strategy(tmp_path, files))
    assert (result.exit_code, result.stderr) == (exit_code, "")
    out = result.stdout.splitlines()
    for line in lines:
        assert line in out
    assert out[-1].startswith("All clear" if exit_code == 0 else tuple("0123456789"))


@pytest.mark.parametrize(("files", "lines"), [
    pytest.param({"vindaris.yaml": CONFIG.replace("2026-09-30", "2026-02-30")}, [
        "vindaris.yaml:4:43: error[bad-date] '2026-02-30' is not a valid date: day is out of range for month",
    ], id="required-date"),
    pytest.param({OLD: ITEM + "impact: {arr: .nan}\n"}, [
        "goals/grow/old-pricing.yaml:5:15: error[wrong-type] '.nan' is not a finite number",
    ], id="nan-where-none-is-not-allowed"),
    pytest.param({OLD: "title: !!python/object/apply:os.getcwd []\nowner: bbo\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:8: error[yaml-unsafe-tag] tag 'tag:yaml.org,2002:python/object/apply:os.getcwd'"
        " is not allowed; only plain YAML data is read",
        "    hint: remove the tag: Vindaris never constructs objects from YAML",
        # and the rest of the item is still checked
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "    hint: did you mean 'bob'?",
    ], id="unsafe-tag-on-required-text"),
])
def test_a_value_the_loader_rejected_is_reported_once(tmp_path: Path, files: dict[str, str | bytes | None], lines: list[str]) -> None:
    # The loader reports the value and hands None on; the schema must not
    # report the same spot again as "got None".
    result = run(write_strategy(tmp_path, files))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == lines


def test_huge_integer_is_quoted_short(tmp_path: Path) -> None:
    # Past Python's 4,300-digit limit int() raises; the value is cut in the message.
    result = run(write_strategy(tmp_path, {OLD: ITEM + "impact:\n  arr: " + "9" * 5000 + "\n"}))
    assert result.exit_code == 1
    assert "goals/grow/old-pricing.yaml:6:8: error[yaml-syntax] cannot read value '9999999999999999999999999999999999999...':" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) < 300


@pytest.mark.parametrize("document", [
    "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndescription: !!python/object/apply:os.system [\"touch {marker}\"]\n",
    "!!python/object/apply:os.system [\"touch {marker}\"]\n",
    "title: !!python/object/new:subprocess.Popen [[\"touch\", \"{marker}\"]]\nowner: dave\nmoves: [arr]\nstate: done\n",
], ids=["in-a-value", "whole-document", "popen"])
def test_object_tags_are_never_executed(tmp_path: Path, document: str) -> None:
    marker = tmp_path / "pwned"
    result = run(write_strategy(tmp_path / "repo", {OLD: document.format(marker=marker)}))
    assert not marker.exists()
    assert result.exit_code == 1
    assert "error[yaml-unsafe-tag] tag 'tag:yaml.org,2002:python/object" in result.stdout


def test_billion_laughs_ends_quickly(tmp_path: Path) -> None:
    # Nine levels of nine aliases: 9**9 (387 million) strings if expanded.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    root = write_strategy(tmp_path, {OLD: "\n".join(lines) + "\n"})
    start = time.perf_counter()
    result = run(root)
    assert time.perf_counter() - start < 2
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "goals/grow/old-pricing.yaml:1:1: error[yaml-too-complex] document expands to more than 100,000 values"
        " or 64 levels (alias bomb?)"
    )


def test_deep_nesting_does_not_crash_the_interpreter(tmp_path: Path) -> None:
    # libyaml's composer recursed in C and died with SIGSEGV past ~20,000
    # levels; 100 kB of brackets is well under the file size limit.
    root = write_strategy(tmp_path, {
        OLD: "title: Retire\ndescription: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "goals/grow/dashes.yaml": "- " * 50_000 + "x\n",
    })
    repo = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(NO_COLOR="1", PYTHONPATH=str(repo))
    proc = subprocess.run([sys.executable, "-m", "vindaris", "check", "-C", str(root)],
                          capture_output=True, text=True, timeout=60, env=env, cwd=repo)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines() == [
        "goals/grow/dashes.yaml:1:129: error[yaml-too-complex] document nests more than 64 levels deep",
        "goals/grow/old-pricing.yaml:2:77: error[yaml-too-complex] document nests more than 64 levels deep",
        "2 errors, 0 warnings in 10 files checked.",
    ]


def test_no_vindaris_yaml_cannot_run(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"vindaris: error: no vindaris.yaml found in {tmp_path.resolve()} or any parent directory",
        "  hint: run inside a strategy repository, pass -C/--root, or create one with `vindaris init`",
    ]


def test_root_that_is_not_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    root = write_strategy(tmp_path)
    result = run(root / "vindaris.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '-C' / '--root'")


@pytest.mark.parametrize("name", ["vindaris.yaml", "people.yaml"])
def test_unreadable_top_level_file_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    root = write_strategy(tmp_path, NO_GOALS)
    make_unreadable(root / name)
    result = run(root)
    assert "internal error" not in result.stderr
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        1, f"{name}:1:1: error[file-unreadable] cannot read file: Permission denied",
    )


def test_an_interruption_wrapped_by_a_library_is_still_an_interruption(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C inside pydantic's Rust core came back as its own SchemaError,
    # chained to the KeyboardInterrupt: that is not an internal error.
    import vindaris.check as check_module

    def interrupted(*args: object, **kwargs: object) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error building validator") from exc

    monkeypatch.setattr(check_module, "run_check", interrupted)
    result = run(write_strategy(tmp_path))
    assert (result.exit_code, result.stderr) == (130, "vindaris: interrupted\n")
