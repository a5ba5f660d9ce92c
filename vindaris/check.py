"""The `check` job as a plain function: root in, findings out."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vindaris.findings import Finding, sort_findings
from vindaris.model.files import read_tree
from vindaris.model.parallel import Parsing, strategy_jobs

if TYPE_CHECKING:
    from vindaris.model.strategy import Strategy


@dataclass(frozen=True)
class CheckResult:
    strategy: Strategy
    findings: list[Finding]
    files: int


def run_check(root: Path) -> CheckResult:
    files, findings = read_tree(root)
    # The child that parses files from the end (model/parallel.py) is
    # forked first, and parses while this process imports the validation
    # (pydantic: a fifth of a second of check on its own); this process
    # then parses from the front until the two meet.
    with contextlib.closing(Parsing(strategy_jobs(files))) as parsing:
        from vindaris.model.checks import apply_ignores, check_files
        from vindaris.model.codeowners import check_codeowners

        strategy, more = check_files(files, parsing=parsing)
    more += apply_ignores(strategy, check_codeowners(root, strategy))
    return CheckResult(strategy, sort_findings(findings + more), len(files))
