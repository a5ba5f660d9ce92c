"""The only place that decides how output reaches the terminal."""

from __future__ import annotations

import os
import sys

from rich.console import Console


def console(stderr: bool = False) -> Console:
    """A rich Console: colour on a terminal, plain when piped or NO_COLOR is set.

    Built per call so that click's CliRunner (which swaps sys.stdout) and
    NO_COLOR set by a test are both honoured.
    """
    stream = sys.stderr if stderr else sys.stdout
    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=stream,
        no_color=no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        force_terminal=None if not no_color else False,
    )
