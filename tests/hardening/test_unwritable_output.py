"""Where a command cannot write (a path through a regular file, a read-only
directory): one line naming the path, exit 2, never an internal error and
never half a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from strategy_files import write_strategy
from vindaris.cli.main import cli


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    """A regular file where a directory would have to be."""
    path = tmp_path / "a-file"
    path.write_text("not a directory\n")
    return path


@pytest.mark.parametrize("command", [
    ["report", "--output", "{blocked}/week.html"],
    ["report", "--output", "{blocked}/week.md"],
    ["report", "--site", "{blocked}/site"],
    ["schema", "--output", "{blocked}/schemas"],
    ["init", "{blocked}/new"],
    ["demo", "{blocked}/demo"],
], ids=lambda c: " ".join(c[:2]))
def test_a_destination_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path, blocker: Path,
                                                                     command: list[str]) -> None:
    root = write_strategy(tmp_path / "strategy")
    args = [part.format(blocked=blocker) for part in command]
    if command[0] in ("report", "schema"):
        args += ["-C", str(root)]
    result = CliRunner().invoke(cli, args, env={"NO_COLOR": "1"})
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("vindaris: error: "), result.stderr
    assert str(blocker) in lines[0] and "Not a directory" in lines[0]
    assert blocker.read_text() == "not a directory\n"


def test_a_report_written_over_an_old_one_is_never_half_written(tmp_path: Path) -> None:
    # The page is written beside and renamed into place: a reader (a web
    # server, a CI artifact upload) sees the old page or the new one.
    root = write_strategy(tmp_path / "strategy")
    page = tmp_path / "out" / "week.html"
    result = CliRunner().invoke(cli, ["report", "-C", str(root), "--output", str(page)])
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in page.parent.iterdir()] == ["week.html"]  # no temporary file left


def test_a_page_written_to_a_pipe_or_device_goes_into_it_and_leaves_it_one(tmp_path: Path) -> None:
    # `--output /dev/null` or a named pipe: renaming a new file over it would
    # replace the device itself (as root, /dev/null became a regular file).
    # A FIFO stands in for the device here: same rule, no risk to the machine.
    import os
    import stat
    import threading

    root = write_strategy(tmp_path / "strategy")
    fifo = tmp_path / "page.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = CliRunner().invoke(cli, ["report", "-C", str(root), "--format", "html", "--output", str(fifo)])
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "still a pipe"
    assert received and received[0].startswith(b"<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.fifo", "strategy"]  # no temporary file left


def test_a_page_written_through_a_symlink_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    root = write_strategy(tmp_path / "strategy")
    (tmp_path / "pages").mkdir()
    real = tmp_path / "pages" / "week.html"
    real.write_text("old page\n")
    link = tmp_path / "latest.html"
    link.symlink_to(real)
    result = CliRunner().invoke(cli, ["report", "-C", str(root), "--output", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_os_error_that_names_no_file_is_an_internal_error_not_a_traceback(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import vindaris.check as check_module

    def failing_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(check_module, "run_check", failing_device)
    result = CliRunner().invoke(cli, ["check", "-C", str(write_strategy(tmp_path))])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        "vindaris: internal error: OSError: [Errno 5] Input/output error",
        "  hint: rerun with --debug for the traceback and report it",
    ]
