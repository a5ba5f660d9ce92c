"""Findings: what `check` (and the loader) report about a strategy repository.

A finding is data, never an exception: validation walks everything and returns
every finding it has, each with a stable rule id and a 1-based position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    rule: str
    severity: Severity = field(compare=False)
    # The message is part of identity: two findings of one rule at one
    # position (two missing fields) are two findings, not one.
    message: str = ""
    hint: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order by file, then position, then rule: stable output for the same input."""
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))
