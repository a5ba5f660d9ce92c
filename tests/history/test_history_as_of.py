"""open_history as of a date, a date-time or a revision; clocks that lie."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from gitrepo import GitRepo, isolate_git

from vindaris.errors import GitError, UsageError
from vindaris.history import open_history
from vindaris.history.asof import Moment, Revision, parse_as_of


@pytest.fixture(scope="module")
def three_days(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitRepo, list[str]]]:
    """a.yaml on Oct 1, b.yaml on Oct 5 (10:00 UTC), a.yaml edited on Oct 10.

    Shared by the module (tests only read it): tag v1 and branch feature point at Oct 5.
    """
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch)
        repo = GitRepo(tmp_path_factory.mktemp("three-days") / "repo").init()
        repo.write("goals/a.yaml", "a: 1\n")
        shas = [repo.commit("One", date="2026-10-01T10:00:00+00:00")]
        repo.write("goals/b.yaml", "b: 1\n")
        shas.append(repo.commit("Two", date="2026-10-05T10:00:00+00:00"))
        repo.write("goals/a.yaml", "a: 2\n")
        shas.append(repo.commit("Three", date="2026-10-10T10:00:00+00:00"))
        repo.git("tag", "-a", "v1", "-m", "tag", shas[1])  # annotated tags peel to their commit
        repo.git("branch", "feature", shas[1])
        yield repo, shas


def test_as_of_a_date_is_the_end_of_that_day(three_days: tuple[GitRepo, list[str]]) -> None:
    repo, (one, two, three) = three_days

    history = open_history(repo.path, "2026-10-05")

    assert history.as_of is not None and history.as_of.sha == two
    assert history.head == three
    assert [c.sha for c in history.commits] == [one, two]
    assert history.tree() == {"goals/a.yaml": b"a: 1\n", "goals/b.yaml": b"b: 1\n"}
    assert [v.commit.sha for v in history.timelines["goals/a.yaml"]] == [one]
    assert history.uncommitted == frozenset()


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-10-05T09:59:59+00:00", 0),
        ("2026-10-05T10:00:00Z", 1),
        ("2026-10-05T11:00:00+02:00", 0),  # 09:00 UTC
        ("2026-10-05 10:30", 1),  # no offset: UTC
        ("2099-01-01", 2),
    ],
)
def test_as_of_a_date_time(three_days: tuple[GitRepo, list[str]], as_of: str, expected: int) -> None:
    repo, shas = three_days
    history = open_history(repo.path, as_of)
    assert history.as_of is not None and history.as_of.sha == shas[expected]


@pytest.mark.parametrize("revision", ["HEAD~1", "v1", "feature", "SHA", "SHORT"])
def test_as_of_a_revision(three_days: tuple[GitRepo, list[str]], revision: str) -> None:
    repo, (one, two, three) = three_days
    revision = {"SHA": two, "SHORT": two[:10]}.get(revision, revision)

    history = open_history(repo.path, revision)

    assert history.as_of is not None and history.as_of.sha == two
    assert history.head == three
    assert [c.sha for c in history.commits] == [one, two]
    assert history.tree()["goals/a.yaml"] == b"a: 1\n"


def test_a_date_before_the_first_commit_is_unavailable_not_an_error(three_days: tuple[GitRepo, list[str]]) -> None:
    repo, shas = three_days

    history = open_history(repo.path, "2026-01-01")

    assert (history.available, history.reason) == (False, "no commits at or before 2026-01-01")
    assert history.head == shas[-1]
    assert (history.as_of, history.commits, dict(history.timelines)) == (None, (), {})
    assert history.tree() == {}


@pytest.mark.parametrize("revision", ["nope", "HEAD~7", "--output=/tmp/x", "HEAD:goals/a.yaml"])
def test_an_unknown_revision_is_a_git_error_in_one_line(
    three_days: tuple[GitRepo, list[str]], revision: str
) -> None:
    repo, _ = three_days
    with pytest.raises(GitError) as caught:
        open_history(repo.path, revision)
    assert caught.value.message == f"unknown revision '{revision}'"
    assert caught.value.hint


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-10-05T25:00", "  "])
def test_a_malformed_date_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UsageError):
        open_history(tmp_path, bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("2026-10-05", Moment(datetime(2026, 10, 5, 23, 59, 59, 999999, tzinfo=timezone.utc), "2026-10-05")),
        ("2026-10-05T08:00:00Z", Moment(datetime(2026, 10, 5, 8, tzinfo=timezone.utc), "2026-10-05T08:00:00Z")),
        ("20261005", Revision("20261005")),  # could be a sha; fromisoformat would take it as a date
        ("v2026-10-05", Revision("v2026-10-05")),
        ("HEAD~3", Revision("HEAD~3")),
    ],
)
def test_parse_as_of(text: str | None, expected: object) -> None:
    assert parse_as_of(text) == expected


def test_order_is_by_graph_not_by_clock(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")
    first = git_repo.commit("First", date="2026-10-05T10:00:00+00:00")
    git_repo.write("goals/a.yaml", "a: 2\n")
    second = git_repo.commit("Second, clock behind", date="2026-10-01T10:00:00+00:00")
    git_repo.write("goals/a.yaml", "a: 3\n")
    third = git_repo.commit("Third, clock ahead", date="2099-01-01T00:00:00+00:00")
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)

    history = open_history(git_repo.path, now=now)

    assert [c.sha for c in history.commits] == [first, second, third]
    assert [v.commit.sha for v in history.timelines["goals/a.yaml"]] == [first, second, third]
    assert history.future_dated == frozenset({third})
    # As of Oct 2: walking HEAD's first-parent chain, the first commit dated
    # at or before the moment is `second`, although its parent is dated later.
    dated = open_history(git_repo.path, "2026-10-02", now=now)
    assert dated.as_of is not None and dated.as_of.sha == second
    assert [c.sha for c in dated.commits] == [first, second]
    assert dated.future_dated == frozenset()


def test_as_of_a_date_follows_the_first_parent_chain(git_repo: GitRepo) -> None:
    git_repo.write("goals/a.yaml", "a: 1\n")
    base = git_repo.commit("Base", date="2026-10-01T10:00:00+00:00")
    git_repo.git("checkout", "-q", "-b", "feature")
    git_repo.write("goals/b.yaml", "b: 1\n")
    git_repo.commit("On the branch", date="2026-10-03T10:00:00+00:00")
    git_repo.git("checkout", "-q", "main")
    git_repo.write("goals/a.yaml", "a: 2\n")
    git_repo.commit("On main", date="2026-10-05T10:00:00+00:00")
    git_repo.merge("feature", "Merge feature", date="2026-10-06T10:00:00+00:00")

    history = open_history(git_repo.path, "2026-10-04")

    # The branch commit is older than the moment but was not on main then.
    assert history.as_of is not None and history.as_of.sha == base
    assert set(history.files) == {"goals/a.yaml"}
