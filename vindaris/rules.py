"""The catalogue of `check` rules: stable ids, default severity and meaning.

docs/rules.md is generated from this table (`python -m vindaris.rules`), and
a test fails when the two drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from vindaris.findings import Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        # Reading files
        Rule("yaml-syntax", E, "The file is not valid YAML (or holds more than one document)."),
        Rule("yaml-not-mapping", E, "The document is a list or a scalar where a mapping of fields is expected."),
        Rule("yaml-duplicate-key", E, "A key appears twice in one mapping; YAML would silently keep only the last."),
        Rule("yaml-unsafe-tag", E, "A tag such as `!!python/object` asks to construct an object; it is never executed."),
        Rule("yaml-too-complex", E, "The document nests too deeply or expands through aliases past the limit."),
        Rule("file-too-large", E, "The file is larger than `max_file_bytes`."),
        Rule("file-encoding", E, "The file is binary or not valid UTF-8."),
        Rule("file-unreadable", E, "The file could not be read from disk."),
        Rule("missing-file", E, "`vindaris.yaml` or `people.yaml` is missing."),
        Rule("symlink-outside-root", E, "A symbolic link under `goals/` leaves the strategy root; it is not followed."),
        Rule("bad-filename", E, "A YAML file under `goals/` does not end in `.yaml`."),
        # One file's schema
        Rule("missing-field", E, "A required field is missing."),
        Rule("unknown-field", E, "A field the format does not know (with a did-you-mean hint)."),
        Rule("wrong-type", E, "A value of the wrong type, including YAML 1.1 surprises (`no` read as false)."),
        Rule("bad-value", E, "A value outside its allowed set (a `state` of `doing`)."),
        Rule("bad-slug", E, "An id, directory or file name that is not a slug (`[a-z0-9][a-z0-9-]*`)."),
        Rule("bad-date", E, "A date that is not a valid `YYYY-MM-DD`."),
        Rule("empty-list", E, "A list that needs at least one entry is empty (a work item's `moves`)."),
        Rule("multiple-owners", E, "An owner given as a list: accountability needs exactly one person."),
        # Structure
        Rule("orphaned-work", E, "A work item outside any goal: directly in `goals/` or in a directory without `goal.yaml`."),
        Rule("orphaned-goal", E, "A goal nested in a directory that is not itself a goal."),
        Rule("unowned", E, "A goal, key result or work item without an owner."),
        Rule("unknown-person", E, "An owner, contributor or team lead that is not a person in `people.yaml`."),
        Rule("inactive-owner", E, "Live work or an active goal owned by someone marked `active: false`."),
        Rule("unknown-key-result", E, "`moves`, `impact` or `supports` names a key result that does not exist."),
        Rule("unknown-period", E, "A goal's `period` is not defined in `vindaris.yaml`."),
        Rule("unknown-team", E, "A person's `team` is not defined in `people.yaml`."),
        Rule("unknown-dependency", E, "`depends_on` names a work item that does not exist."),
        Rule("dependency-cycle", E, "Work items depend on each other in a cycle."),
        Rule("duplicate-id", E, "An id used twice: goals, people and teams, key results in a goal, periods."),
        Rule("target-equals-baseline", E, "A metric whose target equals its baseline: progress is undefined."),
        Rule("kind-mismatch", E, "A metric without baseline/target, or milestone fields on a metric (or the reverse)."),
        Rule("bad-period", E, "A period whose start is not before its end."),
        Rule("no-key-results", E, "An active goal without key results: nothing says what success is."),
        Rule("supports-without-parent", E, "`supports` on a top-level goal, which has no parent to support."),
        # Warnings
        Rule("unmoved-key-result", W, "An active goal's key result that no planned or active work moves."),
        Rule("due-outside-period", W, "A work item due outside its goal's period."),
        Rule("period-outside-parent", W, "A child goal whose period lies outside its parent's."),
        Rule("unknown-rule", W, "`ignore` in `vindaris.yaml` names a rule that does not exist."),
        Rule("codeowners-mismatch", W, "The CODEOWNERS file disagrees with who owns the goals."),
    ]
}


def markdown() -> str:
    """The rule reference as Markdown (docs/rules.md)."""
    lines = [
        "# `vindaris check` rules",
        "",
        "Generated from `vindaris/rules.py` by `python -m vindaris.rules > docs/rules.md`.",
        "Silence a rule for a whole repository with `ignore: [rule-id]` in `vindaris.yaml`.",
        "",
        "| rule | severity | what it means |",
        "|---|---|---|",
    ]
    lines += [f"| `{r.id}` | {r.severity.value} | {r.summary} |" for r in RULES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
