"""The log is parsed while git writes it: cut anywhere, it reads the same."""

from __future__ import annotations

from gitrepo import GitRepo

from vindaris.history.gitdoor import GitDoor
from vindaris.history.rawlog import LOG_FORMAT, LoggedCommit, LogParser, parse_log


def _history_with_everything(repo: GitRepo) -> None:
    """Adds, edits, a rename, a deletion, a merge, odd paths and a body with control characters."""
    repo.write("goals/a/goal.yaml", "title: A\n")
    repo.write("goals/a/ship it.yaml", "state: planned\n")
    repo.commit("Start\n\nA body\x1e with a record separator inside.", date="2026-10-01T10:00:00+00:00")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("goals/a/ünïcode \"quoted\".yaml", "state: active\n")
    repo.commit("Feature", date="2026-10-02T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.move("goals/a/ship it.yaml", "goals/a/shipped.yaml")
    repo.commit("Rename", date="2026-10-03T10:00:00+00:00")
    repo.merge("feature", "Merge feature", date="2026-10-04T10:00:00+00:00")
    (repo.path / "goals/a/goal.yaml").unlink()
    repo.commit("Delete", date="2026-10-05T10:00:00+00:00")


def _raw_log(repo: GitRepo) -> bytes:
    out = repo.git("-c", "log.diffMerges=separate", "log", "--raw", "--no-abbrev", "-M", "-m",
                   "--full-history", "--topo-order", "--root", "-z", f"--format={LOG_FORMAT}", "HEAD")
    return out.encode("utf-8", "surrogateescape")


def _subjects(logged: list[LoggedCommit]) -> list[str]:
    # --topo-order may list either side of the merge first.
    subjects = [c.commit.subject for c in logged]
    return subjects[:2] + sorted(subjects[2:4]) + subjects[4:]


def _fed(data: bytes, cuts: list[int]) -> list[LoggedCommit]:
    parser = LogParser()
    logged: list[LoggedCommit] = []
    for start, end in zip([0, *cuts], [*cuts, len(data)]):
        logged += parser.feed(data[start:end])
    return logged + parser.close()


def test_the_log_cut_at_every_byte_parses_as_a_whole(git_repo: GitRepo) -> None:
    _history_with_everything(git_repo)
    data = _raw_log(git_repo)
    whole = parse_log(data)
    assert _subjects(whole) == ["Delete", "Merge feature", "Feature", "Rename", "Start"]
    assert any(ch.old_path == "goals/a/ship it.yaml" for c in whole for ch in c.changes)

    for cut in range(1, len(data)):
        assert _fed(data, [cut]) == whole, cut
    # One byte at a time: every state of the parser is a resting point.
    assert _fed(data, list(range(1, len(data)))) == whole


def test_the_merge_records_are_joined_across_pieces(git_repo: GitRepo) -> None:
    _history_with_everything(git_repo)
    data = _raw_log(git_repo)
    merge_records = data.count(b"\x1e" + parse_log(data)[1].commit.sha.encode())
    assert merge_records == 2  # one per parent, with -m
    second = data.index(b"\x1e", data.index(b"Merge feature"))
    logged = _fed(data, [second])
    assert [c.commit.subject for c in logged].count("Merge feature") == 1


def test_the_door_hands_out_commits_while_reading(git_repo: GitRepo) -> None:
    _history_with_everything(git_repo)
    door = GitDoor.discover(git_repo.path)
    seen: list[LoggedCommit] = []
    logged = door.changes("HEAD", on_batch=seen.extend)
    assert seen == logged
    assert _subjects(logged) == ["Delete", "Merge feature", "Feature", "Rename", "Start"]
