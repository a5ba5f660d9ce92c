"""What each command imports before it answers: start-up is most of a small run.

`check` runs on every pull request and must not pay for git or jinja2; a
status or report remembered from an earlier run (the memo under
.git/vindaris) is served without pydantic, jinja2 or the status computation.
Each command runs in a fresh interpreter, as the user's shell starts it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from gitrepo import GitRepo
from strategy_files import write_strategy

HEAVY = ("git", "jinja2", "pydantic", "vindaris.status.compute")

# Runs the real CLI in a fresh interpreter: `watch` is code run before it,
# and at its hard exit the value of the expression `said` is written out.
_PROBE = """
import os, sys
{watch}
real_exit = os._exit
def hard_exit(code):
    sys.stderr.write("probe: " + {said} + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = hard_exit
sys.argv = ["vindaris", *{args!r}]
from vindaris.cli.main import main
main()
"""


def probe(watch: str, said: str, args: tuple[str, ...]) -> str:
    run = subprocess.run([sys.executable, "-c", _PROBE.format(watch=watch, said=said, args=list(args))],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    line = run.stderr.splitlines()[-1]
    assert line.startswith("probe: "), run.stderr
    return line[len("probe: "):]


def loaded(*args: str) -> list[str]:
    """Which of the heavy modules the command imported."""
    return probe("", f'" ".join(name for name in {HEAVY!r} if name in sys.modules)', args).split()


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


# An audit hook: the order in which the whole-history git log is started
# and the validation and templates are first imported.
_ORDER = """
events = []
def hook(event, args):
    if event == "import" and args[0] in ("pydantic", "jinja2") and args[0] not in events:
        events.append(args[0])
    elif event == "subprocess.Popen" and "--raw" in [str(a) for a in args[1]]:
        events.append("git log --raw")
sys.addaudithook(hook)
"""


def start_order(*args: str) -> list[str]:
    """Cold: with the cache left by the run before, there would be no log to start."""
    root = Path(args[args.index("-C") + 1])
    shutil.rmtree(root / ".git" / "vindaris", ignore_errors=True)
    return probe(_ORDER, '" | ".join(events)', args).split(" | ")


def test_a_cold_status_or_report_starts_git_log_before_it_imports_validation_or_templates(
        git_repo: GitRepo) -> None:
    # On a large history git log is the longest step: these imports (a few
    # tenths of a second) overlap it rather than delay it.
    write_strategy(git_repo.path)
    git_repo.commit("The strategy", date="2026-10-01T09:00:00+00:00")
    root = str(git_repo.path)
    assert start_order("status", "--format", "json", "-C", root) == ["git log --raw", "pydantic"]
    assert start_order("report", "--format", "html", "-C", root, "--as-of", "2026-10-02") == [
        "git log --raw", "pydantic", "jinja2"]
    assert start_order("report", "--format", "md", "-C", root) == ["git log --raw", "pydantic", "jinja2"]


def _plugin_installed(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An installed pydantic plugin (an entry point in package metadata) that
    leaves a mark when it is loaded; and the environment that sees it."""
    site = tmp_path / "site"
    (site / "tracer-1.0.dist-info").mkdir(parents=True)
    (site / "tracer-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: tracer\nVersion: 1.0\n")
    (site / "tracer-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\ntracer = tracer_plugin:plugin\n")
    mark = tmp_path / "loaded"
    (site / "tracer_plugin.py").write_text(f"open({str(mark)!r}, 'w').close()\nplugin = object()\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    return env, mark


def test_check_does_not_look_for_pydantic_plugins(tmp_path: Path) -> None:
    env, mark = _plugin_installed(tmp_path)
    root = write_strategy(tmp_path / "repo")
    run = subprocess.run([sys.executable, "-m", "vindaris", "check", "-C", str(root)],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert not mark.exists()
    # The user's own setting wins: here, every plugin on.
    run = subprocess.run([sys.executable, "-m", "vindaris", "check", "-C", str(root)],
                         capture_output=True, text=True, timeout=120, env={**env, "PYDANTIC_DISABLE_PLUGINS": ""})
    assert mark.exists(), run.stderr
