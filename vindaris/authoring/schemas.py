"""JSON Schemas for editors, generated from the models `check` validates with.

`vindaris schema` writes them into the strategy repository, by default to
`.vindaris/schemas/`, and the files `init` and `new` create start with a
`# yaml-language-server: $schema=<relative path>` line pointing there. The
schemas travel with the repository (no network, no hosted URL to keep in
step with the installed version) and any editor running the YAML language
server (VS Code's YAML extension, Neovim, JetBrains) completes and validates
fields as people type.

The schemas check one file's shape; cross-file rules (does the owner exist?)
remain `check`'s job.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from vindaris.atomic import write_atomic
from vindaris.model.schema import Config, GoalFile, PeopleFile, WorkFile

#: Where `vindaris schema` writes by default, relative to the strategy root.
SCHEMA_DIR = ".vindaris/schemas"

#: kind -> (model, title). The kind names the file: `<kind>.schema.json`.
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "vindaris": (Config, "Vindaris organisation settings (vindaris.yaml)"),
    "people": (PeopleFile, "Vindaris people and teams (people.yaml)"),
    "goal": (GoalFile, "Vindaris goal (goals/<goal-id>/goal.yaml)"),
    "work": (WorkFile, "Vindaris work item (goals/<goal-id>/<item-id>.yaml)"),
}

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind."""
    model, title = SCHEMAS[kind]
    doc = model.model_json_schema()
    return {"$schema": _DIALECT, **doc, "title": title}


def render(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory`; return the paths written."""
    written = []
    for kind in SCHEMAS:
        path = directory / file_name(kind)
        write_atomic(path, render(kind).encode("utf-8"))
        written.append(path)
    return written


def kind_of(rel: str) -> str:
    """Which schema a strategy file follows, from its path."""
    if rel in ("vindaris.yaml", "people.yaml"):
        return rel.removesuffix(".yaml")
    return "goal" if rel.endswith("/goal.yaml") else "work"


def modeline(rel: str, schema_dir: str = SCHEMA_DIR) -> str:
    """The `yaml-language-server` comment for the file at `rel` (relative to the strategy root).

    The language server resolves a relative `$schema` against the file's own
    directory, so the path climbs out of the goal's directory first.
    """
    target = f"{schema_dir}/{file_name(kind_of(rel))}"
    relative = os.path.relpath(target, os.path.dirname(rel) or ".").replace(os.sep, "/")
    return f"yaml-language-server: $schema={relative}"


def modeline_for(root: Path, rel: str) -> str | None:
    """The modeline for a new file, when the repository has the schemas it would point at."""
    if (root / SCHEMA_DIR / file_name(kind_of(rel))).is_file():
        return modeline(rel)
    return None
