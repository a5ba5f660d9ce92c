"""Output on a stream that is not UTF-8 (a Windows file redirect in cp1252,
PYTHONIOENCODING=ascii): human views degrade, machine formats stay exact,
nothing ends as an internal error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from strategy_files import CONFIG, write_strategy

PROJECT = Path(__file__).resolve().parents[2]
ORGANIZATION = "Zürich → 東京 Co"


def vindaris(encoding: str | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    env.update({"NO_COLOR": "1", "PYTHONPATH": str(PROJECT)})
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "vindaris", *args], capture_output=True, env=env,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("encodings")
    return write_strategy(base, {"vindaris.yaml": CONFIG.replace("Example Co", ORGANIZATION)})


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("command", [["status"], ["check"], ["owners"]], ids=lambda c: c[0])
def test_a_human_view_on_a_narrow_encoding_is_drawn_with_what_it_can_show(root: Path, encoding: str,
                                                                           command: list[str]) -> None:
    done = vindaris(encoding, *command, "-C", str(root))
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    text = done.stdout.decode(encoding)  # valid in the stream's own encoding, whatever it could not show
    assert text.strip()


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("command", [["status", "--format", "json"], ["check", "--format", "json"],
                                     ["owners", "--format", "json"], ["report", "--format", "md"]],
                         ids=lambda c: c[0] + "-" + c[-1])
def test_machine_formats_are_utf_8_whatever_the_stream_encoding(root: Path, encoding: str,
                                                                command: list[str]) -> None:
    expected = vindaris("utf-8", *command, "-C", str(root))
    done = vindaris(encoding, *command, "-C", str(root))
    assert (done.returncode, done.stderr) == (expected.returncode, b""), done.stderr
    assert done.stdout == expected.stdout
    if command[-1] == "json":
        json.loads(done.stdout.decode("utf-8"))
    if command[0] in ("status", "report"):
        assert ORGANIZATION.encode("utf-8") in done.stdout
