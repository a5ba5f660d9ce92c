"""`vindaris`: the command group and the one error boundary.

Every command module is imported lazily, so `vindaris check` never pays for
git or jinja2 at start-up.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import io
import os
import signal
import sys
from typing import Any

import click

from vindaris import __version__, keepalive

# command name -> (module, attribute); the module is imported only when run.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("vindaris.cli.check", "check"),
    "checkin": ("vindaris.cli.checkin", "checkin"),
    "codeowners": ("vindaris.cli.codeowners", "codeowners"),
    "demo": ("vindaris.cli.demo", "demo"),
    "init": ("vindaris.cli.init", "init"),
    "move": ("vindaris.cli.move", "move"),
    "new": ("vindaris.cli.new", "new"),
    "owners": ("vindaris.cli.owners", "owners"),
    "schema": ("vindaris.cli.schema", "schema"),
    "report": ("vindaris.cli.report", "report"),
    "status": ("vindaris.cli.status", "status"),
    "work": ("vindaris.cli.work", "work"),
}


#: The exit code when the reader of the output went away (`vindaris status |
#: head`): 128 + SIGPIPE, what a shell reports for `git log | head`, so a
#: pipeline under `set -o pipefail` reads the same either way (click's own
#: 1 would mean "findings" to CI).
READER_GONE = 141
#: A full disk or quota: an error of the machine, said as such (exit 2).
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})


def _reader_gone() -> None:
    """Send what is left of the output nowhere: the interpreter flushes stdout
    at exit, and a second broken pipe there would print a warning."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (embedded, tests): nothing to flush there
        pass


class VindarisGroup(click.Group):
    """A group that loads commands lazily and turns errors into one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except BrokenPipeError:  # `vindaris --help | head -1`
            _reader_gone()
            ctx.exit(READER_GONE)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        from vindaris.errors import VindarisError
        from vindaris.render.escape import one_line

        try:
            return super().invoke(ctx)
        except VindarisError as exc:
            # Messages quote file names, ids, arguments and git's own words:
            # one line each, and no control character reaches the terminal.
            click.echo(f"vindaris: error: {one_line(exc.message)}", err=True)
            if exc.hint:
                click.echo(f"  hint: {one_line(exc.hint)}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("vindaris: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            _reader_gone()
            ctx.exit(READER_GONE)
        except Exception as exc:  # the one place an unexpected error is caught
            if _interrupted(exc):
                click.echo("vindaris: interrupted", err=True)
                ctx.exit(130)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            if isinstance(exc, OSError) and exc.errno in _NO_ROOM:
                # Writing the output (or the cache) to a full disk: the machine's problem, not a bug.
                click.echo(f"vindaris: error: could not write: {exc.strerror}", err=True)
                ctx.exit(2)
            if isinstance(exc, OSError) and exc.filename is not None:
                # A file or directory the system refused (a path through a
                # file, no permission): the command cannot run, as with
                # any VindarisError; the path and the system's reason say why.
                path = one_line(os.fsdecode(exc.filename))
                click.echo(f"vindaris: error: {path}: {exc.strerror or exc}", err=True)
                ctx.exit(2)
            # Exit 2, never 1: 1 means "findings" to CI.
            click.echo(one_line(f"vindaris: internal error: {type(exc).__name__}: {exc}".splitlines()[0]), err=True)
            click.echo("  hint: rerun with --debug for the traceback and report it", err=True)
            ctx.exit(2)


@click.group(cls=VindarisGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vindaris")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Vindaris: your company's strategy as YAML in git.

    Goals, their measurable key results and the work meant to move them live
    together in one repository. `check` guards it in CI, `status` computes
    health from its history, `report` writes the weekly page.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    relax_gc()
    _no_pydantic_plugins()
    keepalive.until_exit()  # this process ends with _hard_exit
    _whole_writes()
    _tolerant_streams()
    catch_interrupts()
    try:
        cli(prog_name="vindaris")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        _hard_exit(code)
    _hard_exit(0)


def _no_pydantic_plugins() -> None:
    """Keep pydantic from looking for plugins, unless the user says otherwise.

    Pydantic offers every model it builds to the plugins installed beside it
    (tracing tools, found through package metadata). Vindaris's models are
    its own file formats, not an application's data to trace, and finding
    the plugins read the metadata of every installed package: 0.09 s of a
    0.95 s `check` on bench large (farm-bench, 15 pairs). Only the process
    that runs the CLI is told; PYDANTIC_DISABLE_PLUGINS set by the user wins.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _hard_exit(code: int) -> None:
    """Exit without tearing down the interpreter's objects one by one.

    A large strategy leaves hundreds of thousands of records (commits,
    versions, parsed files) alive at the end; freeing them all at exit took
    0.5 s and more on bench large, after the output was complete. Nothing
    is left to run at exit: pools and processes are closed by their context
    managers, files by theirs; the output streams are flushed here.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone()
        code = READER_GONE if code == 0 else code
    except OSError as exc:  # the last of the output did not get out (a full disk): never exit 0
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"vindaris: error: could not write the output: {exc.strerror or exc}\n")
        code = code or 2
    except ValueError:  # stdout closed already: nothing was waiting in it
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr gone too: nowhere left to say anything
        pass
    os._exit(code)


def _whole_writes() -> None:
    """Standard output that writes all it is given, or raises.

    Under PYTHONUNBUFFERED=1 (`python -u`, set in many container images) the
    text stream sits on the raw file, whose write may take only part of what
    it is given (the reader of a pipe gone, a disk filling up) and say so
    only in its return value, which the text layer and click ignore: the
    rest of a 12 MB JSON document was dropped and the command ended 0. A
    buffered writer writes the rest or raises (BrokenPipeError: exit 141;
    ENOSPC: an error). Lines still go out as they are written.
    """
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase) or not isinstance(stream, io.TextIOWrapper):
        return
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
                                  line_buffering=True)


def _tolerant_streams() -> None:
    """On a stream that is not UTF-8 (a Windows redirect in cp1252,
    PYTHONIOENCODING=ascii), what it cannot show becomes "?" in the human
    views, not an error; machine formats (JSON, pages) are written as UTF-8
    bytes whatever the stream's encoding (see cli/output.py)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


_INTERRUPTED: list[bool] = []


def catch_interrupts() -> None:
    signal.signal(signal.SIGINT, _on_interrupt)
    sys.unraisablehook = _on_unraisable


def _on_interrupt(signum: int, frame: object) -> None:
    """Python's own Ctrl-C handler, remembered: code in C or Rust (pydantic
    building its validators) can turn the KeyboardInterrupt into an error of
    its own, which must still end as an interruption, not an internal error."""
    _INTERRUPTED.append(True)
    raise KeyboardInterrupt


def _on_unraisable(unraisable: Any) -> None:
    """A Ctrl-C that lands where Python can only print an error (a weakref
    callback inside the import system, a finaliser) was printed as a
    traceback and lost: the command went on as if nobody had pressed it.

    It is delivered again a millisecond later, out of that callback, where
    it ends the command as any Ctrl-C does (one line, exit 130). Not from
    here: Python runs a signal's handler at its next call, which would still
    be inside this hook. Should it land in such a callback again, it comes
    back here and is sent once more."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt) or not hasattr(signal, "setitimer"):
        sys.__unraisablehook__(unraisable)
        return
    signal.signal(signal.SIGALRM, _deliver_again)
    signal.setitimer(signal.ITIMER_REAL, 0.001)


def _deliver_again(signum: int, frame: object) -> None:
    # Through the OS, so that a Ctrl-C held back during a file's write
    # (vindaris.atomic) waits for the write, as the first one would have.
    signal.raise_signal(signal.SIGINT)


def _interrupted(exc: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return bool(_INTERRUPTED)


def relax_gc() -> None:
    """Switch Python's cycle collector off for the rest of this process.

    A command builds hundreds of thousands of small records (commits, file
    versions, check-ins) and frees them at exit, with next to no reference
    cycles among them. Every young collection walks every container made
    since the last one, so the collector's cost grows with what a command
    builds, while it finds next to nothing to free: at CPython's defaults
    that was 15% of a cold `status` on bench large, and still 0.3 s of it
    with a young collection every 200,000 allocations. Off, cold `status`
    ran 5% sooner with the same peak memory (farm-bench, 9 paired runs;
    the benchmark's peaks keep watching it). A process ends with the
    command (`os._exit`), so what a cycle holds is never held for long.
    """
    gc.freeze()
    gc.disable()


if __name__ == "__main__":
    main()
