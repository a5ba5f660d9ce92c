"""Findings as text, JSON and GitHub Actions workflow commands."""

from __future__ import annotations

import json
from collections.abc import Sequence

from vindaris.findings import Finding, Severity
from vindaris.render.escape import github_message, github_property, one_line

#: Version of the `check --format json` document; bump on incompatible change.
JSON_VERSION = 1


def text_line(f: Finding) -> str:
    """`path:line:col: severity[rule-id] message` (yamllint parsable / ruff shape)."""
    return f"{one_line(f.path)}:{f.line}:{f.col}: {f.severity.value}[{f.rule}] {one_line(f.message)}"


def hint_line(f: Finding) -> str | None:
    return f"    hint: {one_line(f.hint)}" if f.hint else None


def summary(findings: Sequence[Finding], files: int) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if not findings:
        return f"All clear: {files} files checked, no findings."
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {files} files checked."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def as_json(findings: Sequence[Finding], files: int) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    doc = {
        "version": JSON_VERSION,
        "files": files,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def github(findings: Sequence[Finding], prefix: str = "") -> list[str]:
    """One workflow command per finding; `prefix` makes paths workspace-relative."""
    lines = []
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        message = f.message + (f"\n{f.hint}" if f.hint else "")
        props = (
            f"file={github_property(prefix + f.path)},line={f.line},col={f.col},"
            f"title={github_property(f'vindaris {f.rule}')}"
        )
        lines.append(f"::{level} {props}::{github_message(message)}")
    return lines


def step_summary(findings: Sequence[Finding], files: int) -> str:
    """A Markdown summary for $GITHUB_STEP_SUMMARY (annotations are capped at ~10)."""
    from vindaris.render.markdown import cell

    out = ["### vindaris check", "", summary(findings, files), ""]
    if findings:
        out += ["| file | line | severity | rule | message |", "|---|---:|---|---|---|"]
        out += [
            f"| {cell(f.path)} | {f.line}:{f.col} | {f.severity.value} | `{f.rule}` | {cell(f.message)} |"
            for f in findings
        ]
    return "\n".join(out) + "\n"
