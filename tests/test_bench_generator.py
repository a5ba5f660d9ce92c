"""bench/generate.py: the synthetic repositories the benchmark runs on (the `tiny` size)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", PROJECT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


gen = _generator()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=gen.git_env()).stdout


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("bench") / "tiny"
    return out, gen.generate("tiny", out)


def test_history_has_the_expected_commits(tiny: tuple[Path, dict[str, object]]) -> None:
    repo, summary = tiny
    size = gen.SIZES["tiny"]
    assert summary["commits"] == size.commits
    assert int(git(repo, "rev-list", "--count", "HEAD")) == size.commits
    assert int(git(repo, "rev-list", "--merges", "--count", "HEAD")) == size.merges
    assert git(repo, "status", "--porcelain") == ""  # the working tree is HEAD's


def test_dates_are_backdated_over_the_two_years(tiny: tuple[Path, dict[str, object]]) -> None:
    repo, _ = tiny
    lines = git(repo, "log", "--format=%ct %at %aN <%aE>").splitlines()
    committed = [int(line.split()[0]) for line in lines]
    authored = [int(line.split()[1]) for line in lines]
    first = dt.datetime.fromtimestamp(min(committed), dt.UTC).date()
    last = dt.datetime.fromtimestamp(max(committed), dt.UTC).date()
    assert first == dt.date(2024, 11, 25)
    assert last == dt.date(2026, 11, 23)
    assert authored == committed
    # Authors are people of the strategy, as people.yaml names them.
    people = (repo / "people.yaml").read_text()
    for line in lines:
        name, email = line.split(" ", 2)[2].rstrip(">").split(" <")
        assert f"email: {email}" in people
        assert name in people or f'"{name}"' in people


def test_final_tree_passes_check_without_errors(tiny: tuple[Path, dict[str, object]]) -> None:
    repo, _ = tiny
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    out = subprocess.run([sys.executable, "-m", "vindaris", "check", "-C", str(repo), "--format", "json"],
                         capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    findings = json.loads(out.stdout)["findings"]
    assert [f for f in findings if f["severity"] == "error"] == []
    goals = list((repo / "goals").rglob("goal.yaml"))
    items = [p for p in (repo / "goals").rglob("*.yaml") if p.name != "goal.yaml"]
    assert (len(goals), len(items)) == (gen.SIZES["tiny"].goals, gen.SIZES["tiny"].items)


def test_intermediate_commits_are_valid(tiny: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    """Every fifth commit and both sides of each merge load without errors."""
    from vindaris.check import run_check

    repo, _ = tiny
    shas = git(repo, "rev-list", "--topo-order", "HEAD").split()
    merge = git(repo, "rev-list", "--merges", "HEAD").split()[0]
    picked = list(dict.fromkeys(shas[::5] + git(repo, "rev-parse", f"{merge}^1", f"{merge}^2").split()))
    for sha in picked:
        tree = tmp_path / sha
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(repo), "archive", sha], check=True, capture_output=True,
                                 env=gen.git_env()).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        errors = [f for f in run_check(tree).findings if f.severity.value == "error"]
        assert errors == [], sha


def test_generation_is_deterministic(tiny: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    _, summary = tiny
    again = gen.generate("tiny", tmp_path / "again")
    assert again["head"] == summary["head"]
