"""The write side of the git door: init, add, mv and commit for authoring.

Authoring commands never run git themselves; they ask a :class:`Worktree`
for the few writes they need. Every commit names its paths (`git commit
--only -- PATH...`), so whatever else the author has staged stays staged and
out of the commit: `vindaris checkin --commit` records one check-in, never a
half-finished edit next to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vindaris.errors import GitError
from vindaris.history.gitdoor import INSTALL_HINT, gitpython

if TYPE_CHECKING:
    import git


def init_repository(path: Path) -> None:
    """`git init -b main` in `path`."""
    gitmod = gitpython()
    try:
        gitmod.Repo.init(path, initial_branch="main")
    except gitmod.GitCommandError as exc:
        raise GitError(f"git init failed in {path}: {exc.stderr.strip() or exc}") from exc


def work_tree_root(path: Path) -> Path | None:
    """The top of the git working tree holding `path`, or None outside one.

    Found by reading files, without starting git (as the read side does).
    """
    for candidate in (path.resolve(), *path.resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class Worktree:
    """Git writes in one working tree; paths are given relative to its top."""

    def __init__(self, top: Path, git_cmd: git.Git) -> None:
        self.top = top
        self._git = git_cmd

    @classmethod
    def find(cls, path: Path) -> Worktree | None:
        """The working tree holding `path`, or None when it is not in one."""
        gitmod = gitpython()
        try:
            repo = gitmod.Repo(path, search_parent_directories=True)
        except (gitmod.InvalidGitRepositoryError, gitmod.NoSuchPathError):
            return None
        try:
            top = repo.working_tree_dir
        finally:
            repo.close()
        if top is None:
            return None
        git_cmd = gitmod.Git(top)
        # Paths are file names, never globs: a goal directory may be called "q[1]".
        git_cmd.update_environment(GIT_LITERAL_PATHSPECS="1", GIT_TERMINAL_PROMPT="0")
        return cls(Path(top).resolve(), git_cmd)

    def relative(self, path: Path) -> str:
        """`path` as git names it: relative to the top, with forward slashes."""
        return path.resolve().relative_to(self.top).as_posix()

    def is_tracked(self, path: Path) -> bool:
        """Whether git knows `path` (in the index)."""
        out = self._run("ls-files", "--error-unmatch", "--", self.relative(path), check=False)
        return out is not None

    def add(self, *paths: Path) -> None:
        """`git add -- PATH...`."""
        self._run("add", "--", *(self.relative(p) for p in paths))

    def move(self, old: Path, new: Path) -> None:
        """`git mv -- OLD NEW`: the file's history follows it (rename detection)."""
        self._run("mv", "--", self.relative(old), self.relative(new))

    def commit(self, paths: list[Path], subject: str, body: str | None = None) -> str:
        """Commit exactly `paths` (new files are added first); return the new commit's sha.

        `--only` is explicit: git commits the named paths as they are in the
        working tree and leaves anything else that is staged where it was.
        """
        untracked = [p for p in paths if p.exists() and not self.is_tracked(p)]
        if untracked:
            self.add(*untracked)
        message = subject if not body else f"{subject}\n\n{body.strip()}\n"
        self._run("commit", "--quiet", "--only", "-m", message, "--", *(self._name(p) for p in paths))
        sha = self._run("rev-parse", "HEAD")
        assert sha is not None
        return sha.strip()

    def _name(self, path: Path) -> str:
        # A path removed by `git mv` no longer exists: resolve its parent instead.
        if path.exists():
            return self.relative(path)
        return (self.relative(path.parent) + "/" + path.name).removeprefix("./")

    def _run(self, *args: str, check: bool = True) -> str | None:
        gitmod = gitpython()
        try:
            status, out, err = self._git.execute(
                [str(self._git.GIT_PYTHON_GIT_EXECUTABLE or "git"), *args],
                with_extended_output=True,
                with_exceptions=False,
            )
        except gitmod.GitCommandNotFound as exc:
            raise GitError("git is not installed", hint=INSTALL_HINT) from exc
        if status != 0:
            if not check:
                return None
            raise _failure(args[0], str(err) or str(out))
        return str(out)


def _failure(command: str, stderr: str) -> GitError:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    detail = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    detail = detail or (lines[0] if lines else "no message")
    hint = None
    if "user.email" in stderr or "Please tell me who you are" in stderr:
        hint = "set your identity: git config user.name 'Your Name' && git config user.email you@example.com"
    elif "index.lock" in stderr:
        hint = "another git process is running in this repository; retry when it has finished"
    elif command == "commit":
        hint = "the change is written but not committed; fix the problem and commit it with git"
    return GitError(f"git {command} failed: {detail}", hint=hint)
