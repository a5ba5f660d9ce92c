"""`vindaris check` as CI runs it: the three formats, exit codes and roots.

In-process through click's CliRunner (stdout and stderr apart) and, for the
module entry point, through a real `python -m vindaris` subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from strategy_files import write_strategy

from vindaris.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
OLD = "goals/grow/old-pricing.yaml"

#: A small bad strategy: one error with a hint, one without, one warning.
BAD: dict[str, str | bytes | None] = {
    OLD: "title: Retire\nowner: bbo\nmoves: [arr]\nstate: done\ncontributors: [erin]\n",
    "goals/grow/trials/sso.yaml": None,
    "goals/grow/trials/signup-page.yaml": "title: Rebuild the sign-up page\nowner: carol\nmoves: [signups]\nstate: blocked\n",
}
#: Only a warning: the trials key result is moved by blocked work alone.
WARNING_ONLY: dict[str, str | bytes | None] = {
    "goals/grow/trials/sso.yaml": None,
    "goals/grow/trials/signup-page.yaml": "title: Rebuild the sign-up page\nowner: carol\nmoves: [signups]\nstate: blocked\n",
}


def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
    # None unsets: a GITHUB_STEP_SUMMARY of the shell running the tests must not leak in.
    result = CliRunner().invoke(cli, ["check", *args], env={"NO_COLOR": "1", "GITHUB_STEP_SUMMARY": None, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_text_format(tmp_path: Path) -> None:
    result = invoke("-C", str(write_strategy(tmp_path, BAD)), "--format", "text")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "    hint: did you mean 'bob'?",
        "goals/grow/old-pricing.yaml:5:16: error[unknown-person] contributor 'erin' is not in people.yaml",
        "goals/grow/trials/goal.yaml:6:9: warning[unmoved-key-result] no planned or active work moves key result 'trials/signups'",
        "    hint: add a work item under goals/grow/trials/ with `moves: [signups]`",
        "2 errors, 1 warning in 8 files checked.",
    ]


def test_text_format_is_the_default_and_clean_exits_0(tmp_path: Path) -> None:
    result = invoke("-C", str(write_strategy(tmp_path)))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "All clear: 9 files checked, no findings.\n", "")


def test_text_format_shows_control_characters_instead_of_sending_them(tmp_path: Path) -> None:
    # An ANSI escape or a carriage return in an owner name must not repaint the log.
    owner = '"x\\e[2J\\ry"'
    root = write_strategy(tmp_path, {OLD: f"title: Retire\nowner: {owner}\nmoves: [arr]\nstate: done\n"})
    result = invoke("-C", str(root))
    assert result.stdout.splitlines()[0] == (
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'x\\x1b[2J\\ny' of work item"
        " 'grow/old-pricing' is not in people.yaml"
    )


def test_json_format(tmp_path: Path) -> None:
    result = invoke("-C", str(write_strategy(tmp_path, BAD)), "--format", "json")
    assert (result.exit_code, result.stderr) == (1, "")
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "files", "errors", "warnings", "findings"]
    assert (doc["version"], doc["files"], doc["errors"], doc["warnings"]) == (1, 8, 2, 1)
    assert doc["findings"][0] == {
        "path": "goals/grow/old-pricing.yaml",
        "line": 2,
        "col": 8,
        "rule": "unknown-person",
        "severity": "error",
        "message": "owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "hint": "did you mean 'bob'?",
    }
    assert [(f["path"], f["line"], f["col"], f["rule"], f["severity"], f["hint"]) for f in doc["findings"][1:]] == [
        ("goals/grow/old-pricing.yaml", 5, 16, "unknown-person", "error", None),
        ("goals/grow/trials/goal.yaml", 6, 9, "unmoved-key-result", "warning",
         "add a work item under goals/grow/trials/ with `moves: [signups]`"),
    ]


def test_json_format_when_clean(tmp_path: Path) -> None:
    result = invoke("-C", str(write_strategy(tmp_path)), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"version": 1, "files": 9, "errors": 0, "warnings": 0, "findings": []}


def test_github_format(tmp_path: Path) -> None:
    result = invoke("-C", str(write_strategy(tmp_path, BAD)), "--format", "github")
    assert (result.exit_code, result.stderr) == (1, "")
    # Every finding in the log too: GitHub shows only ~10 annotations per level.
    assert result.stdout.splitlines() == [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "goals/grow/old-pricing.yaml:5:16: error[unknown-person] contributor 'erin' is not in people.yaml",
        "goals/grow/trials/goal.yaml:6:9: warning[unmoved-key-result] no planned or active work moves key result 'trials/signups'",
        "::error file=goals/grow/old-pricing.yaml,line=2,col=8,title=vindaris unknown-person::owner 'bbo' of work item"
        " 'grow/old-pricing' is not in people.yaml%0Adid you mean 'bob'?",
        "::error file=goals/grow/old-pricing.yaml,line=5,col=16,title=vindaris unknown-person::contributor 'erin' is not"
        " in people.yaml",
        "::warning file=goals/grow/trials/goal.yaml,line=6,col=9,title=vindaris unmoved-key-result::no planned or active"
        " work moves key result 'trials/signups'%0Aadd a work item under goals/grow/trials/ with `moves: [signups]`",
        "2 errors, 1 warning in 8 files checked.",
    ]


def test_github_format_escapes_so_no_new_command_can_start(tmp_path: Path) -> None:
    # The toolkit's escaping: in the message % -> %25, CR -> %0D, LF -> %0A;
    # in properties also : -> %3A and , -> %2C. `::` and `,` stay in a message.
    root = write_strategy(tmp_path, {
        OLD: 'title: Retire\nowner: "50%\\r\\n::warning file=x,line=1::pwned"\nmoves: [arr]\nstate: done\n',
        "goals/grow/a,b:c.yaml": "title: T\nowner: dave\nmoves: [arr]\nstate: done\n",
        "goals/grow/x\n::error::y.yaml": "title: T\nowner: dave\nmoves: [arr]\nstate: done\n",
    })
    result = invoke("-C", str(root), "--format", "github")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=goals/grow/a%2Cb%3Ac.yaml,line=1,col=1,title=vindaris bad-slug::work item file name 'a,b:c'"
        " is not a slug (lowercase letters, digits and '-')",
        "::error file=goals/grow/old-pricing.yaml,line=2,col=8,title=vindaris unknown-person::owner"
        " '50%25%0D%0A::warning file=x,line=1::pwned' of work item 'grow/old-pricing' is not in people.yaml",
        "::error file=goals/grow/x%0A%3A%3Aerror%3A%3Ay.yaml,line=1,col=1,title=vindaris bad-slug::work item file name"
        " 'x\\n::error::y' is not a slug (lowercase letters, digits and '-')",
    ]
    # and the plain log lines cannot start a command either: one line per finding
    assert [line for line in result.stdout.splitlines() if not line.startswith("::")] == [
        "goals/grow/a,b:c.yaml:1:1: error[bad-slug] work item file name 'a,b:c' is not a slug (lowercase letters, digits and '-')",
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner '50%\\n::warning file=x,line=1::pwned' of work item"
        " 'grow/old-pricing' is not in people.yaml",
        "goals/grow/x\\n::error::y.yaml:1:1: error[bad-slug] work item file name 'x\\n::error::y' is not a slug"
        " (lowercase letters, digits and '-')",
        "3 errors, 0 warnings in 11 files checked.",
    ]


def test_github_step_summary_gets_a_markdown_table(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step\n", encoding="utf-8")
    root = write_strategy(tmp_path / "repo", BAD)
    result = invoke("-C", str(root), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8").splitlines() == [
        "## Earlier step",
        "### vindaris check",
        "",
        "2 errors, 1 warning in 8 files checked.",
        "",
        "| file | line | severity | rule | message |",
        "|---|---:|---|---|---|",
        "| goals/grow/old-pricing.yaml | 2:8 | error | `unknown-person` | owner 'bbo' of work item"
        " 'grow/old-pricing' is not in people.yaml |",
        "| goals/grow/old-pricing.yaml | 5:16 | error | `unknown-person` | contributor 'erin' is not in people.yaml |",
        "| goals/grow/trials/goal.yaml | 6:9 | warning | `unmoved-key-result` | no planned or active work moves key"
        " result 'trials/signups' |",
    ]


def test_github_step_summary_escapes_table_cells(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    root = write_strategy(tmp_path / "repo", {OLD: 'title: Retire\nowner: "a|b\\nc"\nmoves: [arr]\nstate: done\n'})
    invoke("-C", str(root), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| goals")]
    assert rows == [
        "| goals/grow/old-pricing.yaml | 2:8 | error | `unknown-person` | owner 'a\\|b c' of work item"
        " 'grow/old-pricing' is not in people.yaml |",
    ]


def test_no_step_summary_outside_github(tmp_path: Path) -> None:
    root = write_strategy(tmp_path / "repo", BAD)
    for fmt in ("text", "json"):
        summary = tmp_path / f"{fmt}.md"
        invoke("-C", str(root), "--format", fmt, env={"GITHUB_STEP_SUMMARY": str(summary)})
        assert not summary.exists()


@pytest.mark.parametrize(("args", "exit_code"), [
    pytest.param([], 0, id="warnings-pass"),
    pytest.param(["--strict"], 1, id="strict-fails-on-warnings"),
    pytest.param(["--strict", "--format", "json"], 1, id="strict-json"),
    pytest.param(["--strict", "--format", "github"], 1, id="strict-github"),
])
def test_strict(tmp_path: Path, args: list[str], exit_code: int) -> None:
    result = invoke("-C", str(write_strategy(tmp_path, WARNING_ONLY)), *args)
    assert result.exit_code == exit_code
    assert "warning[unmoved-key-result]" in result.stdout or '"unmoved-key-result"' in result.stdout


def test_strict_on_a_clean_strategy_exits_0(tmp_path: Path) -> None:
    assert invoke("-C", str(write_strategy(tmp_path)), "--strict").exit_code == 0


def test_root_is_found_by_searching_upward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_strategy(tmp_path, BAD)
    expected = invoke("-C", str(root)).stdout
    sub = invoke("-C", str(root / "goals" / "grow" / "trials"))
    assert (sub.exit_code, sub.stdout) == (1, expected)
    monkeypatch.chdir(root / "goals" / "grow")
    here = invoke()
    assert (here.exit_code, here.stdout) == (1, expected)


def test_strategy_in_a_subdirectory_of_a_git_repo(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    root = write_strategy(tmp_path / "company" / "strategy", BAD)
    result = invoke("-C", str(root / "goals"), "--format", "github")
    annotations = [line.split("::")[1] for line in result.stdout.splitlines() if line.startswith("::")]
    # Annotations are relative to the workspace (the git root); the log lines to the strategy root.
    assert annotations == [
        "error file=company/strategy/goals/grow/old-pricing.yaml,line=2,col=8,title=vindaris unknown-person",
        "error file=company/strategy/goals/grow/old-pricing.yaml,line=5,col=16,title=vindaris unknown-person",
        "warning file=company/strategy/goals/grow/trials/goal.yaml,line=6,col=9,title=vindaris unmoved-key-result",
    ]
    assert result.stdout.startswith("goals/grow/old-pricing.yaml:2:8: error[unknown-person]")


# --- the module entry point, in a real process ----------------------------


def vindaris(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "vindaris", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_module_entry_point_clean_and_bad(tmp_path: Path) -> None:
    clean = vindaris("check", "-C", str(write_strategy(tmp_path / "clean")))
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "All clear: 9 files checked, no findings.\n", "")
    bad = vindaris("check", "--format", "json", cwd=write_strategy(tmp_path / "bad", BAD) / "goals")
    assert (bad.returncode, bad.stderr) == (1, "")
    assert json.loads(bad.stdout)["errors"] == 2


def test_module_entry_point_cannot_run(tmp_path: Path) -> None:
    proc = vindaris("check", "-C", str(tmp_path))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.splitlines()[0] == f"vindaris: error: no vindaris.yaml found in {tmp_path.resolve()} or any parent directory"


def test_module_entry_point_strict(tmp_path: Path) -> None:
    root = str(write_strategy(tmp_path, WARNING_ONLY))
    assert vindaris("check", "-C", root).returncode == 0
    assert vindaris("check", "-C", root, "--strict").returncode == 1
