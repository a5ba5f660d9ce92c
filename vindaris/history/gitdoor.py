"""The one door to git: every git process Vindaris starts is started here.

The door runs a handful of whole-history commands through GitPython, never
one per file or per commit (CONVENTIONS.md, "Git history": a `git log` or
`git show` per file is 10-100x slower), so a command's git processes can be
counted on one hand however large the repository is.

Commands run from the top of the working tree with full paths and literal
pathspecs, and the door strips the strategy root's prefix itself: one rule for
log, ls-tree and status alike (`git log --relative` would do it for log only).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from io import BufferedReader
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from vindaris.errors import GitError
from vindaris.history.catfile import BatchProcess, BlobReader
from vindaris.history.rawlog import LOG_FORMAT, LoggedCommit, LogParser, parse_log
from vindaris.history.records import Commit

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    import git

INSTALL_HINT = "install git and make sure it is on PATH (or set GIT_PYTHON_GIT_EXECUTABLE)"

# Options that make `git log` output independent of the user's configuration.
_LOG_STABLE = (
    "--no-color",
    "--no-show-signature",  # log.showSignature would mix gpg output into records
    "--encoding=UTF-8",  # i18n.logOutputEncoding would re-encode messages
    "-z",
    f"--format={LOG_FORMAT}",
)


class Unavailable(Exception):
    """There is no history to read (not a repository, no commits); the text says why."""


@dataclass(frozen=True)
class Heads:
    """What `rev-parse` says about the repository as a whole."""

    shallow: bool
    head: str | None


class GitDoor:
    """Git commands for one strategy root, run through GitPython."""

    def __init__(self, git_cmd: git.Git, prefix: str, git_dir: Path | None = None) -> None:
        self._git = git_cmd
        # Where Vindaris may keep its history cache (never committed).
        self.git_dir = git_dir
        # "" when the strategy root is the top of the working tree, else "sub/dir/".
        self.prefix = prefix
        self._pathspec = prefix.rstrip("/") or "."

    @property
    def top(self) -> Path:
        """The top of the working tree."""
        return Path(self._git.working_dir or ".")

    @classmethod
    def discover(cls, root: Path) -> GitDoor:
        """The door for the git working tree holding `root`; Unavailable if there is none.

        GitPython finds the repository by reading files, without starting git,
        and from the path given rather than from GIT_DIR. Git hooks can run us
        with GIT_DIR set, and git then takes the working directory for the top
        of the tree (pre-commit's `git.py::no_git_env` exists for this); every
        command below therefore runs from the top found here.
        """
        gitmod = gitpython()
        try:
            repo = gitmod.Repo(root, search_parent_directories=True)
        except (gitmod.InvalidGitRepositoryError, gitmod.NoSuchPathError):
            raise Unavailable(f"{root} is not inside a git repository") from None
        try:
            top = repo.working_tree_dir
            git_dir = Path(repo.common_dir)
        finally:
            repo.close()
        if top is None:
            raise Unavailable(f"{root} is inside a bare git repository, which has no files")
        try:
            relative = root.resolve().relative_to(Path(top).resolve()).as_posix()
        except ValueError:
            raise Unavailable(f"{root} is not inside the working tree {top}") from None
        prefix = "" if relative == "." else relative + "/"
        git_cmd = gitmod.Git(top)
        git_cmd.update_environment(
            # Paths are file names, never globs: a directory may be called "q[1]".
            GIT_LITERAL_PATHSPECS="1",
            # `git status` would otherwise refresh and rewrite the index, taking
            # index.lock from under a user committing at the same moment.
            GIT_OPTIONAL_LOCKS="0",
            # Never wait for credentials (a partial clone fetching a blob).
            GIT_TERMINAL_PROMPT="0",
        )
        return cls(git_cmd, prefix, git_dir)

    def heads(self) -> Heads:
        """Shallowness and HEAD's sha (None when the current branch has no commits)."""
        status, out, err = self._execute(
            ["rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD^{commit}"]
        )
        lines = out.decode("ascii", "replace").split()
        if status not in (0, 1) or not lines or lines[0] not in ("true", "false"):
            raise _failure("rev-parse", err)
        return Heads(shallow=lines[0] == "true", head=lines[1] if len(lines) > 1 else None)

    def configured_mailmaps(self) -> bytes | None:
        """What git config adds to the working tree's .mailmap, as bytes that change
        whenever it does: the contents of the file `mailmap.file` names, and the
        sha of the blob `mailmap.blob` names (b"" when neither is set; None when
        git cannot say). Costs one git process, two when a blob is named."""
        status, out, err = self._execute(["config", "-z", "--get-regexp", r"^mailmap\.(file|blob)$"])
        if status == 1:
            return b""  # neither is set
        if status != 0:
            return None
        parts: list[bytes] = []
        for entry in out.split(b"\0"):
            key, _, value = entry.partition(b"\n")
            if not key:
                continue
            text = value.decode("utf-8", "surrogateescape")
            if key == b"mailmap.file":
                path = Path(os.path.expanduser(text))
                try:
                    content = (path if path.is_absolute() else self.top / path).read_bytes()
                except FileNotFoundError:
                    content = b"(none)"
                except OSError:
                    return None
                parts.append(b"file\0" + value + b"\0" + content)
            else:
                found, sha, _ = self._execute(["rev-parse", "--verify", "-q", "--end-of-options", text])
                parts.append(b"blob\0" + value + b"\0" + (sha.strip() if found == 0 else b"(none)"))
        return b"\0".join(parts)

    def commit(self, revision: str) -> Commit | None:
        """The commit `revision` names, or None when git does not know it."""
        status, out, _ = self._execute(
            ["log", "-1", "--no-walk", *_LOG_STABLE, f"{revision}^{{commit}}", "--"]
        )
        found = parse_log(out) if status == 0 else []
        return found[0].commit if found else None

    def first_parent_chain(self, head: str) -> list[Commit]:
        """HEAD's first-parent chain, newest first, without diffs (a fast walk)."""
        out = self._run(["log", "--first-parent", *_LOG_STABLE, head, "--"])
        return [logged.commit for logged in parse_log(out)]

    def start_changes(self, tip: str, since: str | None = None) -> RunningLog:
        """Start the git log that `changes(tip, since=since)` reads, without reading it yet.

        Its revision walk (`--topo-order` walks the whole graph before the
        first record: a fifth of a second on a large history) then runs while
        the caller does other work. Hand it to `changes` as `running`, or
        `close` it.
        """
        args = [
            "log",
            "--raw",
            "--no-abbrev",
            "-M",
            "-m",
            "--full-history",
            "--topo-order",
            "--root",
            *_LOG_STABLE,
            tip,
            *(["--not", since] if since else []),
            "--",
            # At the top of the work tree every path is the strategy's, and
            # a pathspec would only make git test each one (2x the time).
            *([self._pathspec] if self.prefix else []),
        ]
        process = self._spawn(args, config=("log.diffMerges=separate",))
        _widen_pipe(process)
        return RunningLog(process, args[0], tip, since)

    def changes(self, tip: str, on_batch: Callable[[list[LoggedCommit]], None] | None = None,
                since: str | None = None, running: RunningLog | None = None) -> list[LoggedCommit]:
        """Every commit reachable from `tip` that touches the strategy root, with its changes.

        Newest first in graph order (`--topo-order`: dates can lie; the
        replay reorders them into landing order, see history/order.py). `-M`
        follows moves; `--full-history` keeps commits whose change a merge
        later dropped; `-m` diffs a merge against each parent so the merge's
        resulting content is known (log.diffMerges pinned to the classic
        meaning, which git 2.31 made configurable).

        `since`: only the commits that `since` cannot reach (`tip --not
        since`), for a history read on top of a cached one.

        `running`: this log, started earlier by `start_changes` (for the
        same `tip` and `since`, else it is closed and a new one started).

        The output is parsed while git writes it; `on_batch`, when given, sees
        each run of newly complete commits as soon as they are parsed (from
        this thread), so a caller can start on them before the log ends.
        """
        if running is not None and not running.serves(tip, since):
            running.close()
            running = None
        running = running or self.start_changes(tip, since)
        parser = LogParser(self.prefix)
        logged: list[LoggedCommit] = []

        def take(batch: list[LoggedCommit]) -> None:
            if batch:
                logged.extend(batch)
                if on_batch is not None:
                    on_batch(batch)

        running.read(lambda chunk: take(parser.feed(chunk)))
        take(parser.close())
        return logged

    def first_parent_shas(self, tip: str) -> list[str]:
        """`tip` and its first-parent ancestors, newest first (shas only: a fast walk)."""
        return self._run(["rev-list", "--first-parent", tip, "--"]).decode("ascii").split()

    def files(self, tip: str) -> dict[str, str]:
        """Every regular file under the strategy root at `tip`: path -> blob sha."""
        out = self._run(["ls-tree", "-r", "-z", "--full-tree", tip, "--", self._pathspec])
        files: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            mode, kind, sha = meta.split(b" ")
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind == b"blob" and mode.startswith(b"100") and path.startswith(self.prefix):
                files[path[len(self.prefix) :]] = sha.decode("ascii")
        return files

    def uncommitted(self) -> frozenset[str]:
        """Paths under the root whose working-tree state differs from HEAD, untracked included."""
        out = self._run(
            ["status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", "--", self._pathspec]
        )
        paths = set()
        for entry in out.split(b"\0"):
            # "XY path": two status letters, a space, the path from the top.
            path = entry[3:].decode("utf-8", "surrogateescape")
            if path and path.startswith(self.prefix):
                paths.add(path[len(self.prefix) :])
        return frozenset(paths)

    def blob_reader(self) -> BlobReader:
        """A reader whose single `cat-file --batch` process starts on first use."""
        return BlobReader(self._start_batch)

    def _start_batch(self) -> BatchProcess:
        command = [self._executable(), "cat-file", "--batch"]
        try:
            process = self._git.execute(command, as_process=True, istream=subprocess.PIPE)
        except gitpython().GitCommandNotFound as exc:
            raise GitError("git is not installed", hint=INSTALL_HINT) from exc
        return cast(BatchProcess, process)

    def _run(self, args: list[str], config: tuple[str, ...] = ()) -> bytes:
        status, out, err = self._execute(args, config)
        if status != 0:
            raise _failure(args[0], err, status)
        return out

    def _spawn(self, args: list[str], config: tuple[str, ...]) -> Any:
        """Start git with piped output (GitPython's AutoInterrupt: killed if dropped unread)."""
        options = [item for setting in config for item in ("-c", setting)]
        try:
            return self._git.execute([self._executable(), *options, *args], as_process=True)
        except gitpython().GitCommandNotFound as exc:
            raise GitError("git is not installed", hint=INSTALL_HINT) from exc

    def _execute(self, args: list[str], config: tuple[str, ...] = ()) -> tuple[int, bytes, str]:
        options = [item for setting in config for item in ("-c", setting)]
        try:
            status, out, err = self._git.execute(
                [self._executable(), *options, *args],
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
            )
        except gitpython().GitCommandNotFound as exc:
            raise GitError("git is not installed", hint=INSTALL_HINT) from exc
        return status, out, err

    def _executable(self) -> str:
        return str(self._git.GIT_PYTHON_GIT_EXECUTABLE or "git")


class RunningLog:
    """A git process started ahead of its reader: read it once, or close it."""

    def __init__(self, process: Any, command: str, tip: str, since: str | None) -> None:
        self._process = process
        self._command = command
        self.tip, self.since = tip, since
        self._done = False

    @property
    def pid(self) -> int:
        return int(self._process.proc.pid)

    def serves(self, tip: str, since: str | None) -> bool:
        return not self._done and (self.tip, self.since) == (tip, since)

    def read(self, on_output: Callable[[bytes], None]) -> None:
        """Hand git's standard output to `on_output` a piece at a time as it comes; GitError if git fails."""
        if self._done:
            raise RuntimeError("this git process was read or closed already")
        self._done = True
        popen = self._process.proc
        assert popen is not None and popen.stdout is not None and popen.stderr is not None
        stdout, stderr = cast(BufferedReader, popen.stdout), cast(BufferedReader, popen.stderr)
        errors: list[bytes] = []
        # Drained on the side: git blocked on a full stderr pipe would never
        # finish its stdout. (Started here, not with git: a process may fork
        # between the two, and must then have no thread of ours running.)
        drain = threading.Thread(target=lambda: errors.append(stderr.read()), name="vindaris-git-stderr",
                                 daemon=True)
        drain.start()
        try:
            while chunk := stdout.read1(1 << 20):
                on_output(chunk)
        except BaseException:
            popen.kill()
            raise
        finally:
            status = popen.wait()
            drain.join()
            stdout.close()
            stderr.close()
        if status != 0:
            raise _failure(self._command, b"".join(errors).decode("utf-8", "replace"), status)

    def close(self) -> None:
        """Stop git if it was never read (a no-op after `read`)."""
        if self._done:
            return
        self._done = True
        popen = self._process.proc
        if popen is not None:
            popen.kill()
            popen.wait()
            for stream in (popen.stdout, popen.stderr):
                if stream is not None:
                    stream.close()


def _widen_pipe(process: Any) -> None:
    """Let git write up to 1 MiB ahead of its reader (Linux; the default pipe
    holds 64 KiB): a log started early then keeps going until it is read."""
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    stdout = getattr(process.proc, "stdout", None)
    if setpipe is None or stdout is None:
        return
    # Above /proc/sys/fs/pipe-max-size for this user it fails: the default pipe still works.
    with contextlib.suppress(OSError):
        fcntl.fcntl(stdout.fileno(), setpipe, 1 << 20)


def _failure(command: str, stderr: str, status: int | None = None) -> GitError:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    detail = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    hint = None
    if detail is None and not lines and status is not None and status < 0:
        # Ended by a signal, with nothing said: killed from outside.
        try:
            detail = f"stopped by {signal.Signals(-status).name}"
        except ValueError:
            detail = f"stopped by signal {-status}"
        hint = "something ended it from outside (out of memory, a timeout, kill); run the command again"
    detail = detail or (lines[0] if lines else "no message")
    if "dubious ownership" in stderr:
        hint = "the repository belongs to another user; see `git config --global --add safe.directory`"
    elif "unknown option" in stderr or "unrecognized argument" in stderr:
        hint = "Vindaris needs git 2.18 or newer"
    return GitError(f"git {command} failed: {detail}", hint=hint)


def gitpython() -> ModuleType:
    """GitPython, imported on first use.

    Importing GitPython runs `git version` and raises ImportError when git is
    missing; importing it lazily turns that into a GitError with a hint
    instead of a traceback at start-up. GitPython itself missing (a broken
    install) is told apart: "git is not installed" would send the user to
    install something they have.
    """
    try:
        import git
    except ModuleNotFoundError as exc:
        if exc.name != "git":
            raise
        raise GitError("GitPython is not installed in this Python environment",
                       hint="reinstall Vindaris (pip install --force-reinstall vindaris), "
                            "which installs it") from exc
    except ImportError as exc:
        raise GitError("git is not installed", hint=INSTALL_HINT) from exc
    return git
