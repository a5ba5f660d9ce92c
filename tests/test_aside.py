"""Cache writes done aside (vindaris/aside.py): in a forked child when that is safe, else at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from vindaris import aside

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process where `flush` forks: fork exists, no VINDARIS_WORKERS=0, no other thread."""
    monkeypatch.delenv("VINDARIS_WORKERS", raising=False)
    if threading.active_count() != 1:
        pytest.skip("the test process runs other threads")


def _record(path: Path, text: str = "") -> None:
    path.write_text(f"{os.getpid()} {text}")


def test_outside_a_block_a_write_happens_at_once(tmp_path: Path) -> None:
    target = tmp_path / "written"
    aside.later(lambda: _record(target))
    assert target.read_text().split()[0] == str(os.getpid())


@needs_fork
def test_a_flushed_write_happens_in_a_child_and_is_done_when_the_block_ends(tmp_path: Path, forkable: None) -> None:
    target = tmp_path / "written"
    with aside.writes_aside():
        aside.later(lambda: _record(target, "first"))
        assert not target.exists()  # queued, not done
        aside.flush()
    pid, text = target.read_text().split()
    assert pid != str(os.getpid()) and text == "first"


@needs_fork
def test_what_the_child_writes_is_the_data_as_it_was_at_the_fork(tmp_path: Path, forkable: None) -> None:
    target = tmp_path / "written"
    data = ["at-the-fork"]
    with aside.writes_aside():
        aside.later(lambda: _record(target, data[0]))
        aside.flush()
        data[0] = "changed-after"
    assert target.read_text().split()[1] == "at-the-fork"


def test_with_another_thread_alive_the_writes_run_here(tmp_path: Path) -> None:
    target = tmp_path / "written"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with aside.writes_aside():
            aside.later(lambda: _record(target))
            aside.flush()
            assert target.read_text().split()[0] == str(os.getpid())
    finally:
        stop.set()
        other.join()


def test_vindaris_workers_0_keeps_every_write_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VINDARIS_WORKERS", "0")
    target = tmp_path / "written"
    with aside.writes_aside():
        aside.later(lambda: _record(target))
    assert target.read_text().split()[0] == str(os.getpid())


def test_writes_still_queued_at_the_end_of_the_block_are_done(tmp_path: Path) -> None:
    target = tmp_path / "written"
    with aside.writes_aside():
        aside.later(lambda: _record(target))
    assert target.exists()


@needs_fork
def test_a_write_that_fails_in_the_child_leaves_the_parent_alone(tmp_path: Path, forkable: None) -> None:
    target = tmp_path / "after"

    def broken() -> None:
        raise OSError("disk full")

    with aside.writes_aside():
        aside.later(broken)
        aside.later(lambda: _record(target))  # not reached: the child stopped at the failure
        aside.flush()
    assert not target.exists()
    aside.later(lambda: _record(target))  # and the block left no queue behind
    assert target.read_text().split()[0] == str(os.getpid())
