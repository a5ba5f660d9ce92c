"""`vindaris owners`, `vindaris codeowners` and check's codeowners-mismatch rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authoring_support import run
from gitrepo import GitRepo
from strategy_files import CONFIG, PEOPLE, write_strategy
from vindaris.check import run_check
from vindaris.model.codeowners import matches

PEOPLE_WITH_HANDLES = PEOPLE.replace("{id: alice, name: Alice Adams,", "{id: alice, name: Alice Adams, github: alice-a,") \
    .replace("{id: carol, name: Carol Chen,", "{id: carol, name: Carol Chen, github: '@carolc',")


def test_owners_lists_load_and_attention(repo: GitRepo) -> None:
    write_strategy(repo.path, {"vindaris.yaml": CONFIG + "max_active_items_per_owner: 1\n",
                               "goals/grow/resellers.yaml": "title: Resellers\nowner: bob\nmoves: [partners]\n"
                                                            "state: active\n"})
    repo.commit("bob takes the resellers", date="2026-10-02T10:00:00+00:00")
    result = run(repo, "owners")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[0] == "Owners (overloaded above 1 active items)"
    assert out[1].startswith("  alice  1 goal, 1 key result, 0 live items (0 active), ")
    assert out[2].startswith("  bob    0 goals, 1 key result, 3 live items (2 active), ")
    assert out[2].endswith("  OVERLOADED")
    assert out[3].startswith("  carol  1 goal, 1 key result, 1 live item (1 active), ")
    assert not any("OVERLOADED" in line for line in out[3:])


def test_owners_of_one_person(repo: GitRepo) -> None:
    result = run(repo, "owners", "bob")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[:8] == [
        "bob (Bob Brown)",
        "  1 active item (limit 5)",
        "  goals: none",
        "  key results: grow/partners",
        "  live work:",
        "    grow/ship (active)",
        "    trials/sso (blocked)",
        "  needs attention:" + out[7][len("  needs attention:"):],
    ]
    result = run(repo, "owners", "bbo")
    assert (result.exit_code, result.stderr) == (2, "vindaris: error: 'bbo' is not in people.yaml\n"
                                                    "  hint: did you mean 'bob'?\n")


def test_owners_is_remembered_for_the_same_files_commit_and_day(repo: GitRepo,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = {fmt: run(repo, "owners", "--format", fmt).stdout for fmt in ("text", "json")}
    bob = run(repo, "owners", "bob").stdout
    import vindaris.status.compute as compute

    def no_computing(*args: object, **kwargs: object) -> None:
        raise AssertionError("served from the memo: nothing is computed")

    monkeypatch.setattr(compute, "compute_status", no_computing)
    assert {fmt: run(repo, "owners", "--format", fmt).stdout for fmt in ("text", "json")} == first
    assert run(repo, "owners", "bob").stdout == bob
    monkeypatch.undo()
    # An edit is another input: computed again, and it shows.
    write_strategy(repo.path, {"goals/grow/resellers.yaml": "title: Resellers\nowner: bob\nmoves: [partners]\n"
                                                            "state: active\n"})
    repo.commit("bob takes the resellers", date="2026-10-02T10:00:00+00:00")
    assert run(repo, "owners", "bob").stdout != bob


def test_owners_as_json(repo: GitRepo) -> None:
    result = run(repo, "owners", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["version"], doc["limit"], doc["attention_known"]) == (1, 5, True)
    bob = next(o for o in doc["owners"] if o["person"] == "bob")
    assert bob["name"] == "Bob Brown" and bob["active"] is True
    assert bob["key_results"] == ["grow/partners"]
    assert bob["live_work"] == [{"ref": "grow/ship", "state": "active"}, {"ref": "trials/sso", "state": "blocked"}]
    assert (bob["active_items"], bob["overloaded"]) == (1, False)
    assert all(set(a) == {"kind", "ref", "message"} for a in bob["attention"])
    # The text view of the same person says the same.
    text = run(repo, "owners", "bob").stdout
    assert all(f"{a['kind']}: {a['ref']}: {a['message']}" in text for a in bob["attention"])

    one = json.loads(run(repo, "owners", "bob", "--format", "json").stdout)
    assert [o["person"] for o in one["owners"]] == ["bob"] and one["owners"][0] == bob


def test_owners_as_json_outside_git(tmp_path: Path) -> None:
    write_strategy(tmp_path)
    doc = json.loads(run(tmp_path, "owners", "--format", "json").stdout)
    # Without history the files still tell overdue and blocked work.
    assert doc["attention_known"] is True
    bob = next(o for o in doc["owners"] if o["person"] == "bob")
    assert (len(bob["live_work"]), bob["active_items"]) == (2, 1)
    assert isinstance(bob["attention"], list)


def test_owners_outside_git(tmp_path: Path) -> None:
    write_strategy(tmp_path)
    result = run(tmp_path, "owners")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].startswith("  bob    0 goals, 1 key result, 2 live items (1 active), ")


def test_codeowners_for_a_strategy_in_a_subdirectory(git_repo: GitRepo) -> None:
    root = git_repo.path / "strategy"
    write_strategy(root, {"people.yaml": PEOPLE_WITH_HANDLES})
    git_repo.write(".github/CODEOWNERS", "# Code\n*.py @platform-team\n")
    result = run(root, "codeowners")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {git_repo.path.resolve() / '.github/CODEOWNERS'}: 2 goal directories with an owner\n"
    text = (git_repo.path / ".github/CODEOWNERS").read_text()
    assert text == (
        "# Code\n*.py @platform-team\n\n"
        "# BEGIN vindaris: generated by `vindaris codeowners` from goal owners; edits here are overwritten\n"
        "# Each goal's owner reviews changes under the goal's directory (goal.yaml `owner`,\n"
        "# handles from people.yaml `github`). Regenerate with `vindaris codeowners`.\n"
        "/strategy/goals/grow/ @alice-a\n"
        "/strategy/goals/grow/trials/ @carolc\n"
        "# END vindaris\n"
    )
    assert run(root, "codeowners").exit_code == 0
    assert (git_repo.path / ".github/CODEOWNERS").read_text() == text, "regenerating replaces the block in place"
    assert run_check(root).findings == []


def test_codeowners_reports_owners_without_a_handle(git_repo: GitRepo) -> None:
    write_strategy(git_repo.path, {"people.yaml": PEOPLE_WITH_HANDLES.replace(" github: '@carolc',", "")})
    result = run(git_repo, "codeowners")
    assert result.exit_code == 1
    assert result.stderr == ("vindaris: goal 'trials' has no code owner: owner 'carol' has no `github` handle in "
                             "people.yaml\n  hint: add `github: <handle>` to the owner's entry in people.yaml, then rerun\n")
    text = (git_repo.path / ".github/CODEOWNERS").read_text()
    assert "/goals/grow/ @alice-a\n# trials: owner 'carol' has no `github` handle in people.yaml\n" \
           "/goals/grow/trials/\n# END vindaris\n" in text
    # A rule without owners leaves the child's directory unowned instead of the parent's owner's.
    assert run_check(git_repo.path).findings == []


def test_check_warns_when_codeowners_disagrees_and_regenerating_fixes_it(git_repo: GitRepo) -> None:
    write_strategy(git_repo.path, {"people.yaml": PEOPLE_WITH_HANDLES})
    git_repo.write(".github/CODEOWNERS", "/goals/ @someone-else\n")
    result = run(git_repo, "check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [
        "goals/grow/goal.yaml:2:8: warning[codeowners-mismatch] .github/CODEOWNERS:1 makes @someone-else the owner "
        "of goals/grow/, but the goal's owner is alice (@alice-a)",
        "    hint: run `vindaris codeowners` to regenerate it",
        "goals/grow/trials/goal.yaml:2:8: warning[codeowners-mismatch] .github/CODEOWNERS:1 makes @someone-else the "
        "owner of goals/grow/trials/, but the goal's owner is carol (@carolc)",
        "    hint: run `vindaris codeowners` to regenerate it",
    ]
    assert run(git_repo, "codeowners").exit_code == 0
    assert run_check(git_repo.path).findings == []
    # A goal added later has no rule in the generated block: check says so.
    assert run(git_repo, "new", "goal", "g2", "--title", "T", "--owner", "alice", "--period", "2026-q4",
               "--kr", "x:X:0:1").exit_code == 0
    assert [f.message for f in run_check(git_repo.path).findings if f.rule == "codeowners-mismatch"] == [
        ".github/CODEOWNERS:1 makes @someone-else the owner of goals/g2/, but the goal's owner is alice (@alice-a)"
    ]


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*", "goals/grow/goal.yaml", True),
        ("/goals/grow/", "goals/grow/goal.yaml", True),
        ("/goals/grow/", "goals/grow/trials/goal.yaml", True),
        ("/goals/grow/", "strategy/goals/grow/goal.yaml", False),
        ("goals/", "strategy/goals/grow/goal.yaml", True),
        ("/goals/grow", "goals/grow-more/goal.yaml", False),
        ("docs/*", "docs/a.md", True),
        ("docs/*", "docs/build/a.md", False),
        ("**/logs", "a/b/logs/x.txt", True),
        ("*.yaml", "goals/grow/goal.yaml", True),
        ("*.md", "goals/grow/goal.yaml", False),
        ("/goals/**/goal.yaml", "goals/grow/trials/goal.yaml", True),
    ],
)
def test_codeowners_pattern_matching(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_a_codeowners_link_out_of_the_repository_is_not_read(git_repo: GitRepo, tmp_path: Path) -> None:
    write_strategy(git_repo.path, {"people.yaml": PEOPLE_WITH_HANDLES})
    secret = tmp_path / "elsewhere"
    secret.write_text("/goals/ @secret-from-outside\n")
    (git_repo.path / ".github").mkdir()
    (git_repo.path / ".github/CODEOWNERS").symlink_to(secret)
    result = run(git_repo, "check")
    assert result.exit_code == 0 and "secret-from-outside" not in result.output
    assert "codeowners-mismatch" not in result.output
    # A link that stays inside the working tree is read as GitHub would read it.
    (git_repo.path / ".github/CODEOWNERS").unlink()
    git_repo.write("docs/CODEOWNERS", "/goals/ @someone-else\n")
    (git_repo.path / ".github/CODEOWNERS").symlink_to("../docs/CODEOWNERS")
    assert "codeowners-mismatch" in run(git_repo, "check").output
