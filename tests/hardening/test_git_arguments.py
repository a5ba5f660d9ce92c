"""User text never reaches git's command line as an option.

`--as-of` takes a revision, and a revision is the one value from a user that
goes to `git log`; one that starts with '-' would be read as an option
(`--output=FILE` writes a file). It is refused before any git process starts.
Paths are always given after `--` with GIT_LITERAL_PATHSPECS (see
tests/hardening/test_odd_repositories.py for names with quotes, brackets and
tabs) and blob requests to `git cat-file --batch` are full object ids only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from strategy_files import BASE_FILES

from vindaris.history import open_history


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    for path, text in BASE_FILES.items():
        git_repo.write(path, text)
    git_repo.commit("Start", date="2026-10-01T10:00:00+00:00")
    return git_repo


@pytest.mark.parametrize("command", ["status", "report"])
@pytest.mark.parametrize("value", ["--output={out}", "-o{out}", "--exec=touch {out}", "-p"])
def test_a_revision_that_looks_like_an_option_is_refused(repo: GitRepo, tmp_path: Path, command: str,
                                                         value: str) -> None:
    from vindaris.cli.main import cli

    out = tmp_path / "written-by-git"
    revision = value.format(out=out)
    result = CliRunner().invoke(cli, [command, "-C", str(repo.path), f"--as-of={revision}"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"vindaris: error: unknown revision '{revision}'",
        "  hint: a revision cannot start with '-'",
    ]
    assert not out.exists()


@pytest.mark.parametrize("revision", ["HEAD\n--output=x", "HEAD --output=x", "HEAD:vindaris.yaml", "@{-1}"])
def test_odd_revisions_are_unknown_not_options(repo: GitRepo, revision: str) -> None:
    from vindaris.errors import GitError

    with pytest.raises(GitError, match="^unknown revision"):
        open_history(repo.path, revision)
    assert not (repo.path / "x").exists()


def test_blob_requests_are_object_ids_only(repo: GitRepo) -> None:
    # A newline in a request would put `cat-file --batch` answers out of step with the questions.
    with open_history(repo.path) as history, pytest.raises(ValueError, match="not a full object id"):
        history.blobs([repo.blob("HEAD", "vindaris.yaml") + "\nHEAD"])
