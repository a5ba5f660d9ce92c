"""The history cache under .git: never trusted when stale or corrupt.

Every scenario compares `status --format json` computed through the cache
with the same command run with the cache switched off.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo

from vindaris.cli.main import cli

CONFIG = "version: 1\norganization: Co\nperiods:\n  - {id: q4, start: 2026-10-01, end: 2026-12-31}\n"
PEOPLE = "people:\n  - {id: ann, name: Ann Lee, email: ann@example.com}\n"


def goal(value: int) -> str:
    return (f"title: Grow\nowner: ann\nperiod: q4\nkey_results:\n"
            f"  - {{id: arr, title: ARR, baseline: 0, target: 100, current: {value}}}\n")


def status(root: Path, *, cache: bool, as_of: str = "2026-12-01") -> dict[str, object]:
    env = {} if cache else {"VINDARIS_NO_CACHE": "1"}
    result = CliRunner(env=env).invoke(cli, ["status", "-C", str(root), "--format", "json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def cache_files(repo: GitRepo) -> list[Path]:
    return sorted((repo.path / ".git" / "vindaris").glob("*.bin"))


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return four_commits(git_repo)


def four_commits(git_repo: GitRepo) -> GitRepo:
    """A goal created on 1 October and checked in on three Mondays after."""
    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    git_repo.write("goals/grow/goal.yaml", goal(0))
    git_repo.write("goals/grow/ship.yaml", "title: Ship\nowner: ann\nmoves: [arr]\nstate: active\n")
    git_repo.commit("start", date="2026-10-01T10:00:00+00:00")
    for day, value in (("05", 10), ("12", 20), ("19", 30)):
        git_repo.write("goals/grow/goal.yaml", goal(value))
        git_repo.commit(f"checkin {value}", date=f"2026-10-{day}T10:00:00+00:00")
    return git_repo


def values(doc: dict[str, object]) -> list[float]:
    goals = doc["goals"]
    assert isinstance(goals, list)
    return [c["value"] for c in goals[0]["key_results"][0]["checkins"]]


def test_cache_is_written_inside_git_and_a_warm_run_gives_the_same_result(repo: GitRepo) -> None:
    cold = status(repo.path, cache=False)
    assert cache_files(repo) == []
    first = status(repo.path, cache=True)
    assert cache_files(repo), "the first run fills the cache under .git/vindaris"
    # The history and the summaries, written by a child of the command
    # (vindaris/aside.py), are there when the command has ended.
    kinds = {path.name.split("-", 1)[0] for path in cache_files(repo)}
    assert {"log", "summaries", "out"} <= kinds
    assert status(repo.path, cache=True) == first == cold
    assert "vindaris" not in repo.git("status", "--porcelain"), "the cache is never something to commit"


def test_a_new_commit(repo: GitRepo) -> None:
    status(repo.path, cache=True)
    repo.write("goals/grow/goal.yaml", goal(45))
    repo.commit("checkin 45", date="2026-10-26T10:00:00+00:00")
    warm = status(repo.path, cache=True)
    assert values(warm) == [10, 20, 30, 45]
    assert warm == status(repo.path, cache=False)


def test_an_amend(repo: GitRepo) -> None:
    status(repo.path, cache=True)
    repo.write("goals/grow/goal.yaml", goal(33))
    repo.git("commit", "-q", "--amend", "-a", "-m", "checkin 33",
             env={"GIT_COMMITTER_DATE": "2026-10-19T11:00:00+00:00"})
    warm = status(repo.path, cache=True)
    assert values(warm) == [10, 20, 33]
    assert warm == status(repo.path, cache=False)


def test_a_rebase_that_rewrites_history(repo: GitRepo) -> None:
    before = status(repo.path, cache=True)
    # Replay the last two commits: same content, new shas and new committer dates.
    repo.git("rebase", "-q", "--force-rebase", "HEAD~2", env={"GIT_COMMITTER_DATE": "2026-10-21T10:00:00+00:00"})
    warm = status(repo.path, cache=True)
    dates = [c["date"][:10] for c in warm["goals"][0]["key_results"][0]["checkins"]]  # type: ignore[index]
    assert dates == ["2026-10-05", "2026-10-21", "2026-10-21"]
    assert warm != before
    assert warm == status(repo.path, cache=False)


def test_history_replaced_by_a_force_push(repo: GitRepo) -> None:
    status(repo.path, cache=True)
    repo.git("reset", "-q", "--hard", "HEAD~2")
    repo.write("goals/grow/goal.yaml", goal(25))
    repo.commit("checkin 25", date="2026-10-15T10:00:00+00:00")
    warm = status(repo.path, cache=True)
    assert values(warm) == [10, 25]
    assert warm == status(repo.path, cache=False)


@pytest.mark.parametrize("damage", ["truncate", "flip-byte", "garbage", "empty"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(repo: GitRepo, damage: str) -> None:
    expected = status(repo.path, cache=False)
    status(repo.path, cache=True)
    for path in cache_files(repo):
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "flip-byte":
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
        elif damage == "garbage":
            path.write_bytes(b"\x00not a cache at all" * 10)
        else:
            path.write_bytes(b"")
    assert status(repo.path, cache=True) == expected
    # and the rebuilt files verify again
    assert status(repo.path, cache=True) == expected


def test_an_unwritable_cache_directory_is_skipped(repo: GitRepo) -> None:
    (repo.path / ".git" / "vindaris").write_text("a file where the cache directory would go")
    assert status(repo.path, cache=True) == status(repo.path, cache=False)


def test_time_travel_with_a_warm_cache(repo: GitRepo) -> None:
    status(repo.path, cache=True)
    past = status(repo.path, cache=True, as_of="2026-10-10")
    assert values(past) == [10]
    assert past == status(repo.path, cache=False, as_of="2026-10-10")


def status_now(root: Path, *, cache: bool) -> dict[str, object]:
    env = {} if cache else {"VINDARIS_NO_CACHE": "1"}
    result = CliRunner(env=env).invoke(cli, ["status", "-C", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_remembered_document_is_served_again_only_for_the_same_inputs(repo: GitRepo) -> None:
    first = status_now(repo.path, cache=True)
    assert list((repo.path / ".git" / "vindaris").glob("out-*.bin")), "a clean tree's document is remembered"
    assert status_now(repo.path, cache=True) == first
    # an uncommitted edit is "now": never served from memory
    repo.write("goals/grow/goal.yaml", goal(77))
    edited = status_now(repo.path, cache=True)
    assert values(edited)[-1] == 77 and edited["history"]["uncommitted"] is True  # type: ignore[index]
    # the same as computed without any cache, but for the moment "now" stamps on it
    uncached = status_now(repo.path, cache=False)
    assert values(uncached) == values(edited) and uncached["attention"] == edited["attention"]


def test_an_ignored_file_changes_the_key(repo: GitRepo) -> None:
    repo.write(".gitignore", "goals/grow/draft.yaml\n")
    repo.commit("ignore drafts", date="2026-10-20T10:00:00+00:00")
    before = status_now(repo.path, cache=True)
    repo.write("goals/grow/draft.yaml", "title: Draft\nowner: ann\nmoves: [arr]\nstate: active\n")
    after = status_now(repo.path, cache=True)
    refs = [w["ref"] for w in after["goals"][0]["work"]]  # type: ignore[index]
    assert "grow/draft" in refs and after != before
    assert after == status_now(repo.path, cache=False)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_remembered_report_page_is_the_page_computed_without_cache(repo: GitRepo, fmt: str) -> None:
    def page(cache: bool) -> str:
        env = {} if cache else {"VINDARIS_NO_CACHE": "1"}
        result = CliRunner(env=env).invoke(cli, ["report", "-C", str(repo.path), "--week", "2026-W42",
                                                 "--format", fmt])
        assert result.exit_code == 0, result.output
        return result.stdout

    uncached = page(cache=False)
    assert page(cache=True) == uncached
    assert list((repo.path / ".git" / "vindaris").glob("out-*.bin"))
    assert page(cache=True) == uncached
    # a later commit does not change a finished week's page
    repo.write("goals/grow/goal.yaml", goal(60))
    repo.commit("checkin 60", date="2026-11-02T10:00:00+00:00")
    assert page(cache=True) == uncached == page(cache=False)


def test_a_shallow_clone_deepened_is_not_answered_from_its_shallow_cache(repo: GitRepo, tmp_path: Path) -> None:
    clone = GitRepo(tmp_path / "clone")
    GitRepo(tmp_path).git("clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone.path))
    shallow = status(clone.path, cache=True)
    assert shallow["history"]["shallow"] is True  # type: ignore[index]
    assert values(shallow) == [30]  # the cut holds 20; only 20 -> 30 is a check-in here
    clone.git("fetch", "-q", "--unshallow")
    deep = status(clone.path, cache=True)
    assert deep["history"]["shallow"] is False  # type: ignore[index]
    assert values(deep) == [10, 20, 30]
    assert deep == status(clone.path, cache=False)


def test_a_mailmap_edit_renames_authors_in_commits_read_before(repo: GitRepo) -> None:
    repo.write("people.yaml", PEOPLE.replace("email: ann@example.com", "email: ann@corp.example"))
    repo.commit("ann's new address", date="2026-10-20T10:00:00+00:00")
    before = status(repo.path, cache=True)
    assert {c["author"] for c in before["goals"][0]["key_results"][0]["checkins"]} != {"ann"}  # type: ignore[index]
    # .mailmap maps the old address to the new one: every old check-in is ann's now.
    repo.write(".mailmap", "Ann Lee <ann@corp.example> <ann@example.com>\n")
    after = status(repo.path, cache=True)
    assert {c["author"] for c in after["goals"][0]["key_results"][0]["checkins"]} == {"ann"}  # type: ignore[index]
    assert after == status(repo.path, cache=False)


@pytest.mark.parametrize("setting", ["mailmap.file", "mailmap.blob"])
def test_a_mailmap_named_in_git_config_is_part_of_the_key(repo: GitRepo, tmp_path: Path, setting: str) -> None:
    repo.write("people.yaml", PEOPLE.replace("email: ann@example.com", "email: ann@corp.example"))
    repo.commit("ann's new address", date="2026-10-20T10:00:00+00:00")
    mailmap = "Ann Lee <ann@corp.example> <ann@example.com>\n"
    named = tmp_path / "team.mailmap"  # outside the repository, as a company-wide one would be
    # A blob names a ref's file: what is mapped changes when the ref moves.
    repo.git("config", setting, str(named) if setting == "mailmap.file" else "refs/mailmap:.mailmap")
    before = status(repo.path, cache=True)
    assert {c["author"] for c in before["goals"][0]["key_results"][0]["checkins"]} != {"ann"}  # type: ignore[index]
    if setting == "mailmap.file":
        named.write_text(mailmap)
    else:
        blob = repo.git("hash-object", "-w", "--stdin", input=mailmap.encode()).strip()
        tree = repo.git("mktree", input=f"100644 blob {blob}\t.mailmap\n".encode()).strip()
        repo.git("update-ref", "refs/mailmap", repo.git("commit-tree", tree, "-m", "mailmap").strip())
    after = status(repo.path, cache=True)
    assert {c["author"] for c in after["goals"][0]["key_results"][0]["checkins"]} == {"ann"}  # type: ignore[index]
    assert after == status(repo.path, cache=False)


def test_the_terminal_view_is_remembered_for_the_same_inputs(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    def text(cache: bool, *args: str) -> str:
        env = {"NO_COLOR": "1"} | ({} if cache else {"VINDARIS_NO_CACHE": "1"})
        result = CliRunner(env=env).invoke(cli, ["status", "-C", str(repo.path), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    first = text(True)
    assert "Grow" in first and first == text(False)
    import vindaris.status.compute as compute

    def no_computing(*args: object, **kwargs: object) -> None:
        raise AssertionError("served from the memo: nothing is computed")

    monkeypatch.setattr(compute, "compute_status", no_computing)
    assert text(True) == first
    # Other options are other outputs.
    monkeypatch.undo()
    attention = text(True, "--attention")
    assert attention != first and attention == text(False, "--attention")


def _on_a_terminal(root: Path, columns: int, cache: bool) -> bytes:
    """`vindaris status` in a real pseudo-terminal of `columns` columns, as a person would see it."""
    import os
    import pty
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS=str(columns), LINES="50", PYTHONPATH=str(Path(__file__).parents[2]))
    if not cache:
        env["VINDARIS_NO_CACHE"] = "1"
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "vindaris", "status", "-C", str(root)], stdin=follower,
                            stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else b""
    return out


def test_the_terminal_view_from_the_memo_is_the_same_bytes_in_colour(repo: GitRepo) -> None:
    first = _on_a_terminal(repo.path, 90, cache=True)
    assert b"\x1b[" in first  # drawn in colour for a terminal
    assert _on_a_terminal(repo.path, 90, cache=True) == first == _on_a_terminal(repo.path, 90, cache=False)
    narrow = _on_a_terminal(repo.path, 50, cache=True)
    assert narrow != first and narrow == _on_a_terminal(repo.path, 50, cache=False)


def test_what_the_memo_check_asked_git_is_not_asked_again(repo: GitRepo, git_log) -> None:  # type: ignore[no-untyped-def]
    git_log.take()
    status_now(repo.path, cache=True)
    asked = [p for p in git_log.take() if p != "version"]  # GitPython's own, on import
    # rev-parse, log -1, config (mailmaps) and status once each: the memo check's answers are handed on.
    assert sorted(asked) == sorted(["rev-parse", "log", "config", "status", "ls-tree", "log", "cat-file"])
    status_now(repo.path, cache=True)
    served = ["rev-parse", "log", "config", "status"]  # from the memo
    assert [p for p in git_log.take() if p != "version"] == served
