"""Through a real process: prompts on a real terminal (a pty), none without one, --commit end to end."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from authoring_support import last_commit
from gitrepo import GitRepo

pty = pytest.importorskip("pty")


def _vindaris(repo: GitRepo, *args: str) -> list[str]:
    return [sys.executable, "-m", "vindaris", *args, "-C", str(repo.path)]


def test_no_prompt_without_a_terminal(repo: GitRepo) -> None:
    done = subprocess.run(_vindaris(repo, "new", "work", "grow", "x", "--title", "X", "--owner", "bob"),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == ("vindaris: error: missing --moves (stdin is not a terminal, "
                                           "so there is nobody to ask)")
    assert not (repo.path / "goals/grow/x.yaml").exists()


def test_prompts_on_a_real_terminal(repo: GitRepo) -> None:
    master, slave = pty.openpty()
    process = subprocess.Popen(_vindaris(repo, "new", "work", "grow", "faq", "--title", "FAQ", "--owner", "bob"),
                               stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                               env={**os.environ, "NO_COLOR": "1"})
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    answered = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"Which key results does it move?" in seen:
            os.write(master, b"arr\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(master)
    assert process.wait(timeout=30) == 0, seen.decode(errors="replace")
    text = seen.decode(errors="replace")
    assert "Goal grow: Grow revenue" in text and "  - arr: Net new ARR" in text
    assert (repo.path / "goals/grow/faq.yaml").read_text() == "title: FAQ\nowner: bob\nstate: planned\nmoves:\n  - arr\n"


def test_checkin_commit_through_a_real_process(repo: GitRepo) -> None:
    done = subprocess.run(_vindaris(repo, "checkin", "grow", "arr", "500", "--commit", "--note", "Q4 push."),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert last_commit(repo) == ("checkin(grow/arr): 250 kEUR -> 500 kEUR\n\nQ4 push.", ["M\tgoals/grow/goal.yaml"])
