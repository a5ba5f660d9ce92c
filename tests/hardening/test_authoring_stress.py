"""Authoring commands under stress: run at the same time, killed mid-write.

Real `python -m vindaris` processes on real files, no mocks:

- two `vindaris checkin` on one goal.yaml at once: each either writes (and
  its value is in the file afterwards: no lost update) or refuses, saying
  the file changed under it and that nothing was written; the file always
  parses, and no temporary file is left behind;
- a `vindaris checkin` killed with SIGKILL at points spread over its run
  leaves goal.yaml as it was or as the command meant it, never half of it.

Timing decides which of the allowed outcomes happens, never whether the
assertions hold; the kill points come from a fixed seed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from strategy_files import write_strategy

from vindaris.model.yamlsource import load_document

REPO = Path(__file__).resolve().parents[2]
GOAL = "goals/grow/goal.yaml"
REFUSED = [
    f"vindaris: error: {GOAL} changed while this command was running; nothing was written",
    "  hint: another command or an editor wrote it: run this command again",
]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_"))}
    env.update(NO_COLOR="1", PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "vindaris", *args, "-C", str(root)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def goal_data(root: Path) -> dict[str, Any]:
    """goal.yaml as `check` reads it: it must parse without a single finding."""
    doc = load_document(GOAL, (root / GOAL).read_bytes())
    assert doc.findings == [] and doc.data is not None, doc.findings
    data: dict[str, Any] = doc.data
    return data


def key_results(root: Path) -> dict[str, Any]:
    return {kr["id"]: kr.get("current", kr.get("done")) for kr in goal_data(root)["key_results"]}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "goals/grow").iterdir() if p.name.startswith("."))


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 2), err
    if proc.returncode == 2:
        assert err.splitlines() == REFUSED
    return proc.returncode, err


@pytest.mark.parametrize("round_", range(4))
def test_two_check_ins_on_one_file_at_once_lose_nothing(tmp_path: Path, round_: int) -> None:
    root = write_strategy(tmp_path)
    a = start(root, "checkin", "grow", "arr", str(300 + round_))
    b = start(root, "checkin", "grow", "partners", "--done")
    (a_code, _), (b_code, _) = finish(a), finish(b)
    krs = key_results(root)
    assert 0 in (a_code, b_code)  # one always gets through
    assert krs["arr"] == (300 + round_ if a_code == 0 else 250)
    assert krs["partners"] is (b_code == 0)
    assert leftovers(root) == []


def test_two_check_ins_of_the_same_value_at_once(tmp_path: Path) -> None:
    root = write_strategy(tmp_path)
    a = start(root, "checkin", "grow", "arr", "300")
    b = start(root, "checkin", "grow", "arr", "400")
    (a_code, _), (b_code, _) = finish(a), finish(b)
    written = {300 if a_code == 0 else None, 400 if b_code == 0 else None} - {None}
    assert written and key_results(root)["arr"] in written
    assert leftovers(root) == []


def interrupted_check_ins(root: Path, sig: signal.Signals, tries: int, seed: int,
                          moment: Callable[[random.Random], float]) -> Iterator[tuple[Any, int, int, str]]:
    """Start check-ins of a new value and send `sig` at `moment` (a share of how
    long one check-in takes here); yield (value before, value sent, exit code, stderr)."""
    began = time.monotonic()
    assert start(root, "checkin", "grow", "arr", "251").wait(timeout=60) == 0
    full = time.monotonic() - began
    rng = random.Random(seed)
    for value in range(252, 252 + tries):
        before = key_results(root)["arr"]
        proc = start(root, "checkin", "grow", "arr", str(value))
        time.sleep(full * moment(rng))
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        yield before, value, proc.returncode, err


def test_a_check_in_killed_at_any_point_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    root = write_strategy(tmp_path)
    # Most kill points in the last stretch, where the file is written.
    for before, value, _, _ in interrupted_check_ins(
            root, signal.SIGKILL, 12, 20261124, lambda rng: rng.choice([rng.uniform(0.0, 1.0), rng.uniform(0.8, 1.1)])):
        assert key_results(root)["arr"] in (before, value)
        # A kill between creating the temporary file and renaming it can leave
        # it behind; it is never read as strategy (not *.yaml), and check passes.
        for name in leftovers(root):
            assert name.startswith(".goal.yaml.") and name.endswith(".tmp"), name
    checked = start(root, "check")
    assert checked.wait(timeout=60) == 0, checked.communicate()


def test_a_file_changed_between_reading_and_writing_is_not_overwritten(tmp_path: Path) -> None:
    # The deterministic version of the race above: an edit lands after the
    # command read the files and before it writes.
    from vindaris.authoring.change import Workspace, apply
    from vindaris.authoring.edits import plan_checkin
    from vindaris.errors import ConcurrentEdit

    root = write_strategy(tmp_path)
    ws = Workspace.load(root)
    change = plan_checkin(ws, "grow", "arr", 300.0, None)
    assert change is not None
    edited = (root / GOAL).read_text(encoding="utf-8").replace("done: false", "done: true")
    (root / GOAL).write_text(edited, encoding="utf-8")
    with pytest.raises(ConcurrentEdit) as refused:
        apply(ws, change)
    assert (refused.value.message, refused.value.hint) == (REFUSED[0][len("vindaris: error: "):],
                                                           REFUSED[1][len("  hint: "):])
    assert (root / GOAL).read_text(encoding="utf-8") == edited


def test_a_command_that_keeps_the_lock_makes_the_next_one_refuse(tmp_path: Path) -> None:
    import fcntl

    from vindaris.authoring.lock import editing
    from vindaris.errors import ConcurrentEdit

    root = write_strategy(tmp_path)
    holder = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(ConcurrentEdit, match=f"^another vindaris command is editing {root}$"), \
                editing(root, wait=0.1):
            pass
    finally:
        os.close(holder)
    with editing(root, wait=0.1):  # free again once the holder is gone
        pass


def test_a_check_in_interrupted_with_ctrl_c_cleans_up_after_itself(tmp_path: Path) -> None:
    """SIGINT (Ctrl-C) at points over the run: old file or new, and no temporary file."""
    root = write_strategy(tmp_path)
    for before, value, code, err in interrupted_check_ins(root, signal.SIGINT, 8, 20261125,
                                                          lambda rng: rng.uniform(0.5, 1.1)):
        # Once vindaris runs, Ctrl-C is one line and exit 130 (or the write
        # finished: 0). While the interpreter is still importing, Python itself
        # reports KeyboardInterrupt and exits 1 (or dies of the signal).
        assert code in (0, 130, 1, -signal.SIGINT), err
        assert "Traceback" not in err or err.rstrip().endswith("KeyboardInterrupt"), err
        assert key_results(root)["arr"] in (before, value)
        assert leftovers(root) == [], "an interrupted write removes its temporary file"


def test_what_a_killed_write_left_is_swept_by_the_next_one(tmp_path: Path) -> None:
    root = write_strategy(tmp_path)
    stale, fresh = root / "goals/grow/.goal.yaml.k1ll3d.tmp", root / "goals/grow/.goal.yaml.wr1t1ng.tmp"
    stale.write_text("half a file")
    fresh.write_text("another command's, being written")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert start(root, "checkin", "grow", "arr", "260").wait(timeout=60) == 0
    assert not stale.exists()  # long untouched: a write that was killed
    assert fresh.exists()  # recent: could be in use, left alone
    assert key_results(root)["arr"] == 260


# A Ctrl-C whose KeyboardInterrupt is raised inside a weakref callback (CI
# caught one in the import system's module-lock callback) is an error Python
# can only print: it printed a traceback and the command went on.
_CALLBACK_INTERRUPTED = """
import signal, sys, time, weakref
from vindaris.cli.main import catch_interrupts
catch_interrupts()
class Thing: pass
thing = Thing()
ref = weakref.ref(thing, lambda _: {callback})
try:
    del thing
    end = time.monotonic() + 2
    while time.monotonic() < end: pass
    print("went on")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_a_ctrl_c_inside_a_weakref_callback_still_interrupts() -> None:
    run = subprocess.run([sys.executable, "-c", _CALLBACK_INTERRUPTED.format(
        callback="signal.raise_signal(signal.SIGINT)")], capture_output=True, text=True, timeout=60)
    assert (run.stdout, run.stderr) == ("interrupted\n", "")


def test_other_errors_python_can_only_print_are_still_printed() -> None:
    run = subprocess.run([sys.executable, "-c", _CALLBACK_INTERRUPTED.format(callback="1 / 0")],
                         capture_output=True, text=True, timeout=60)
    assert run.stdout == "went on\n"
    assert "Exception ignored" in run.stderr and "ZeroDivisionError" in run.stderr
