"""Shell completion for goal ids, key results, work refs, people and periods.

click completes commands and options by itself; these functions add the
strategy's own names. Enable it once per shell (docs/authoring.md):

    eval "$(_VINDARIS_COMPLETE=bash_source vindaris)"     # ~/.bashrc
    eval "$(_VINDARIS_COMPLETE=zsh_source vindaris)"      # ~/.zshrc
    _VINDARIS_COMPLETE=fish_source vindaris | source      # fish

Completion must never print an error into someone's prompt: a strategy that
cannot be read completes to nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import click
from click.shell_completion import CompletionItem, split_arg_string

from vindaris.model.strategy import Strategy

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _strategy(ctx: click.Context) -> Strategy | None:
    from vindaris.model.files import find_root, read_tree
    from vindaris.model.loader import load_strategy

    root = None
    for c in (ctx, *_parents(ctx)):
        root = root or c.params.get("root")
    try:
        files, _ = read_tree(find_root(Path(root) if root else Path.cwd()))
        strategy, _ = load_strategy(files)
    except Exception:  # noqa: BLE001 - completion must stay silent whatever is on disk
        return None
    return strategy


def _param(ctx: click.Context, completing: click.Parameter, name: str) -> object:
    """A parameter's value, even when click stopped parsing early.

    While completing an option's value (`--moves <TAB>`), click's resilient
    parse stops at the option and never assigns the arguments before it, so
    the command line is parsed again here without the option being completed.
    """
    if ctx.params.get(name) is not None:
        return ctx.params[name]
    words = split_arg_string(os.environ.get("COMP_WORDS", ""))
    if ctx.info_name not in words:
        return None
    rest = words[len(words) - 1 - words[::-1].index(ctx.info_name) + 1:]
    cuts = [i for i, w in enumerate(rest) if w in completing.opts or w.split("=", 1)[0] in completing.opts]
    rest = rest[: cuts[-1]] if cuts else rest[:-1]
    try:
        again = ctx.command.make_context(ctx.info_name, rest, parent=ctx.parent, resilient_parsing=True)
    except click.ClickException:
        return None
    return again.params.get(name)


def _parents(ctx: click.Context) -> Iterable[click.Context]:
    while ctx.parent is not None:
        ctx = ctx.parent
        yield ctx


def _items(names: Iterable[str], incomplete: str, helps: dict[str, str] | None = None) -> list[CompletionItem]:
    return [CompletionItem(n, help=(helps or {}).get(n)) for n in sorted(names) if n.startswith(incomplete)]


def goal_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    s = _strategy(ctx)
    return _items(s.goals, incomplete, {g.id: g.title for g in s.goals.values()}) if s else []


def work_refs(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    s = _strategy(ctx)
    return _items(s.work, incomplete, {w.ref: w.title for w in s.work.values()}) if s else []


def person_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    s = _strategy(ctx)
    return _items((p.id for p in s.people.values() if p.active), incomplete,
                  {p.id: p.name for p in s.people.values()}) if s else []


def period_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    s = _strategy(ctx)
    return _items((p.id for p in s.config.periods), incomplete) if s and s.config else []


def key_results_of(goal_param: str) -> Completer:
    """Key-result ids of the goal named by the parameter `goal_param`; completes comma lists too."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        s = _strategy(ctx)
        named = str(_param(ctx, param, goal_param) or "")
        # `new work GOAL/ID` names its goal in the ref's first part.
        goal = s.goals.get(named) or s.goals.get(named.rpartition("/")[0]) if s else None
        if goal is None:
            return []
        done, _, last = incomplete.rpartition(",")
        lead = done + "," if done else ""
        taken = set(done.split(","))
        return [CompletionItem(lead + kr.id, help=kr.title) for kr in goal.key_results
                if kr.id.startswith(last) and kr.id not in taken]

    return complete
