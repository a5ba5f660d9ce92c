"""The only place that decides how output reaches the terminal."""

from __future__ import annotations

import os
import sys

from rich.console import Console


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
    return Console(
        file=stream,
        no_color=no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=not (layout and terminal),
        width=None if terminal or not layout else 100_000,
        force_terminal=None if not no_color else False,
    )
