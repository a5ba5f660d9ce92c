"""The only place that decides how output reaches the terminal."""

from __future__ import annotations

import io
import os
import sys

from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 itself, which CI reads as "findings": the CLI's
        # error boundary turns this into the exit code of a closed pipe.
        raise BrokenPipeError


def console(stderr: bool = False, *, layout: bool = False) -> Console:
    """A rich Console: colour on a terminal, plain when piped or NO_COLOR is set.

    Built per call so that click's CliRunner (which swaps sys.stdout) and
    NO_COLOR set by a test are both honoured. `layout=True` is for drawn
    views (the status tree): they wrap to a terminal's width, and when piped
    they are never cut at some assumed width (rich would crop at 80).
    """
    stream = sys.stderr if stderr else sys.stdout
    no_color = bool(os.environ.get("NO_COLOR"))
    terminal = stream.isatty()
    return _Console(
        file=stream,
        no_color=no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=not (layout and terminal),
        width=None if terminal or not layout else 100_000,
        force_terminal=None if not no_color else False,
    )


def recorder(like: Console) -> tuple[Console, io.StringIO]:
    """A Console that renders exactly as `like` would, into a string.

    For a view computed once and shown again later (the status memo): the
    same width, colour system and terminal-ness give the same characters.
    """
    buffer = io.StringIO()
    return Console(
        file=buffer,
        no_color=like.no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=like.soft_wrap,
        width=like.width,
        color_system=like.color_system,  # type: ignore[arg-type]
        force_terminal=like.is_terminal,
        legacy_windows=False,
    ), buffer


def rendering(con: Console) -> str:
    """What decides the characters `con` writes: a memo key must include it."""
    return f"{con.is_terminal}|{con.width}|{con.color_system}|{con.no_color}|{con.soft_wrap}|{con.encoding}"
