"""A reader that goes away (`vindaris status | head -1`): a quiet exit, never an internal error.

Each command runs as a real process whose standard output is a pipe with no
reader left, so its first write fails with EPIPE (Python ignores SIGPIPE),
which is what `| head` does to the rest of a long output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from strategy_files import write_strategy

PROJECT = Path(__file__).resolve().parents[2]


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails
    try:
        env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(PROJECT)}
        return subprocess.run([sys.executable, "-m", "vindaris", *args], stdout=write_end,
                              stderr=subprocess.PIPE, env=env, timeout=120, check=False)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "--format", "json"],
    ["status"],
    ["status", "--format", "json"],
    ["owners"],
    ["report", "--format", "md"],
    ["--help"],
], ids=lambda args: " ".join(args))
def test_a_closed_output_ends_the_command_quietly_as_sigpipe_would(tmp_path: Path, args: list[str]) -> None:
    root = write_strategy(tmp_path)
    extra = [] if args == ["--help"] else ["-C", str(root)]
    done = run_into_closed_pipe(*args, *extra)
    # 141 = 128 + SIGPIPE: what a shell reports for `git log | head`, so a
    # pipeline under `set -o pipefail` reads the same either way.
    assert (done.returncode, done.stderr.decode()) == (141, "")


def test_a_long_output_arrives_whole_before_the_process_ends(tmp_path: Path) -> None:
    # The CLI ends without tearing the interpreter down (vindaris.cli.main._hard_exit):
    # what it wrote must still all be flushed, however much it was.
    root = write_strategy(tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-m", "vindaris", "report", "--format", "html", "-C", str(root)],
                          capture_output=True, env=env, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.startswith(b"<!DOCTYPE html>") and done.stdout.endswith(b"</html>\n")
    refused = subprocess.run([sys.executable, "-m", "vindaris", "check", "-C", str(tmp_path / "nowhere")],
                              capture_output=True, env=env, timeout=120, check=False)
    # An error's exit code and its message survive the same way.
    assert refused.returncode == 2 and b"is not a directory" in refused.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["check"], ["status", "--format", "json"], ["report", "--format", "md"]],
                         ids=lambda args: " ".join(args))
def test_output_to_a_full_disk_is_an_error_not_a_success(tmp_path: Path, args: list[str]) -> None:
    # /dev/full fails every write with ENOSPC, as a full disk does: the output
    # is lost, so the exit code must not say it was written.
    root = write_strategy(tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(PROJECT)}
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "vindaris", *args, "-C", str(root)], stdout=full,
                              stderr=subprocess.PIPE, env=env, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("vindaris: error: could not write"), done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_SETPIPE_SZ"), reason="needs F_SETPIPE_SZ (Linux)")
@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["PYTHONUNBUFFERED=1", "buffered"])
def test_a_reader_that_leaves_midway_is_noticed_even_unbuffered(tmp_path: Path, unbuffered: str) -> None:
    # Under PYTHONUNBUFFERED the raw file's write takes part of a long output
    # and reports the rest only in its return value: the command must not
    # drop the rest silently and end 0 (vindaris.cli.main._whole_writes).
    import fcntl

    root = write_strategy(tmp_path)
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # the page is many times this
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(PROJECT), "PYTHONUNBUFFERED": unbuffered}
    process = subprocess.Popen([sys.executable, "-m", "vindaris", "report", "--format", "html", "-C", str(root)],
                               stdout=write_end, stderr=subprocess.PIPE, env=env)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.read(100).startswith(b"<!DOCTYPE html>")
    assert process.stderr is not None
    assert (process.wait(timeout=120), process.stderr.read().decode()) == (141, "")
