"""Options shared by every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def root_option(func: F) -> F:
    """`-C/--root PATH`: where the strategy lives (default: search upward for vindaris.yaml)."""
    return click.option(
        "-C",
        "--root",
        "root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Strategy root (default: the nearest directory at or above the current one with vindaris.yaml).",
    )(func)


def group_root_option(func: F) -> F:
    """`-C/--root` on a command group (`vindaris work -C DIR start REF`), for its subcommands."""

    def remember(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
        ctx.ensure_object(dict)
        if value is not None:
            ctx.obj["root"] = value
        return value

    return click.option(
        "-C",
        "--root",
        "root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        expose_value=False,
        callback=remember,
        help="Strategy root for the subcommand (it may also be given after the subcommand).",
    )(func)


def resolve_root(root: Path | None) -> Path:
    from vindaris.model.files import find_root

    if root is None:
        ctx = click.get_current_context(silent=True)
        root = ctx.find_root().obj.get("root") if ctx is not None and isinstance(ctx.find_root().obj, dict) else None

    if root is not None:
        if not root.is_dir():
            raise click.BadParameter(f"{root} is not a directory", param_hint="-C/--root")
        return find_root(root)
    return find_root(Path.cwd())


def as_of_option(func: F) -> F:
    """`--as-of DATE|REV`: compute everything as the repository stood then."""
    return click.option(
        "--as-of",
        "as_of",
        metavar="DATE|REV",
        default=None,
        help="Compute as the repository stood at the end of DATE (YYYY-MM-DD) or at revision REV (default: now).",
    )(func)


#: The help epilog of the commands that read history.
HISTORY_ENVIRONMENT = (
    "\b\nEnvironment:\n"
    "  VINDARIS_NO_CACHE=1  neither read nor write the cache under .git/vindaris/\n"
    "  VINDARIS_WORKERS=N   processes that parse and summarise a large strategy (0: none)"
)
