"""The `check` job as a plain function: root in, findings out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vindaris.findings import Finding, sort_findings
from vindaris.model.checks import apply_ignores, check_files
from vindaris.model.codeowners import check_codeowners
from vindaris.model.files import read_tree
from vindaris.model.strategy import Strategy


@dataclass(frozen=True)
class CheckResult:
    strategy: Strategy
    findings: list[Finding]
    files: int


def run_check(root: Path) -> CheckResult:
    files, findings = read_tree(root)
    strategy, more = check_files(files)
    more += apply_ignores(strategy, check_codeowners(root, strategy))
    return CheckResult(strategy, sort_findings(findings + more), len(files))
