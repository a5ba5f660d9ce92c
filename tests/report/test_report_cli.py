"""`vindaris report` through the CLI: choosing the week, output, templates, errors, partial history."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from gitrepo import GitRepo

from vindaris.cli.main import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["report", *args])


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("week", "message"), [
    ("2026-W54", "--week 2026-W54: 2026 has no week 54"),
    ("2026-W00", "--week 2026-W00: 2026 has no week 0"),
    ("2026-47", "--week 2026-47: not an ISO week"),
    ("last week", "--week last week: not an ISO week"),
])
def test_a_bad_week_is_one_line_and_exit_two(story: GitRepo, week: str, message: str) -> None:
    result = run("-C", str(story.path), "--week", week)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"vindaris: error: {message}\n  hint: write the ISO week as YYYY-Www, e.g. 2026-W47\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2026-W50"], "--week 2026-W50: the week has not started yet (today is 2026-11-25)"),
    (["--week", "2026-W47", "--as-of", "2026-11-20"], "--week and --as-of cannot be used together"),
    (["--site", "out", "--output", "x.html"], "--site writes a directory; --output is for a single page"),
    (["--as-of", "no-such-rev"], "unknown revision 'no-such-rev'"),
])
def test_arguments_that_cannot_work_are_one_line_and_exit_two(story: GitRepo, args: list[str], message: str) -> None:
    result = run("-C", str(story.path), *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == f"vindaris: error: {message}"
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_default_is_this_week_to_date(story: GitRepo) -> None:
    page = ok("-C", str(story.path))  # the test clock says Wednesday 2026-11-25
    assert page.startswith("# Example Co: week 2026-W48\n")
    assert "**Week** 2026-11-23 to 2026-11-29 (to date) · **As of** 2026-11-25" in page
    assert "| 2026-11-24 | Net new ARR | grow/arr | 340 kEUR | 400 kEUR |" in page


def test_as_of_a_date_reports_its_week_up_to_that_day(story: GitRepo) -> None:
    page = ok("-C", str(story.path), "--as-of", "2026-11-18")
    assert "**Week** 2026-11-16 to 2026-11-22 (to date) · **As of** 2026-11-18" in page
    assert "New sign-up page is live; signups 260" in page and "Drop onboarding" not in page


def test_output_file_and_format_from_its_name(story: GitRepo, tmp_path: Path) -> None:
    for name, start in (("page.html", "<!DOCTYPE html>\n"), ("page.md", "# Example Co: week 2026-W47\n")):
        assert ok("-C", str(story.path), "--week", "2026-W47", "-o", str(tmp_path / name)) == ""
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    assert ok("-C", str(story.path), "--week", "2026-W47", "--format", "md", "-o", str(tmp_path / "x.html")) \
        == "" and (tmp_path / "x.html").read_text(encoding="utf-8").startswith("# ")


def test_templates_override_any_template_by_name(story: GitRepo, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "html").mkdir(parents=True)
    (theme / "md").mkdir()
    (theme / "html" / "_footer.html").write_text(
        "<footer>ACME weekly, {{ page.header.week }}, {{ page.attention[0].title ~ '<i>' }}</footer>\n")
    (theme / "md" / "_owners.md").write_text("## Owners are in the HR system\n")
    html = ok("-C", str(story.path), "--week", "2026-W47", "--format", "html", "--templates", str(theme))
    assert "<footer>ACME weekly, 2026-W47, Net new ARR&lt;i&gt;</footer>" in html  # still autoescaped
    assert '<section id="attention"' in html  # every other template is the package's
    md = ok("-C", str(story.path), "--week", "2026-W47", "--templates", str(theme))
    assert md.endswith("## Owners are in the HR system\n") and "## Needs attention" in md


@pytest.mark.parametrize(("name", "text", "message"), [
    ("html/_footer.html", "{% if %}", "template syntax error: Expected an expression, got 'end of statement block'"),
    ("html/_footer.html", "{{ page.nope }}",
     ("template html/page.html: 'vindaris.render.report.view.Page object' has no attribute 'nope'")),
])
def test_a_broken_template_is_one_line_and_exit_two(story: GitRepo, tmp_path: Path, name: str, text: str,
                                                    message: str) -> None:
    (tmp_path / "theme" / name).parent.mkdir(parents=True)
    (tmp_path / "theme" / name).write_text(text)
    result = run("-C", str(story.path), "--week", "2026-W47", "--format", "html", "--templates",
                 str(tmp_path / "theme"))
    assert result.exit_code == 2
    assert message in result.stderr.splitlines()[0] and "Traceback" not in result.stderr


def test_uncommitted_changes_are_said(story: GitRepo, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(story.path, copy)
    goal = copy / "goals/grow/goal.yaml"
    goal.write_text(goal.read_text().replace("current: 400", "current: 450"))
    page = ok("-C", str(copy))
    assert "> **Note:** includes uncommitted changes in the working tree" in page
    assert "| 400 kEUR | 450 kEUR | uncommitted change in the working tree | working tree | uncommitted |" in page


def test_a_shallow_clone_is_marked_partial_with_the_fix(story: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    GitRepo(tmp_path).git("clone", "-q", "--depth", "3", story.path.as_uri(), str(clone))
    page = ok("-C", str(clone), "--week", "2026-W47", "--format", "html")
    assert "history is cut (shallow clone)" in page and "fetch-depth: 0" in page


def test_without_git_the_page_says_history_is_unavailable(story: GitRepo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(story.path, plain, ignore=shutil.ignore_patterns(".git"))
    page = ok("-C", str(plain), "--week", "2026-W47")
    # The machine's path is not published: the root is named, not spelled out.
    assert "> **Note:** the strategy root is not inside a git repository\n" in page
    assert str(tmp_path) not in page
    assert "No commit this week changed a goal, key result or work item." in page


def test_the_console_script_gives_the_same_page(story: GitRepo) -> None:
    # --as-of a date does not depend on the clock, so a real process can be compared.
    args = ["report", "-C", str(story.path), "--as-of", "2026-11-22"]
    done = subprocess.run([sys.executable, "-m", "vindaris", *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ok(*args[1:]) == ok("-C", str(story.path), "--week", "2026-W47")


def test_status_and_the_page_count_what_needs_attention_the_same_way(story: GitRepo) -> None:
    import json
    import re

    day = ["-C", str(story.path), "--as-of", "2026-11-25"]
    reasons = json.loads(CliRunner().invoke(cli, ["status", *day, "--format", "json"]).stdout)["attention"]
    things = {(a["ref"], a["owner"]) for a in reasons}
    assert len(reasons) > len(things), "the story has a thing with more than one reason"
    view = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["status", *day, "--attention"]).stdout
    page = ok(*day)
    assert f"Needs attention ({len(things)})" in view
    assert re.search(rf"^## Needs attention \({len(things)}\)$", page, re.MULTILINE)
    # Each further reason of a thing is a line of its own under it.
    extra = [line for line in view.splitlines() if line.lstrip().startswith("+ ")]
    assert len(extra) == len(reasons) - len(things)
