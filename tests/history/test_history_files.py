"""open_history on linear histories: commits, timelines, renames, contents."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from gitrepo import GitRepo

from vindaris.errors import GitError
from vindaris.history import History, Version, open_history


def timeline_of(history: History, path: str) -> list[tuple[str, str, bytes | None]]:
    """(commit subject, path then, content then) for every version of `path`."""
    versions = history.timelines[path]
    contents = history.blobs(v.blob for v in versions if v.blob)
    return [(v.commit.subject, v.path, contents[v.blob] if v.blob else None) for v in versions]


def assert_ends_at_tree(history: History) -> None:
    """Every timeline ends with the file as the as-of tree has it."""
    assert set(history.timelines) == set(history.files)
    for path, versions in history.timelines.items():
        assert (versions[-1].path, versions[-1].blob) == (path, history.files[path]), path


def test_linear_history(git_repo: GitRepo) -> None:
    git_repo.write("vindaris.yaml", "version: 1\n")
    first = git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    git_repo.write("goals/grow/goal.yaml", "title: Grow\n")
    second = git_repo.commit("Add grow", date="2026-10-02T10:00:00+00:00")
    git_repo.write("goals/grow/goal.yaml", "title: Grow faster\n")
    third = git_repo.commit("Sharpen grow\n\nThe board asked.\nTwice.", date="2026-10-03T10:00:00+02:00")

    history = open_history(git_repo.path)

    assert (history.available, history.reason, history.shallow) == (True, None, False)
    assert history.root == git_repo.path
    assert history.head == third
    assert history.as_of is not None and history.as_of.sha == third
    assert [c.sha for c in history.commits] == [first, second, third]
    assert history.as_of is history.commits[-1]
    last = history.commits[-1]
    assert (last.subject, last.body) == ("Sharpen grow", "The board asked.\nTwice.")
    assert (last.author_name, last.author_email) == ("Ann Lee", "ann@example.com")
    assert last.date == datetime(2026, 10, 3, 10, tzinfo=timezone(timedelta(hours=2)))
    assert last.parents == (second,) and history.commits[0].parents == ()
    assert timeline_of(history, "goals/grow/goal.yaml") == [
        ("Add grow", "goals/grow/goal.yaml", b"title: Grow\n"),
        ("Sharpen grow", "goals/grow/goal.yaml", b"title: Grow faster\n"),
    ]
    assert history.tree() == {"vindaris.yaml": b"version: 1\n", "goals/grow/goal.yaml": b"title: Grow faster\n"}
    assert history.uncommitted == frozenset()
    assert_ends_at_tree(history)
    history.close()


def test_a_moved_file_keeps_its_history(git_repo: GitRepo) -> None:
    # Long enough that a small edit during the move stays above git's 50% similarity.
    body = "".join(f"line {i}\n" for i in range(20))
    git_repo.write("goals/a/item.yaml", body)
    git_repo.write("goals/a/stays.yaml", "x: 1\n")
    git_repo.commit("Add item", date="2026-10-01T10:00:00+00:00")
    git_repo.move("goals/a/item.yaml", "goals/b/item.yaml")
    git_repo.commit("Move item", date="2026-10-02T10:00:00+00:00")
    git_repo.move("goals/b/item.yaml", "goals/c/renamed.yaml")
    git_repo.write("goals/c/renamed.yaml", body + "one more\n")
    git_repo.commit("Move and edit", date="2026-10-03T10:00:00+00:00")
    git_repo.write("goals/c/renamed.yaml", body + "two more\n")
    git_repo.commit("Edit", date="2026-10-04T10:00:00+00:00")

    history = open_history(git_repo.path)

    assert [(s, p) for s, p, _ in timeline_of(history, "goals/c/renamed.yaml")] == [
        ("Add item", "goals/a/item.yaml"),
        ("Move item", "goals/b/item.yaml"),
        ("Move and edit", "goals/c/renamed.yaml"),
        ("Edit", "goals/c/renamed.yaml"),
    ]
    assert set(history.timelines) == {"goals/c/renamed.yaml", "goals/a/stays.yaml"}
    assert_ends_at_tree(history)


def test_a_moved_file_and_a_new_file_at_its_old_path(git_repo: GitRepo) -> None:
    git_repo.write("goals/item.yaml", "".join(f"old {i}\n" for i in range(20)))
    git_repo.commit("Add item")
    git_repo.move("goals/item.yaml", "archive/item.yaml")
    git_repo.commit("Archive item")
    git_repo.write("goals/item.yaml", "something else entirely\n")
    git_repo.commit("Start another")

    history = open_history(git_repo.path)

    assert [v.commit.subject for v in history.timelines["archive/item.yaml"]] == ["Add item", "Archive item"]
    assert timeline_of(history, "goals/item.yaml") == [
        ("Start another", "goals/item.yaml", b"something else entirely\n")
    ]


def test_a_move_and_a_new_file_at_the_old_path_in_one_commit_reads_as_an_edit(git_repo: GitRepo) -> None:
    # A known limit: git -M only takes deleted files as move sources; telling
    # this apart needs -B, which reads every rewritten blob in the whole log.
    git_repo.write("goals/item.yaml", "".join(f"old {i}\n" for i in range(20)))
    git_repo.commit("Add item")
    git_repo.move("goals/item.yaml", "archive/item.yaml")
    git_repo.write("goals/item.yaml", "something else entirely\n")
    git_repo.commit("Archive item, start another")

    history = open_history(git_repo.path)

    assert [v.commit.subject for v in history.timelines["goals/item.yaml"]] == [
        "Add item",
        "Archive item, start another",
    ]
    assert [v.commit.subject for v in history.timelines["archive/item.yaml"]] == ["Archive item, start another"]


def test_a_deleted_and_recreated_file_keeps_one_timeline_with_the_deletion(git_repo: GitRepo) -> None:
    git_repo.write("goals/x.yaml", "v: 1\n")
    git_repo.write("goals/gone.yaml", "v: 1\n")
    git_repo.commit("Add", date="2026-10-01T10:00:00+00:00")
    git_repo.remove("goals/x.yaml")
    git_repo.remove("goals/gone.yaml")
    git_repo.commit("Drop", date="2026-10-02T10:00:00+00:00")
    git_repo.write("goals/x.yaml", "v: 2\n")
    git_repo.commit("Bring back", date="2026-10-03T10:00:00+00:00")

    history = open_history(git_repo.path)

    assert timeline_of(history, "goals/x.yaml") == [
        ("Add", "goals/x.yaml", b"v: 1\n"),
        ("Drop", "goals/x.yaml", None),
        ("Bring back", "goals/x.yaml", b"v: 2\n"),
    ]
    assert "goals/gone.yaml" not in history.timelines, "only files that exist at as-of have timelines"


def test_paths_with_spaces_unicode_and_quotes(git_repo: GitRepo) -> None:
    odd = ['goals/my goal/key result.yaml', "goals/ünïcödé/ziel €.yaml", "goals/\"quoted\"/it's [1].yaml"]
    for i, path in enumerate(odd):
        git_repo.write(path, "".join(f"{path} {i} {n}\n" for n in range(10)))
    git_repo.commit("Odd names")
    git_repo.move(odd[0], "goals/tab\there/ß 2.yaml")
    git_repo.commit("Move an odd name")

    history = open_history(git_repo.path)

    expected = {odd[1], odd[2], "goals/tab\there/ß 2.yaml"}
    assert set(history.files) == expected
    assert set(history.tree()) == expected
    assert [v.path for v in history.timelines["goals/tab\there/ß 2.yaml"]] == [odd[0], "goals/tab\there/ß 2.yaml"]
    assert_ends_at_tree(history)


def test_identities_go_through_mailmap(git_repo: GitRepo) -> None:
    git_repo.write(".mailmap", "Ann Lee <ann@example.com> Annie <ann.old@example.org>\n")
    git_repo.write("goals/a.yaml", "a: 1\n")
    git_repo.commit("From the old address", author=("Annie", "ann.old@example.org"))

    history = open_history(git_repo.path)

    commit = history.commits[-1]
    assert (commit.author_name, commit.author_email) == ("Ann Lee", "ann@example.com")


def test_strategy_root_in_a_subdirectory_of_a_larger_repository(git_repo: GitRepo) -> None:
    git_repo.write("app/main.py", "print('hi')\n")
    git_repo.write("strategy/vindaris.yaml", "version: 1\n")
    git_repo.write("strategy-two/vindaris.yaml", "version: 1\n")  # a sibling sharing the prefix
    first = git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    git_repo.write("app/main.py", "print('hello')\n")
    app_only = git_repo.commit("App only", date="2026-10-02T10:00:00+00:00")
    git_repo.write("strategy/goals/a.yaml", "a: 1\n")
    git_repo.move("app/main.py", "strategy/goals/main.py")
    third = git_repo.commit("Strategy", date="2026-10-03T10:00:00+00:00")
    git_repo.write("app/other.py", "x = 1\n")
    head = git_repo.commit("App again", date="2026-10-04T10:00:00+00:00")
    git_repo.write("strategy/goals/a.yaml", "a: 2\n")
    git_repo.write("strategy/new.yaml", "n: 1\n")
    git_repo.write("app/main.py", "changed outside\n")
    root = git_repo.path / "strategy"

    history = open_history(root)

    assert history.root == root
    assert history.as_of is not None and history.as_of.sha == head, "as-of is HEAD even if it touches no strategy file"
    assert [c.sha for c in history.commits] == [first, third]
    assert set(history.files) == {"vindaris.yaml", "goals/a.yaml", "goals/main.py"}
    assert history.tree()["goals/a.yaml"] == b"a: 1\n"
    # A file moved in from outside the root starts its timeline there.
    assert [v.path for v in history.timelines["goals/main.py"]] == ["goals/main.py"]
    assert history.uncommitted == frozenset({"goals/a.yaml", "new.yaml"})

    dated = open_history(root, "2026-10-02")
    assert dated.as_of is not None and dated.as_of.sha == app_only
    assert [c.sha for c in dated.commits] == [first]
    assert set(dated.files) == {"vindaris.yaml"}


def test_a_directory_below_the_strategy_root_is_found_from_there(git_repo: GitRepo) -> None:
    git_repo.write("goals/grow/goal.yaml", "title: Grow\n")
    git_repo.commit("Add")

    history = open_history(git_repo.path / "goals" / "grow")

    assert set(history.files) == {"goal.yaml"}


def test_uncommitted_changes(git_repo: GitRepo) -> None:
    for name in ("kept", "edited", "staged", "deleted"):
        git_repo.write(f"goals/{name}.yaml", f"{name}: 1\n")
    git_repo.commit("Add")
    git_repo.write("goals/edited.yaml", "edited: 2\n")
    git_repo.write("goals/staged.yaml", "staged: 2\n")
    git_repo.git("add", "goals/staged.yaml")
    (git_repo.path / "goals/deleted.yaml").unlink()
    git_repo.write("goals/new dir/untracked.yaml", "u: 1\n")
    git_repo.write(".gitignore", "*.tmp\n")
    git_repo.write("goals/scratch.tmp", "ignored\n")

    history = open_history(git_repo.path)

    assert history.uncommitted == frozenset(
        {"goals/edited.yaml", "goals/staged.yaml", "goals/deleted.yaml", "goals/new dir/untracked.yaml", ".gitignore"}
    )
    assert history.tree()["goals/edited.yaml"] == b"edited: 1\n", "tree() is the committed content"
    assert open_history(git_repo.path, "HEAD").uncommitted == frozenset(), "only meaningful for as-of HEAD"


def test_blobs_reads_many_at_once_and_reports_missing_objects(git_repo: GitRepo) -> None:
    for i in range(300):
        git_repo.write(f"goals/{i:03}.yaml", f"n: {i}\n" * (i + 1))
    git_repo.commit("Many")

    with open_history(git_repo.path) as history:
        contents = history.tree()
        assert len(contents) == 300 and contents["goals/299.yaml"] == b"n: 299\n" * 300
        assert history.blobs([]) == {}
        with pytest.raises(GitError, match="missing from the repository") as caught:
            history.blobs(["0" * 40])
        assert caught.value.hint and "fetch-depth: 0" in caught.value.hint
        # The batch process survives a missing object.
        assert history.blobs([history.files["goals/000.yaml"]]) == {history.files["goals/000.yaml"]: b"n: 0\n"}


def test_symlinks_and_submodules_are_not_strategy_files(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")
    (git_repo.path / "goals/link.yaml").symlink_to("a.yaml")
    git_repo.commit("Add")

    history = open_history(git_repo.path)

    assert set(history.files) == {"goals/a.yaml"}
    assert set(history.timelines) == {"goals/a.yaml"}


def test_versions_are_plain_records() -> None:
    # The rest of Vindaris builds these in memory for its own tests.
    from vindaris.history import Commit

    commit = Commit("a" * 40, (), "Ann", "ann@example.com", datetime(2026, 10, 1, tzinfo=timezone.utc), "s", "")
    version = Version(commit, "goals/a.yaml", None)
    assert version == Version(commit, "goals/a.yaml", None)
    with pytest.raises(AttributeError):
        version.path = "x"  # type: ignore[misc]
