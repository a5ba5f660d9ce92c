"""The file formats (version 1), declared once as strict pydantic models.

These models are the single source for validation (`check`), for the JSON
Schemas editors use (`vindaris schema`) and for the field reference in
docs/format.md. Cross-file rules (does this owner exist?) live in
:mod:`vindaris.model.checks`; here we only say what one file may contain.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


def _date_only(value: Any) -> Any:
    # pydantic's lax mode reads an int as a Unix timestamp; in a strategy file
    # `due: 20261130` is a typo, not a date in 1970, so only dates and ISO text pass.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, (dt.date, str)):
        return value
    raise ValueError(f"expected a date (YYYY-MM-DD), got {type(value).__name__}")


Date = Annotated[dt.date, BeforeValidator(_date_only)]
Number = Annotated[float, Field(strict=True)]

GoalState = Literal["active", "achieved", "missed", "dropped"]
WorkState = Literal["planned", "active", "blocked", "done", "dropped"]
KeyResultKind = Literal["metric", "milestone"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    id: Slug = Field(description="Period id used by goals, e.g. 2026-q4.")
    start: Date = Field(description="First day of the period.")
    end: Date = Field(description="Last day of the period.")


class HealthThresholds(_Strict):
    # 70%: a key result projected to land at least 70% of the way is usually
    # recoverable with attention within a quarter (the common OKR "0.7 is a
    # good score" convention); below that it needs a decision, not a nudge.
    at_risk_ratio: Number = Field(0.7, ge=0, le=1, description="Forecast share of the way to target below which a key result is off-track.")
    # 20%: the first weeks of a quarter rarely have a check-in yet; before a
    # fifth of the period has gone, no check-in means not started, not failing.
    not_started_ratio: Number = Field(0.2, ge=0, le=1, description="Share of the period during which a key result with no check-in is not-started.")


class Config(_Strict):
    """`vindaris.yaml`: organisation settings."""

    version: Literal[1] = Field(1, description="Format version; 1.")
    organization: str = Field(description="The organisation's name, shown in reports.")
    periods: list[Period] = Field(min_length=1, description="Planning periods (quarters, halves).")
    stall_after_days: int = Field(14, ge=1, strict=True, description="Days without a commit after which active work is stalled.")
    checkin_every_days: int = Field(7, ge=1, strict=True, description="Expected days between key-result check-ins.")
    max_active_items_per_owner: int = Field(5, ge=1, strict=True, description="Active work items above which an owner is overloaded.")
    max_file_bytes: int = Field(2 * 1024 * 1024, ge=1024, strict=True, description="Largest YAML file Vindaris reads.")
    health: HealthThresholds = Field(default_factory=HealthThresholds)
    ignore: list[str] = Field(default_factory=list, description="Check rule ids to silence.")


class Person(_Strict):
    """Someone who can own goals, key results and work items."""

    id: Slug = Field(description="Person id used as `owner`, e.g. priya-nair; unique among people and teams.")
    name: str = Field(description="Full name, shown in reports.")
    email: str | None = Field(None, description="Work email.")
    github: str | None = Field(None, description="GitHub handle, without @ (used by `vindaris codeowners`).")
    team: str | None = Field(None, description="Team id from `teams`.")
    active: bool = Field(True, strict=True, description="false once the person has left: they cannot own live work.")


class Team(_Strict):
    """A team; teams never own anything, people do."""

    id: Slug = Field(description="Team id; unique among people and teams.")
    name: str = Field(description="Team name, shown in reports.")
    lead: str | None = Field(None, description="Person id of the team's lead.")


class PeopleFile(_Strict):
    """`people.yaml`: everyone who can own a goal, key result or work item."""

    people: list[Person] = Field(default_factory=list, description="The people.")
    teams: list[Team] = Field(default_factory=list, description="The teams.")


class KeyResultSpec(_Strict):
    """How one part of a goal's success is measured: a metric or a milestone."""

    id: Slug = Field(description="Unique within the goal; work items name it in `moves`.")
    title: str = Field(description="What is measured, e.g. Monthly logo churn.")
    owner: str | None = Field(None, description="One person id; defaults to the goal owner.")
    kind: KeyResultKind = Field("metric", description="metric: a number moving to a target; milestone: done or not.")
    unit: str | None = Field(None, description="Metrics only: shown after numbers, e.g. %, ms, kEUR.")
    baseline: Number | None = Field(None, description="Metrics: the value at the start of the period.")
    target: Number | None = Field(None, description="Metrics: the value to reach by the end; must differ from baseline.")
    current: Number | None = Field(None, description="Defaults to the baseline.")
    done: bool | None = Field(None, strict=True, description="Milestones only.")


class GoalFile(_Strict):
    """`goals/<goal-id>/goal.yaml`: an objective with measurable key results."""

    title: str = Field(description="The goal in a few words.")
    owner: str | None = Field(None, description="Exactly one person id.")
    period: str = Field(description="Period id from vindaris.yaml.")
    description: str | None = Field(None, description="Why this goal, and what is in and out of scope.")
    state: GoalState = Field("active", description="active, or closed: achieved, missed, dropped.")
    supports: list[str] = Field(default_factory=list, description="Key-result ids of the parent goal this goal contributes to.")
    key_results: list[KeyResultSpec] = Field(default_factory=list, description="At least one for an active goal.")


class WorkFile(_Strict):
    """`goals/<goal-id>/<item-id>.yaml`: strategic work meant to move key results."""

    title: str = Field(description="What the work is, in a few words.")
    owner: str | None = Field(None, description="Exactly one person id.")
    moves: list[str] = Field(min_length=1, description="Key-result ids of this item's goal.")
    state: WorkState = Field("planned", description="planned, active, blocked (live work), done or dropped.")
    due: Date | None = Field(None, description="When it should be done (YYYY-MM-DD); within the goal's period.")
    contributors: list[str] = Field(default_factory=list, description="Other people working on it (person ids).")
    impact: dict[str, Number] = Field(default_factory=dict, description="Key-result id -> expected change.")
    depends_on: list[str] = Field(default_factory=list, description="Work refs `<goal-id>/<item-id>`.")
    description: str | None = Field(None, description="Scope, approach, links; why it is blocked or was dropped.")
