"""The `check` job as a plain function: root in, findings out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vindaris.findings import Finding, sort_findings
from vindaris.model.checks import check_files
from vindaris.model.loader import read_tree
from vindaris.model.strategy import Strategy


@dataclass(frozen=True)
class CheckResult:
    strategy: Strategy
    findings: list[Finding]
    files: int


def run_check(root: Path) -> CheckResult:
    files, findings = read_tree(root)
    strategy, more = check_files(files)
    return CheckResult(strategy, sort_findings(findings + more), len(files))
