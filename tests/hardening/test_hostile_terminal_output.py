"""Hostile text in the outputs that are not the report: the terminal and CI.

Titles, owners, units, ids, file names, commit subjects and author names
come from people who may not be the reader. In `status` and `check` text an
ANSI escape (`ESC[2J` clears the screen, `ESC]0;...BEL` retitles the window,
`ESC]8;;URL` makes a hidden link), a bidirectional override or a carriage
return is shown as `\\x1b`, `\\u202e`, `\\n`, never sent; in `--format json` the
same strings come back exactly; in `--format github` nothing starts a second
workflow command or reaches the log viewer as an escape.

Already covered elsewhere, not repeated here: an ESC and CR in an owner in
`check` text, and `%`, CR, LF, `::`, `,` and `:` in annotations and their
file names (tests/check/test_cli_check.py); Markdown table cells in the step
summary (same file); the report's HTML and Markdown (tests/report/).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from gitrepo import GitRepo
from strategy_files import write_strategy

from vindaris.cli.main import cli

ESC = "\x1b"
HOSTILE_AUTHOR = ("Mallory \x1b[2J", "mallory@example.com")
HOSTILE_SUBJECT = "checkin \x1b[2J\x1b]0;pwn\x07 \u202e%0A::error::x"

# YAML double-quoted escapes: \e is ESC, \a is BEL, \u202e the right-to-left override.
CONFIG = 'version: 1\norganization: "Acme \\e[2J\\e]0;pwn\\a Co"\nperiods:\n  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}\n'
PEOPLE = "people:\n  - {id: alice, name: Alice}\n  - {id: bob, name: Bob}\n"
GOAL = """\
title: "Grow \\e[2J\\u202eeuneveR\\r!"
owner: alice
period: 2026-q4
key_results:
  - id: arr
    title: "ARR \\e]8;;http://evil\\a link"
    unit: "k\\e[31mEUR"
    baseline: 0
    target: 1000
    current: {current}
"""
SHIP = 'title: "Ship \\e[5mnow\\r\\nDone"\nowner: "bob\\e[8m"\nmoves: [arr]\nstate: active\n'
BLOCKED = "title: Wait\nowner: alice\nmoves: [arr]\nstate: planned\ndepends_on: [\"grow/ship\"]\n"


def invoke(*args: str) -> Result:
    # COLUMNS: rich crops lines to the terminal's width; keep whole lines for exact assertions.
    result = CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1", "COLUMNS": "250", "GITHUB_STEP_SUMMARY": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    git_repo.write("goals/grow/goal.yaml", GOAL.format(current=0))
    git_repo.write("goals/grow/ship.yaml", SHIP)
    git_repo.commit("Start the quarter", date="2026-10-01T09:00:00+00:00", author=HOSTILE_AUTHOR)
    git_repo.write("goals/grow/goal.yaml", GOAL.format(current=100))
    git_repo.commit(HOSTILE_SUBJECT, date="2026-10-05T09:00:00+00:00", author=HOSTILE_AUTHOR)
    return git_repo


def test_status_text_shows_every_control_character_instead_of_sending_it(repo: GitRepo) -> None:
    result = invoke("status", "-C", str(repo.path), "--as-of", "2026-10-06")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Acme \\x1b[2J\\x1b]0;pwn\\x07 Co  2026-q4 · 7% through · as of 2026-10-06 · ")
    assert lines[1:] == [
        "vindaris check reports 1 error(s); run `vindaris check` for details",
        "",
        "Needs attention (1)",
        "  owner-departed  grow/ship  owner 'bob\\x1b[8m' is no longer active  → bob\\x1b[8m",
        "",
        "Grow \\x1b[2J\\u202eeuneveR\\n!  [grow] on-track  owner alice",
        "├── █░░░░░░░░░  10% ARR \\x1b]8;;http://evil\\x07 link  100 k\\x1b[31mEUR → 1,000 k\\x1b[31mEUR  on-track  ▄"
        "  forecast 2,300 k\\x1b[31mEUR  expected 7%",
        "└── • active   Ship \\x1b[5mnow\\nDone  bob\\x1b[8m  5d since activity",
    ]
    assert ESC not in result.stdout and "\r" not in result.stdout and "\u202e" not in result.stdout


def test_status_text_escapes_ids_taken_from_file_names(repo: GitRepo) -> None:
    # A goal directory and a work item file name are ids, even when check calls them bad slugs.
    repo.write(f"goals/grow/sub{ESC}[2J/goal.yaml",
               "title: Sub\nowner: alice\nperiod: 2026-q4\nkey_results:\n  - {id: k, title: K, baseline: 0, target: 1}\n")
    repo.write(f"goals/grow/sub{ESC}[2J/w.yaml",
               f'title: W\nowner: alice\nmoves: [k]\nstate: planned\ndepends_on: ["grow/x{ESC}y"]\n'.replace(ESC, "\\e"))
    repo.write(f"goals/grow/x{ESC}y.yaml", "title: X\nowner: alice\nmoves: [arr]\nstate: active\n")
    repo.commit("odd names", date="2026-10-05T10:00:00+00:00")
    result = invoke("status", "-C", str(repo.path), "--as-of", "2026-10-06")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-5:] == [
        "├── • active   Ship \\x1b[5mnow\\nDone  bob\\x1b[8m  5d since activity",
        "├── • active   X  alice  1d since activity",
        "└── Sub  [sub\\x1b[2J] not-started  owner alice",
        "    ├── ░░░░░░░░░░   0% K  0 → 1  not-started  forecast 0  expected 2%",  # written 2026-10-05
        "    └── • planned  W  alice  1d since activity  waits on grow/x\\x1by",
    ]
    assert ESC not in result.stdout


def test_status_json_round_trips_hostile_strings_exactly(repo: GitRepo) -> None:
    result = invoke("status", "-C", str(repo.path), "--as-of", "2026-10-06", "--format", "json")
    assert result.exit_code == 0
    # JSON escapes every C0 control character itself; nothing raw reaches a terminal that cats it.
    assert not any(c < " " and c != "\n" for c in result.stdout)
    doc = json.loads(result.stdout)
    goal = doc["goals"][0]
    arr = goal["key_results"][0]
    assert doc["organization"] == "Acme \x1b[2J\x1b]0;pwn\x07 Co"
    assert goal["title"] == "Grow \x1b[2J\u202eeuneveR\r!"
    assert (arr["title"], arr["unit"]) == ("ARR \x1b]8;;http://evil\x07 link", "k\x1b[31mEUR")
    assert (goal["work"][0]["title"], goal["work"][0]["owner"]) == ("Ship \x1b[5mnow\r\nDone", "bob\x1b[8m")
    # the commit's subject is the check-in's note; the author has no entry in people.yaml
    assert [(c["value"], c["author"], c["note"]) for c in arr["checkins"]] == [
        (100.0, "Mallory \x1b[2J", HOSTILE_SUBJECT),
    ]


def test_check_text_escapes_file_names_and_values(tmp_path: Path) -> None:
    root = write_strategy(tmp_path, {
        "goals/grow/old-pricing.yaml": None,
        "goals/grow/\u202eevil.yaml": 'title: T\nowner: dave\nmoves: [arr]\nstate: done\ncontributors: ["\\e]0;pwn\\a"]\n',
    })
    result = invoke("check", "-C", str(root))
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "goals/grow/\\u202eevil.yaml:1:1: error[bad-slug] work item file name '\\u202eevil' is not a slug"
        " (lowercase letters, digits and '-')",
        "goals/grow/\\u202eevil.yaml:5:16: error[unknown-person] contributor '\\x1b]0;pwn\\x07' is not in people.yaml",
        "2 errors, 0 warnings in 9 files checked.",
    ]


def test_github_annotations_carry_no_control_characters(tmp_path: Path) -> None:
    # The toolkit escapes only %, CR and LF; the annotation is also a line of the
    # job log, whose viewer interprets ANSI escapes, so the rest are shown as text.
    root = write_strategy(tmp_path, {
        "goals/grow/old-pricing.yaml": None,
        f"goals/grow/{ESC}[2J.yaml": 'title: T\nowner: "\\e]0;pwn\\a"\nmoves: [arr]\nstate: done\n',
    })
    result = invoke("check", "-C", str(root), "--format", "github")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("::")] == [
        "::error file=goals/grow/\\x1b[2J.yaml,line=1,col=1,title=vindaris bad-slug::work item file name '\\x1b[2J'"
        " is not a slug (lowercase letters, digits and '-')",
        "::error file=goals/grow/\\x1b[2J.yaml,line=2,col=8,title=vindaris unknown-person::owner '\\x1b]0;pwn\\x07'"
        " of work item 'grow/\\x1b[2J' is not in people.yaml",
    ]
    assert ESC not in result.stdout and "\x07" not in result.stdout


def test_authoring_commands_show_control_characters_instead_of_sending_them(repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["checkin", "grow", "arr", "-i", "-C", str(repo.path)], input="300\n",
                                env={"NO_COLOR": "1"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "grow/arr: ARR \\x1b]8;;http://evil\\x07 link, now 100 k\\x1b[31mEUR (target 1,000 k\\x1b[31mEUR)",
        "New value: 300",
        "updated goals/grow/goal.yaml",
        'not committed (with --commit: "checkin(grow/arr): 100 k\\x1b[31mEUR -> 300 k\\x1b[31mEUR")',
    ]
    owners = invoke("owners", "-C", str(repo.path))
    assert owners.stdout.splitlines()[2] == (
        # His one item has two reasons to look at it: one thing needing attention, not two.
        "  bob\\x1b[8m  0 goals, 0 key results, 1 live item (1 active), 1 needing attention  (no longer active)"
    )
    assert ESC not in owners.stdout


def test_error_messages_show_control_characters_instead_of_sending_them(repo: GitRepo) -> None:
    result = invoke("status", "-C", str(repo.path), f"--as-of=HEAD{ESC}[2J\rX")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "vindaris: error: unknown revision 'HEAD\\x1b[2J\\nX'",
        "  hint: use a date (YYYY-MM-DD), a commit sha, a tag, a branch or HEAD~N",
    ]
