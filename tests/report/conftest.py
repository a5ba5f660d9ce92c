"""Fixtures for the weekly-page tests: the story repository, golden files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from gitrepo import GitRepo, isolate_git
from report_story import build_story

GOLDEN = Path(__file__).parent / "golden"

#: "Now" for every report test: Wednesday of week 2026-W48, after the story's last commit.
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/report/golden/ from the current output instead of comparing.")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Only the CLI reads the clock; the tests give it a fixed one (a machine whose clock
    says 2025 must not find week 2026-W47 in the future)."""
    monkeypatch.setattr("vindaris.cli.report._now", lambda: NOW)
    return NOW


@pytest.fixture(scope="session")
def story_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The story repository, built once: ~25 backdated commits take about a second.

    GitRepo runs every git command of its own with the machine's git config
    switched off, so the shas are the same everywhere.
    """
    return build_story(GitRepo(tmp_path_factory.mktemp("story") / "repo").init())


@pytest.fixture
def story(story_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Iterator[GitRepo]:
    """The story repository, with the product's own git processes isolated as `git_repo` does.

    Read-only: a test that changes files copies it first (`shutil.copytree`).
    """
    isolate_git(monkeypatch)
    yield story_repo
    assert story_repo.git("status", "--porcelain") == "", "a test changed the shared story repository"


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """`golden(name, text)`: compare with tests/report/golden/<name>, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden", default=False)

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.exists(), f"no golden file {path.name}; run: python -m pytest tests/report --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (f"{name} differs from the golden file; if the change is intended, run "
                                  "python -m pytest tests/report --update-golden and review the diff")

    return check
