"""What each command imports before it answers: start-up is most of a small run.

`check` runs on every pull request and must not pay for git or jinja2; a
status or report remembered from an earlier run (the memo under
.git/vindaris) is served without pydantic, jinja2 or the status computation.
Each command runs in a fresh interpreter, as the user's shell starts it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gitrepo import GitRepo
from strategy_files import write_strategy

HEAVY = ("git", "jinja2", "pydantic", "vindaris.status.compute")

# Runs the real CLI; at its hard exit, says which heavy modules were imported.
_PROBE = """
import os, sys
real_exit = os._exit
def hard_exit(code):
    loaded = [name for name in {heavy!r} if name in sys.modules]
    sys.stderr.write("loaded: " + " ".join(loaded) + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = hard_exit
sys.argv = ["vindaris", *{args!r}]
from vindaris.cli.main import main
main()
"""


def loaded(*args: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=HEAVY, args=list(args))],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    line = run.stderr.splitlines()[-1]
    assert line.startswith("loaded:"), run.stderr
    return line.split()[1:]


def test_check_imports_neither_git_nor_jinja2(tmp_path: Path) -> None:
    assert loaded("check", "-C", str(write_strategy(tmp_path))) == ["pydantic"]


def test_a_remembered_status_or_report_imports_no_validation_no_templates(git_repo: GitRepo) -> None:
    write_strategy(git_repo.path)
    git_repo.commit("The strategy", date="2026-10-01T09:00:00+00:00")
    for command in (["status", "--format", "json"], ["report", "--format", "html"]):
        args = [*command, "-C", str(git_repo.path)]
        first = loaded(*args)
        assert "pydantic" in first and "vindaris.status.compute" in first  # computed, then remembered
        assert loaded(*args) == ["git"]  # served from the memo
