"""Load a strategy repository (from disk or from a git tree) into a Strategy.

Loading never raises for bad content: every problem becomes a finding, and
whatever could be read is still returned so that later rules can run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vindaris.findings import Finding, Severity
from vindaris.model.schema import SLUG_PATTERN, Config, GoalFile, PeopleFile, Person, Team, WorkFile
from vindaris.model.strategy import (
    CONFIG_FILE,
    GOAL_FILE,
    GOALS_DIR,
    PEOPLE_FILE,
    Goal,
    KeyResult,
    Strategy,
    WorkItem,
)
from vindaris.model.parallel import Job, Parsing, load_documents, strategy_jobs
from vindaris.model.validate import M, validate
from vindaris.model.yamlsource import DEFAULT_MAX_FILE_BYTES, Document, SourceMap, load_document

_SLUG = re.compile(SLUG_PATTERN)


def _register_people(strategy: Strategy, people: PeopleFile, src: SourceMap) -> list[Finding]:
    """Index people and teams by id; ids are one namespace, so a clash is a duplicate."""
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    entries: list[tuple[str, int, Person | Team]] = [("people", i, p) for i, p in enumerate(people.people)]
    entries += [("teams", i, t) for i, t in enumerate(people.teams)]
    for section, i, entry in entries:
        if entry.id in seen:
            line, col = src.value_at((section, i, "id"))
            findings.append(Finding(PEOPLE_FILE, line, col, "duplicate-id", Severity.ERROR,
                                    f"id '{entry.id}' is already used by a {seen[entry.id]}",
                                    "people and teams share one namespace"))
            continue
        seen[entry.id] = "person" if section == "people" else "team"
        strategy.positions[entry.id] = i
        if isinstance(entry, Person):
            strategy.people[entry.id] = entry
        else:
            strategy.teams[entry.id] = entry
    return findings


# The goal and work files of the strategy loaded last with `again=True`,
# parsed and validated, by (path, content, size limit, model). An authoring
# command checks the repository, then checks it again with its change
# applied: all files but one are the same, and a file's document, model and
# findings are a function of those four. Kept only when asked for: holding
# every parsed document costs a large strategy 20 MB more.
_LAST_LOADED: dict[tuple[str, bytes, int, type], tuple[Document, Any, list[Finding]]] = {}


def _parse_jobs(files: Mapping[str, bytes], max_bytes: int, again: bool) -> list[Job]:
    """The goal and work files to parse: all of them, but those kept from the last load."""
    if not again:
        return strategy_jobs(files, max_bytes)
    return [job for job in strategy_jobs(files, max_bytes)
            if (job[0], job[1], max_bytes, GoalFile if job[0].endswith("/" + GOAL_FILE) else WorkFile)
            not in _LAST_LOADED]


def _parse_ahead(files: Mapping[str, bytes], max_bytes: int, again: bool,
                 parsing: Parsing | None) -> dict[str, Document]:
    """Every goal and work file not kept from the last load, parsed at once:
    on two cores where there are many (model/parallel.py). `parsing`, begun
    earlier, is used where it parses the same files with the same limit."""
    jobs = _parse_jobs(files, max_bytes, again)
    if parsing is not None and parsing.jobs == jobs:
        documents = parsing.documents()
    else:
        if parsing is not None:
            parsing.close()
        documents = load_documents(jobs)
    return {job[0]: doc for job, doc in zip(jobs, documents)}


def _parsed(path: str, raw: bytes, max_bytes: int, model: type[M],
            loaded: dict[tuple[str, bytes, int, type], Any] | None,
            ahead: dict[str, Document]) -> tuple[Document, M | None, list[Finding]]:
    key = (path, raw, max_bytes, model)
    found = _LAST_LOADED.get(key) if loaded is not None else None
    if found is None:
        doc = ahead.pop(path, None) or load_document(path, raw, max_bytes)
        found = (doc, *validate(doc, model))
    if loaded is not None:
        loaded[key] = found
    return found


def load_strategy(files: Mapping[str, bytes], *, again: bool = False,
                  parsing: Parsing | None = None) -> tuple[Strategy, list[Finding]]:
    """Parse and link every file; return the strategy and the findings so far.

    `again`: keep the parsed files for the next load that asks (see _LAST_LOADED).
    `parsing`: the same files' parse, begun earlier (see model/parallel.py).
    """
    loaded: dict[tuple[str, bytes, int, type], Any] = {}
    try:
        return _load_strategy(files, loaded if again else None, parsing)
    finally:
        _LAST_LOADED.clear()
        _LAST_LOADED.update(loaded)


def _load_strategy(files: Mapping[str, bytes], loaded: dict[tuple[str, bytes, int, type], Any] | None,
                   parsing: Parsing | None) -> tuple[Strategy, list[Finding]]:
    findings: list[Finding] = []
    config = None
    max_bytes = DEFAULT_MAX_FILE_BYTES
    if CONFIG_FILE in files:
        doc = load_document(CONFIG_FILE, files[CONFIG_FILE])
        findings += doc.findings
        config, problems = validate(doc, Config)
        findings += problems
        if config is not None:
            max_bytes = config.max_file_bytes
    else:
        findings.append(Finding(CONFIG_FILE, 1, 1, "missing-file", Severity.ERROR, f"{CONFIG_FILE} is missing"))
    strategy = Strategy(config=config)
    if CONFIG_FILE in files:
        strategy.sources[CONFIG_FILE] = doc.source

    if PEOPLE_FILE in files:
        doc = load_document(PEOPLE_FILE, files[PEOPLE_FILE], max_bytes)
        findings += doc.findings
        strategy.sources[PEOPLE_FILE] = doc.source
        people, problems = validate(doc, PeopleFile)
        findings += problems
        if people is not None:
            findings += _register_people(strategy, people, doc.source)
    else:
        findings.append(Finding(PEOPLE_FILE, 1, 1, "missing-file", Severity.ERROR,
                                f"{PEOPLE_FILE} is missing: nobody can own anything"))

    ahead = _parse_ahead(files, max_bytes, loaded is not None, parsing)
    goal_paths = sorted(p for p in files if p.startswith(GOALS_DIR + "/") and p.endswith("/" + GOAL_FILE))
    goal_dirs = {p.rsplit("/", 1)[0] for p in goal_paths}
    dir_to_goal: dict[str, str] = {}
    for path in goal_paths:
        directory = path.rsplit("/", 1)[0]
        goal_id = directory.rsplit("/", 1)[1]
        parent_dir = directory.rsplit("/", 1)[0]
        parent_id = parent_dir.rsplit("/", 1)[1] if parent_dir != GOALS_DIR else None
        if parent_id is not None and parent_dir not in goal_dirs:
            findings.append(Finding(path, 1, 1, "orphaned-goal", Severity.ERROR,
                                    f"goal '{goal_id}' sits in {parent_dir}/, which has no {GOAL_FILE}",
                                    f"add {parent_dir}/{GOAL_FILE} or move the goal up"))
            parent_id = None
        if not _SLUG.match(goal_id):
            findings.append(Finding(path, 1, 1, "bad-slug", Severity.ERROR,
                                    f"goal directory name {goal_id!r} is not a slug (lowercase letters, digits and '-')"))
        doc, spec, problems = _parsed(path, files[path], max_bytes, GoalFile, loaded, ahead)
        findings += doc.findings
        strategy.sources[path] = doc.source
        findings += problems
        if spec is None:
            continue
        if goal_id in strategy.goals:
            other = strategy.goals[goal_id].path
            findings.append(Finding(path, 1, 1, "duplicate-id", Severity.ERROR,
                                    f"goal id '{goal_id}' is already used by {other}",
                                    "goal ids are unique across the repository; rename one directory"))
            continue
        dir_to_goal[directory] = goal_id
        krs = [
            KeyResult(
                id=kr.id, goal_id=goal_id, index=i, title=kr.title,
                owner=kr.owner if kr.owner is not None else spec.owner,
                owner_inherited=kr.owner is None, kind=kr.kind, unit=kr.unit,
                baseline=kr.baseline, target=kr.target,
                current=kr.current if kr.current is not None else kr.baseline,
                done=bool(kr.done), fields=frozenset(kr.model_fields_set),
            )
            for i, kr in enumerate(spec.key_results)
        ]
        strategy.goals[goal_id] = Goal(
            id=goal_id, path=path, parent=parent_id, title=spec.title, owner=spec.owner,
            period=spec.period, description=spec.description, state=spec.state,
            supports=list(spec.supports), key_results=krs, source=doc.source,
        )
    for goal in strategy.goals.values():
        if goal.parent in strategy.goals:
            strategy.goals[goal.parent].children.append(goal.id)

    for path in sorted(files):
        if not path.startswith(GOALS_DIR + "/") or path.endswith("/" + GOAL_FILE):
            continue
        directory, name = path.rsplit("/", 1)
        if not name.endswith(".yaml"):
            findings.append(Finding(path, 1, 1, "bad-filename", Severity.ERROR,
                                    "work item files end in .yaml", f"rename it to {name.rsplit('.', 1)[0]}.yaml"))
            continue
        if directory == GOALS_DIR or directory not in goal_dirs:
            where = "directly in goals/" if directory == GOALS_DIR else f"in {directory}/, which has no {GOAL_FILE}"
            findings.append(Finding(path, 1, 1, "orphaned-work", Severity.ERROR,
                                    f"work item sits {where}: it belongs to no goal",
                                    "move it into the directory of the goal it serves"))
            continue
        owning_goal = dir_to_goal.get(directory)
        item_id = name[: -len(".yaml")]
        if not _SLUG.match(item_id):
            findings.append(Finding(path, 1, 1, "bad-slug", Severity.ERROR,
                                    f"work item file name {item_id!r} is not a slug (lowercase letters, digits and '-')"))
        doc, work, problems = _parsed(path, files[path], max_bytes, WorkFile, loaded, ahead)
        findings += doc.findings
        strategy.sources[path] = doc.source
        findings += problems
        if work is None or owning_goal is None:
            continue
        item = WorkItem(
            id=item_id, goal_id=owning_goal, path=path, title=work.title, owner=work.owner,
            moves=list(work.moves), state=work.state, due=work.due,
            contributors=list(work.contributors), impact=dict(work.impact),
            depends_on=list(work.depends_on), description=work.description, source=doc.source,
        )
        strategy.work[item.ref] = item
        strategy.goals[owning_goal].work.append(item.ref)
    return strategy, findings
