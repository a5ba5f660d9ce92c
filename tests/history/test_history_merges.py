"""Branches and merges: changes belong to the commits that made them, in graph order."""

from __future__ import annotations

from gitrepo import GitRepo

from vindaris.history import History, open_history

LINES = "".join(f"line {i}\n" for i in range(1, 21))


def subjects(history: History, path: str) -> list[str]:
    return [v.commit.subject for v in history.timelines[path]]


def assert_consistent(history: History) -> None:
    """Parents come before children, and every timeline ends at the as-of tree."""
    seen: set[str] = set()
    known = {c.sha for c in history.commits}
    for commit in history.commits:
        assert all(p in seen for p in commit.parents if p in known), commit.subject
        seen.add(commit.sha)
    for path, versions in history.timelines.items():
        assert (versions[-1].path, versions[-1].blob) == (path, history.files[path]), path


def branch_off(repo: GitRepo, name: str) -> None:
    repo.git("checkout", "-q", "-b", name)


def test_a_merged_branch(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", LINES)
    git_repo.commit("Base", date="2026-10-01T10:00:00+00:00")
    branch_off(git_repo, "feature")
    git_repo.write("goals/b.yaml", "b: 1\n")
    git_repo.commit("Feature adds b", date="2026-10-02T10:00:00+00:00")
    git_repo.write("goals/a.yaml", LINES.replace("line 2\n", "line two\n"))
    git_repo.commit("Feature edits a", date="2026-10-03T10:00:00+00:00")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a.yaml", LINES.replace("line 19\n", "line nineteen\n"))
    git_repo.commit("Main edits a", date="2026-10-04T10:00:00+00:00")
    merge = git_repo.merge("feature", "Merge feature", date="2026-10-05T10:00:00+00:00")
    assert merge is not None

    history = open_history(git_repo.path)

    assert [c.subject for c in history.commits][0] == "Base"
    assert history.commits[-1].sha == merge and history.commits[-1].is_merge
    assert subjects(history, "goals/b.yaml") == ["Feature adds b"]
    # Both edits of a.yaml, then the merge, whose content is new (both edits together).
    assert sorted(subjects(history, "goals/a.yaml")[1:3]) == ["Feature edits a", "Main edits a"]
    assert subjects(history, "goals/a.yaml")[-1] == "Merge feature"
    assert history.tree()["goals/a.yaml"] == LINES.replace("line 2\n", "line two\n").replace(
        "line 19\n", "line nineteen\n"
    ).encode()
    assert_consistent(history)


def test_a_merge_that_changes_nothing_itself_adds_no_version(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")
    git_repo.commit("Base")
    branch_off(git_repo, "feature")
    git_repo.write("goals/b.yaml", "b: 1\n")
    git_repo.commit("Feature adds b")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a.yaml", "a: 2\n")
    git_repo.commit("Main edits a")
    git_repo.merge("feature", "Merge feature")

    history = open_history(git_repo.path)

    assert subjects(history, "goals/a.yaml") == ["Base", "Main edits a"]
    assert subjects(history, "goals/b.yaml") == ["Feature adds b"]
    assert_consistent(history)


def test_a_conflict_resolved_by_hand_is_a_version_of_the_merge(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "target: 10\n")
    git_repo.commit("Base")
    branch_off(git_repo, "feature")
    git_repo.write("goals/a.yaml", "target: 20\n")
    git_repo.commit("Feature says 20")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a.yaml", "target: 30\n")
    git_repo.commit("Main says 30")
    assert git_repo.merge("feature", "Merge feature") is None
    git_repo.write("goals/a.yaml", "target: 25\n")
    git_repo.commit("Merge feature, settle on 25")

    history = open_history(git_repo.path)

    assert subjects(history, "goals/a.yaml")[-1] == "Merge feature, settle on 25"
    assert set(subjects(history, "goals/a.yaml")) == {"Base", "Feature says 20", "Main says 30", "Merge feature, settle on 25"}
    assert history.tree()["goals/a.yaml"] == b"target: 25\n"
    assert_consistent(history)


def test_a_conflict_resolved_by_taking_one_side(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "target: 10\n")
    git_repo.commit("Base")
    branch_off(git_repo, "feature")
    git_repo.write("goals/a.yaml", "target: 20\n")
    git_repo.commit("Feature says 20")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a.yaml", "target: 30\n")
    git_repo.commit("Main says 30")
    assert git_repo.merge("feature", "Merge feature") is None
    git_repo.git("checkout", "--ours", "goals/a.yaml")
    git_repo.commit("Merge feature, keep 30")

    history = open_history(git_repo.path)

    assert history.tree()["goals/a.yaml"] == b"target: 30\n"
    assert_consistent(history)


def test_a_branch_dropped_by_an_ours_merge(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")
    git_repo.commit("Base")
    branch_off(git_repo, "experiment")
    git_repo.write("goals/a.yaml", "a: 99\n")
    git_repo.write("goals/tried.yaml", "t: 1\n")
    git_repo.commit("Experiment")
    git_repo.git("checkout", "-q", "main")
    git_repo.merge("experiment", "Record the experiment, keep main", strategy="ours")
    git_repo.write("goals/tried.yaml", "t: fresh\n")
    git_repo.commit("Start tried for real")

    history = open_history(git_repo.path)

    assert "Experiment" in [c.subject for c in history.commits], "commits a merge dropped are still history"
    assert subjects(history, "goals/a.yaml") == ["Base", "Experiment", "Record the experiment, keep main"]
    assert history.tree()["goals/a.yaml"] == b"a: 1\n"
    # The merge deleted what the experiment added; a later file at that path continues after the deletion.
    assert [v.blob is None for v in history.timelines["goals/tried.yaml"]] == [False, True, False]
    assert_consistent(history)


def test_a_move_on_one_branch_and_an_edit_on_the_other(git_repo: GitRepo) -> None:
    git_repo.write("goals/a/item.yaml", LINES)
    git_repo.commit("Add item", date="2026-10-01T10:00:00+00:00")
    branch_off(git_repo, "reorg")
    git_repo.move("goals/a/item.yaml", "goals/b/item.yaml")
    git_repo.commit("Move item", date="2026-10-02T10:00:00+00:00")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a/item.yaml", LINES.replace("line 5\n", "line five\n"))
    git_repo.commit("Edit item", date="2026-10-03T10:00:00+00:00")
    assert git_repo.merge("reorg", "Merge reorg", date="2026-10-04T10:00:00+00:00") is not None

    history = open_history(git_repo.path)

    assert set(history.files) == {"goals/b/item.yaml"}
    versions = history.timelines["goals/b/item.yaml"]
    assert versions[0].commit.subject == "Add item"
    assert {v.commit.subject for v in versions} >= {"Add item", "Move item", "Edit item"}
    assert history.tree()["goals/b/item.yaml"] == LINES.replace("line 5\n", "line five\n").encode()
    assert_consistent(history)


def test_merges_with_dates_out_of_order(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")
    git_repo.commit("Base", date="2026-10-10T10:00:00+00:00")
    branch_off(git_repo, "feature")
    git_repo.write("goals/b.yaml", "b: 1\n")
    git_repo.commit("Feature from a skewed clock", date="2025-01-01T00:00:00+00:00")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a.yaml", "a: 2\n")
    git_repo.commit("Main from the future", date="2099-01-01T00:00:00+00:00")
    git_repo.merge("feature", "Merge", date="2026-10-11T10:00:00+00:00")

    history = open_history(git_repo.path)

    assert history.commits[0].subject == "Base" and history.commits[-1].subject == "Merge"
    assert_consistent(history)
