"""`vindaris new goal|work`: create a goal or a work item in its goal's context."""

from __future__ import annotations

from pathlib import Path

import click

from vindaris.authoring.change import Workspace
from vindaris.authoring.create import KeyResultDraft
from vindaris.cli import completion
from vindaris.cli.authoring import Asker, carry_out, commit_option, interactive_option, now, root_path, show_goal
from vindaris.cli.options import group_root_option, root_option


@click.group()
@group_root_option
def new() -> None:
    """Create a goal or a work item that passes `vindaris check`.

    A value left out is asked for on a terminal (or with -i); elsewhere it
    is an error (exit 2). Anything `check` would reject (unknown owner, key
    result or period, a taken id, a bad date) is refused with check's own
    message (exit 1) before anything is written.
    """


@new.command("goal")
@click.argument("goal_id", metavar="ID")
@click.option("--title", help="The goal in a few words.")
@click.option("--owner", metavar="PERSON", shell_complete=completion.person_ids,
              help="The one person accountable (an id from people.yaml).")
@click.option("--period", metavar="ID", shell_complete=completion.period_ids,
              help="Period id from vindaris.yaml (default: --parent's period, else the one that holds today, "
                   "else the last one).")
@click.option("--parent", metavar="GOAL", shell_complete=completion.goal_ids,
              help="Create it as a child of GOAL (in GOAL's directory).")
@click.option("--supports", metavar="KR,...", shell_complete=completion.key_results_of("parent"),
              help="Key results of the parent goal this goal contributes to.")
@click.option("--kr", "krs", multiple=True, metavar="ID:TITLE:BASELINE:TARGET[:UNIT]",
              help="A metric key result, e.g. 'arr:Net new ARR:0:1500:kEUR' (repeatable).")
@click.option("--milestone", "milestones", multiple=True, metavar="ID:TITLE",
              help="A milestone key result (done or not), e.g. 'soc2:SOC 2 report issued' (repeatable).")
@click.option("--description", help="Why this goal, and what is in and out of scope.")
@commit_option
@interactive_option
@root_option
def new_goal(goal_id: str, title: str | None, owner: str | None, period: str | None, parent: str | None,
             supports: str | None, krs: tuple[str, ...], milestones: tuple[str, ...], description: str | None,
             commit: bool, interactive: bool, root: Path | None) -> None:
    """Create goal ID: goals/ID/goal.yaml, or under --parent's directory.

    An active goal needs at least one key result: give them with --kr and
    --milestone, or answer the prompts.
    """
    from vindaris.authoring.context import goal_context
    from vindaris.authoring.create import GoalDraft, parse_metric, parse_milestone, plan_goal
    from vindaris.authoring.names import require_goal, split_list

    ws = Workspace.load(root_path(root))
    ask = Asker(interactive)
    parent_goal = require_goal(ws.strategy, parent, "--parent") if parent else None
    drafts: list[KeyResultDraft] = [parse_metric(s) for s in krs] + [parse_milestone(s) for s in milestones]
    title = title or ask.text("--title", "Title")
    owner = owner or ask.person(ws.strategy, "--owner", "Owner (person id)")
    if period is None:
        default = parent_goal.period if parent_goal else _current_period(ws)
        # Off a terminal the default is taken as it would be by pressing Enter.
        period = ask.text("--period", "Period", default=default) if ask.enabled or default is None else default
    chosen = split_list(supports)
    if parent_goal is not None and supports is None and ask.enabled:
        show_goal(goal_context(ws.root, ws.strategy, parent_goal.id, now()))
        chosen = ask.key_results(parent_goal, "--supports", "Which of its key results does this goal support?",
                                 optional=True)
    if not drafts:
        ask.need("--kr or --milestone (an active goal needs a key result)")
        drafts = _ask_key_results(ask)
    draft = GoalDraft(goal_id, title, owner, period, parent, chosen, drafts, description)
    carry_out(ws, plan_goal(ws, draft), commit)


def _ask_key_results(ask: Asker) -> list[KeyResultDraft]:
    from vindaris.authoring.values import parse_number

    drafts: list[KeyResultDraft] = []
    while True:
        click.echo(f"Key result {len(drafts) + 1}:")
        kr_id = ask.text("--kr", "  id (a slug, e.g. arr)")
        kr_title = ask.text("--kr", "  title")
        kind = click.prompt("  kind", type=click.Choice(["metric", "milestone"]), default="metric")
        if kind == "milestone":
            drafts.append(KeyResultDraft(kr_id, kr_title, "milestone"))
        else:
            unit = ask.optional("  unit (e.g. %, ms, kEUR; empty for none)") or None
            baseline = parse_number(ask.text("--kr", "  baseline (value at the start)"), "baseline")
            target = parse_number(ask.text("--kr", "  target"), "target")
            drafts.append(KeyResultDraft(kr_id, kr_title, "metric", unit, baseline, target))
        if not click.confirm("Add another key result?", default=False):
            return drafts


def _current_period(ws: Workspace) -> str | None:
    config = ws.strategy.config
    if config is None:
        return None
    today = now().date()
    for p in config.periods:
        if p.start <= today <= p.end:
            return str(p.id)
    return str(config.periods[-1].id) if config.periods else None


@new.command("work")
@click.argument("goal_id", metavar="GOAL", shell_complete=completion.goal_ids)
@click.argument("item_id", metavar="ID", required=False)
@click.option("--title", help="What the work is, in a few words.")
@click.option("--owner", metavar="PERSON", shell_complete=completion.person_ids,
              help="The one person accountable (an id from people.yaml).")
@click.option("--moves", metavar="KR,...", shell_complete=completion.key_results_of("goal_id"),
              help="Key results of GOAL this work is meant to move.")
@click.option("--due", metavar="YYYY-MM-DD", help="When it should be done.")
@click.option("--impact", "impacts", multiple=True, metavar="KR=NUMBER",
              help="Expected change of a key result once done, in its unit (repeatable).")
@click.option("--state", type=click.Choice(["planned", "active", "blocked"]), default="planned", show_default=True,
              help="The state to start in.")
@click.option("--contributors", metavar="PERSON,...", help="Other people working on it.")
@click.option("--depends-on", "depends_on", metavar="REF,...", help="Work refs (<goal-id>/<item-id>) to finish first.")
@click.option("--description", help="Scope, approach, links.")
@commit_option
@interactive_option
@root_option
def new_work(goal_id: str, item_id: str | None, title: str | None, owner: str | None, moves: str | None, due: str | None,
             impacts: tuple[str, ...], state: str, contributors: str | None, depends_on: str | None,
             description: str | None, commit: bool, interactive: bool, root: Path | None) -> None:
    """Create work item ID under GOAL: goals/.../GOAL/ID.yaml.

    The item can also be named as other commands name it, GOAL/ID
    (`vindaris new work grow/partners`). Before asking which key results
    the work moves, shows the goal, its owner, each key result's progress
    and health, and the work already moving it.
    """
    from vindaris.authoring.context import goal_context
    from vindaris.authoring.create import WorkDraft, plan_work
    from vindaris.authoring.names import require_goal, split_list
    from vindaris.errors import UsageError

    if item_id is None:
        goal_id, _, item_id = goal_id.rpartition("/")
        if not goal_id or not item_id:
            raise UsageError("missing the work item's ID", "give GOAL ID, or the ref GOAL/ID")
    ws = Workspace.load(root_path(root))
    ask = Asker(interactive)
    goal = require_goal(ws.strategy, goal_id)
    impact = dict(_impact(s) for s in impacts)
    title = title or ask.text("--title", "Title")
    owner = owner or ask.person(ws.strategy, "--owner", "Owner (person id)", default=goal.owner)
    chosen = split_list(moves)
    if moves is None:
        ask.need("--moves")
        show_goal(goal_context(ws.root, ws.strategy, goal.id, now()))
        chosen = ask.key_results(goal, "--moves", "Which key results does it move?")
    draft = WorkDraft(goal.id, item_id, title, owner, chosen, state, due, impact,
                      split_list(contributors), split_list(depends_on), description)
    carry_out(ws, plan_work(ws, draft), commit)


def _impact(spec: str) -> tuple[str, float]:
    from vindaris.authoring.values import parse_number
    from vindaris.errors import UsageError

    kr_id, sep, number = spec.partition("=")
    if not sep or not kr_id.strip():
        raise UsageError(f"--impact {spec!r}: expected KR=NUMBER", "e.g. --impact arr=300")
    return kr_id.strip(), parse_number(number, f"--impact {kr_id.strip()}=")
