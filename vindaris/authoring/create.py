"""`new goal` and `new work`: the text of a new file, in the layout docs/format.md shows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from vindaris.authoring.change import Change, Workspace
from vindaris.authoring.names import require_goal
from vindaris.authoring.schemas import modeline_for
from vindaris.authoring.yamltext import dump
from vindaris.errors import UsageError
from vindaris.findings import Finding, Severity
from vindaris.model.schema import SLUG_PATTERN
from vindaris.model.strategy import GOAL_FILE, GOALS_DIR

_SLUG = re.compile(SLUG_PATTERN)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class KeyResultDraft:
    id: str
    title: str
    kind: str = "metric"
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.kind == "milestone":
            data.update(kind="milestone", done=False)
            return data
        if self.unit:
            data["unit"] = self.unit
        # `current` is written from the start (equal to the baseline) so the
        # first check-in replaces a value instead of adding a line.
        data.update(baseline=self.baseline, target=self.target, current=self.baseline)
        return data


def parse_metric(spec: str) -> KeyResultDraft:
    """`id:title:baseline:target[:unit]`; the title may itself contain colons."""
    parts = spec.split(":")
    usage = UsageError(f"--kr {spec!r}: expected id:title:baseline:target[:unit]",
                       "e.g. --kr 'arr:Net new ARR:0:1500:kEUR' (or --milestone 'id:title')")
    if len(parts) < 4:
        raise usage
    unit = None
    if not _NUMBER.match(parts[-1].strip()):
        unit, parts = parts[-1].strip(), parts[:-1]
    if len(parts) < 4 or not all(_NUMBER.match(p.strip()) for p in parts[-2:]):
        raise usage
    title = ":".join(parts[1:-2]).strip()
    if not parts[0].strip() or not title:
        raise usage
    return KeyResultDraft(parts[0].strip(), title, "metric", unit or None,
                          float(parts[-2]), float(parts[-1]))


def parse_milestone(spec: str) -> KeyResultDraft:
    """`id:title` for a yes/no key result."""
    kr_id, sep, title = spec.partition(":")
    if not sep or not kr_id.strip() or not title.strip():
        raise UsageError(f"--milestone {spec!r}: expected id:title", "e.g. --milestone 'soc2:SOC 2 report issued'")
    return KeyResultDraft(kr_id.strip(), title.strip(), "milestone")


@dataclass(frozen=True)
class GoalDraft:
    id: str
    title: str
    owner: str
    period: str
    parent: str | None = None
    supports: list[str] = field(default_factory=list)
    key_results: list[KeyResultDraft] = field(default_factory=list)
    description: str | None = None


@dataclass(frozen=True)
class WorkDraft:
    goal: str
    id: str
    title: str
    owner: str
    moves: list[str]
    state: str = "planned"
    due: str | None = None
    impact: dict[str, float] = field(default_factory=dict)
    contributors: list[str] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    description: str | None = None


def goal_path(ws: Workspace, goal_id: str, parent: str | None) -> str:
    """Where a new goal's file goes: under its parent's directory, or under goals/."""
    if parent is None:
        return f"{GOALS_DIR}/{goal_id}/{GOAL_FILE}"
    return f"{require_goal(ws.strategy, parent, '--parent').directory}/{goal_id}/{GOAL_FILE}"


def plan_goal(ws: Workspace, draft: GoalDraft) -> Change:
    """The new goal file; `check` (run by the caller) judges owner, period, supports and key results."""
    if not _SLUG.match(draft.id):
        rel = f"{GOALS_DIR}/{draft.id}/{GOAL_FILE}"
        return Change({}, "", problems=(Finding(rel, 1, 1, "bad-slug", Severity.ERROR,
                      f"goal directory name {draft.id!r} is not a slug (lowercase letters, digits and '-')"),))
    rel = goal_path(ws, draft.id, draft.parent)
    if (ws.root / rel).exists():
        return Change({}, "", problems=(_taken(rel, f"goal '{draft.id}'"),))
    data: dict[str, Any] = {"title": draft.title, "owner": draft.owner, "period": draft.period}
    if draft.description:
        data["description"] = draft.description
    if draft.supports:
        data["supports"] = list(draft.supports)
    data["key_results"] = [kr.as_yaml() for kr in draft.key_results]
    text = dump(data, _header(ws, rel))
    return Change({rel: text}, f"new({draft.id}): {draft.title}")


def plan_work(ws: Workspace, draft: WorkDraft) -> Change:
    """The new work item file, in its goal's directory."""
    goal = require_goal(ws.strategy, draft.goal)
    rel = f"{goal.directory}/{draft.id}.yaml"
    if not _SLUG.match(draft.id) or draft.id == "goal":
        why = ("'goal' is reserved: goal.yaml is the goal's own file" if draft.id == "goal"
               else f"work item file name {draft.id!r} is not a slug (lowercase letters, digits and '-')")
        return Change({}, "", problems=(Finding(rel, 1, 1, "bad-slug", Severity.ERROR, why),))
    if (ws.root / rel).exists():
        return Change({}, "", problems=(_taken(rel, f"work item '{goal.id}/{draft.id}'"),))
    data: dict[str, Any] = {"title": draft.title, "owner": draft.owner, "state": draft.state,
                            "moves": list(draft.moves)}
    if draft.impact:
        data["impact"] = dict(draft.impact)
    if draft.due:
        data["due"] = parse_date(draft.due)
    for key in ("contributors", "depends_on"):
        if getattr(draft, key):
            data[key] = list(getattr(draft, key))
    if draft.description:
        data["description"] = draft.description
    text = dump(data, _header(ws, rel))
    return Change({rel: text}, f"new({goal.id}/{draft.id}): {draft.title}")


def parse_date(text: str) -> dt.date | str:
    """A date when the text is one; otherwise the text, for `check` to report as `bad-date`."""
    try:
        return dt.date.fromisoformat(text) if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else text
    except ValueError:
        return text


def _header(ws: Workspace, rel: str) -> list[str]:
    line = modeline_for(ws.root, rel)
    return [line] if line else []


def _taken(rel: str, what: str) -> Finding:
    return Finding(rel, 1, 1, "duplicate-id", Severity.ERROR, f"{what} already exists ({rel})",
                   "pick another id, or edit the existing file")
