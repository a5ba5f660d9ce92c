"""Every `check` rule, triggered on a real file in a temporary strategy.

Each case swaps one or two files of the valid strategy in
tests/strategy_files.py for the literal bad text and asserts the whole
report: every finding's path, line, column, severity, rule id, message and
hint, in the order `vindaris check` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from strategy_files import CONFIG, GROW_GOAL, NO_GOALS, PEOPLE, make_unreadable, write_strategy
from strategy_files import SHIP as SHIP_ITEM
from vindaris.check import run_check
from vindaris.findings import Finding
from vindaris.rules import RULES

#: Needs a CODEOWNERS file and people with GitHub handles: its cases live in
#: tests/authoring/test_ownership.py beside the codeowners command.
NOT_YET_COVERED = {"codeowners-mismatch"}


def report(findings: list[Finding]) -> list[str]:
    """Findings as `check` prints them: one line each, the hint indented below."""
    out = []
    for f in findings:
        out.append(f"{f.path}:{f.line}:{f.col}: {f.severity.value}[{f.rule}] {f.message}")
        if f.hint:
            out.append(f"    hint: {f.hint}")
    return out


def check(root: Path) -> list[str]:
    return report(run_check(root).findings)


def test_the_valid_strategy_has_no_findings(tmp_path: Path) -> None:
    result = run_check(write_strategy(tmp_path))
    assert result.findings == []
    assert result.files == 9


@dataclass(frozen=True)
class Case:
    rule: str
    files: dict[str, str | bytes | None]
    expected: list[str]
    #: Tells apart several cases of one rule in the test id.
    variant: str = ""

    def param(self) -> object:
        return pytest.param(self.files, self.expected, id=self.rule + (f"-{self.variant}" if self.variant else ""))


OLD = "goals/grow/old-pricing.yaml"  # a done item nothing depends on: no side effects
SHIP = "goals/grow/ship.yaml"
TRIALS = "goals/grow/trials/goal.yaml"
GROW = "goals/grow/goal.yaml"

CASES = [
    # --- Reading files ---------------------------------------------------
    Case("yaml-syntax", {OLD: "title: [unclosed\nowner: dave\n"}, [
        "goals/grow/old-pricing.yaml:2:6: error[yaml-syntax] invalid YAML: did not find expected ',' or ']'",
    ]),
    Case("yaml-syntax", {OLD: "title: One\n---\ntitle: Two\n"}, [
        "goals/grow/old-pricing.yaml:2:1: error[yaml-syntax] invalid YAML: but found another document",
    ], "two-documents"),
    Case("yaml-not-mapping", {OLD: "- title: Retire\n- owner: dave\n"}, [
        "goals/grow/old-pricing.yaml:1:1: error[yaml-not-mapping] expected a mapping of keys to values, found a list",
    ]),
    Case("yaml-duplicate-key", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\nowner: bob\n"}, [
        "goals/grow/old-pricing.yaml:5:1: error[yaml-duplicate-key] duplicate key 'owner' (first defined on line 2)",
        "    hint: YAML keeps only one of them; remove or rename the other",
    ]),
    Case("yaml-unsafe-tag", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\n"
                                  "description: !!python/object/apply:os.getcwd []\n"}, [
        "goals/grow/old-pricing.yaml:5:14: error[yaml-unsafe-tag] tag 'tag:yaml.org,2002:python/object/apply:os.getcwd'"
        " is not allowed; only plain YAML data is read",
        "    hint: remove the tag: Vindaris never constructs objects from YAML",
    ]),
    Case("yaml-too-complex", {OLD: "title: Retire\ndescription: " + "[" * 70 + "]" * 70 + "\n"}, [
        "goals/grow/old-pricing.yaml:2:77: error[yaml-too-complex] document nests more than 64 levels deep",
    ]),
    Case("file-too-large", {
        "vindaris.yaml": CONFIG + "max_file_bytes: 1024\n",
        OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndescription: " + "x" * 1000 + "\n",
    }, [
        "goals/grow/old-pricing.yaml:1:1: error[file-too-large] file is 1,065 bytes; the limit is 1,024",
        "    hint: raise max_file_bytes in vindaris.yaml if this is intended",
    ]),
    Case("file-encoding", {OLD: b"title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndescription: caf\xe9\n"}, [
        "goals/grow/old-pricing.yaml:5:17: error[file-encoding] invalid UTF-8 (byte 0xe9); save the file as UTF-8",
    ], "latin-1"),
    Case("file-encoding", {OLD: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, [
        "goals/grow/old-pricing.yaml:1:1: error[file-encoding] file is binary (contains NUL bytes), not YAML text",
    ], "binary"),
    Case("missing-file", {"people.yaml": None, **NO_GOALS}, [
        "people.yaml:1:1: error[missing-file] people.yaml is missing: nobody can own anything",
    ]),
    Case("bad-filename", {OLD: None, "goals/grow/old-pricing.yml": "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yml:1:1: error[bad-filename] work item files end in .yaml",
        "    hint: rename it to old-pricing.yaml",
    ]),
    # --- One file's schema ----------------------------------------------
    Case("missing-field", {OLD: "owner: dave\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:1: error[missing-field] missing required field 'title'",
    ]),
    Case("missing-field", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - id: signups\n"
        "    baseline: 100\n"
        "    target: 400\n"
    )}, [
        # at the key result's mapping, which is where the field is missing
        "goals/grow/trials/goal.yaml:5:5: error[missing-field] missing required field 'key_results[0].title'",
    ], "nested"),
    Case("unknown-field", {OLD: "title: Retire\nownr: dave\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:1: error[unowned] work item 'grow/old-pricing' has no owner",
        "    hint: add `owner:` with one person id from people.yaml",
        "goals/grow/old-pricing.yaml:2:1: error[unknown-field] unknown field 'ownr'",
        "    hint: did you mean 'owner'?",
    ]),
    Case("unknown-field", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ncolour: red\n"}, [
        "goals/grow/old-pricing.yaml:5:1: error[unknown-field] unknown field 'colour'",
        "    hint: allowed fields: contributors, depends_on, description, due, impact, moves, owner, state, title",
    ], "no-close-match"),
    Case("wrong-type", {OLD: "title: no\nowner: dave\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:8: error[wrong-type] 'title' must be text, but YAML read no as the boolean false",
        "    hint: quote it: 'no'",
    ], "yaml-1.1-boolean"),
    Case("wrong-type", {OLD: "title: 012\nowner: dave\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:8: error[wrong-type] 'title' must be text, but YAML read 012 as the number 10",
        "    hint: quote it: '012'",
    ], "yaml-1.1-octal"),
    Case("wrong-type", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: lots\n"
    )}, [
        "goals/grow/trials/goal.yaml:8:13: error[wrong-type] 'key_results[0].target': input should be a valid number, got 'lots'",
    ], "number"),
    Case("wrong-type", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: .nan\n"
    )}, [
        "goals/grow/trials/goal.yaml:8:13: error[wrong-type] '.nan' is not a finite number",
    ], "nan"),
    Case("bad-value", {OLD: "title: Retire\nowner: alice\nmoves: [arr]\nstate: doing\n"}, [
        "goals/grow/old-pricing.yaml:4:8: error[bad-value] 'state' must be one of 'planned', 'active', 'blocked',"
        " 'done' or 'dropped', got 'doing'",
        "    hint: did you mean 'done'?",
    ]),
    Case("bad-slug", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - id: Sign Ups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: 400\n"
    )}, [
        "goals/grow/trials/goal.yaml:5:9: error[bad-slug] 'key_results[0].id' must be a slug (lowercase letters,"
        " digits and '-', starting with a letter or digit), got 'Sign Ups'",
    ], "key-result-id"),
    Case("bad-slug", {OLD: None, "goals/grow/Old_Pricing.yaml": "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/Old_Pricing.yaml:1:1: error[bad-slug] work item file name 'Old_Pricing' is not a slug"
        " (lowercase letters, digits and '-')",
    ], "file-name"),
    Case("bad-slug", {"goals/Ops/goal.yaml": (
        "title: Run the ops\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - {id: pager, title: Pager rota, kind: milestone, done: true}\n"
    )}, [
        "goals/Ops/goal.yaml:1:1: error[bad-slug] goal directory name 'Ops' is not a slug (lowercase letters, digits and '-')",
    ], "goal-directory"),
    Case("bad-date", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndue: 2026-13-45\n"}, [
        "goals/grow/old-pricing.yaml:5:6: error[bad-date] '2026-13-45' is not a valid date: month must be in 1..12",
    ], "impossible"),
    Case("bad-date", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndue: 20261130\n"}, [
        "goals/grow/old-pricing.yaml:5:6: error[bad-date] 'due' must be a date (YYYY-MM-DD), got 20261130",
    ], "number"),
    Case("bad-date", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndue: next week\n"}, [
        "goals/grow/old-pricing.yaml:5:6: error[bad-date] 'due' must be a date (YYYY-MM-DD), got 'next week'",
    ], "text"),
    Case("empty-list", {OLD: "title: Retire\nowner: dave\nmoves: []\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:3:8: error[empty-list] 'moves' must list at least one entry",
    ]),
    Case("multiple-owners", {OLD: "title: Retire\nowner: [alice, bob]\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:2:8: error[multiple-owners] 'owner' must be one person, not a list",
        "    hint: accountability needs a single name; put the others in contributors",
    ]),
    # --- Structure -------------------------------------------------------
    Case("orphaned-work", {"goals/stray.yaml": "title: Stray\nowner: bob\nmoves: [arr]\n"}, [
        "goals/stray.yaml:1:1: error[orphaned-work] work item sits directly in goals/: it belongs to no goal",
        "    hint: move it into the directory of the goal it serves",
    ]),
    Case("orphaned-work", {"goals/misc/stray.yaml": "title: Stray\nowner: bob\nmoves: [arr]\n"}, [
        "goals/misc/stray.yaml:1:1: error[orphaned-work] work item sits in goals/misc/, which has no goal.yaml:"
        " it belongs to no goal",
        "    hint: move it into the directory of the goal it serves",
    ], "directory-without-goal"),
    Case("orphaned-goal", {"goals/misc/ops/goal.yaml": (
        "title: Run the ops\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - {id: pager, title: Pager rota, kind: milestone, done: true}\n"
    )}, [
        "goals/misc/ops/goal.yaml:1:1: error[orphaned-goal] goal 'ops' sits in goals/misc/, which has no goal.yaml",
        "    hint: add goals/misc/goal.yaml or move the goal up",
    ]),
    Case("unowned", {OLD: "title: Retire\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:1: error[unowned] work item 'grow/old-pricing' has no owner",
        "    hint: add `owner:` with one person id from people.yaml",
    ]),
    Case("unowned", {OLD: "title: Retire\nowner:\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:2:7: error[unowned] work item 'grow/old-pricing' has no owner",
        "    hint: add `owner:` with one person id from people.yaml",
    ], "empty-value"),
    Case("unowned", {TRIALS: (
        "title: Self-serve trials\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: 400\n"
    )}, [
        "goals/grow/trials/goal.yaml:1:1: error[unowned] goal 'trials' has no owner",
        "    hint: add `owner:` with one person id from people.yaml",
        "goals/grow/trials/goal.yaml:4:5: error[unowned] key result 'signups' has no owner (and its goal has none to inherit)",
    ], "goal-and-key-result"),
    Case("unknown-person", {OLD: "title: Retire\nowner: bbo\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "    hint: did you mean 'bob'?",
    ], "owner-typo"),
    Case("unknown-person", {OLD: "title: Retire\nowner: growth\nmoves: [arr]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner of work item 'grow/old-pricing' must be a person,"
        " not a team; team 'growth' is led by 'alice'",
        "    hint: set owner: alice",
    ], "owner-is-team"),
    Case("unknown-person", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ncontributors: [bob, erin]\n"}, [
        "goals/grow/old-pricing.yaml:5:21: error[unknown-person] contributor 'erin' is not in people.yaml",
    ], "contributor"),
    Case("unknown-person", {"people.yaml": PEOPLE.replace("lead: carol", "lead: karol")}, [
        "people.yaml:8:42: error[unknown-person] team lead 'karol' is not in people.yaml",
        "    hint: did you mean 'carol'?",
    ], "team-lead"),
    Case("inactive-owner", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: active\n"}, [
        "goals/grow/old-pricing.yaml:2:8: error[inactive-owner] work item 'grow/old-pricing' is owned by 'dave',"
        " who is no longer active",
        "    hint: hand it to an active person",
    ]),
    Case("unknown-key-result", {OLD: "title: Retire\nowner: dave\nmoves: [arr, ar]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:3:14: error[unknown-key-result] goal 'grow' has no key result 'ar'",
        "    hint: did you mean 'arr'?",
    ], "moves"),
    Case("unknown-key-result", {OLD: "title: Retire\nowner: dave\nmoves: [nps]\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:3:9: error[unknown-key-result] goal 'grow' has no key result 'nps'",
        "    hint: known: arr, partners",
    ], "moves-no-close-match"),
    Case("unknown-key-result", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\nimpact:\n  arr: 10\n  nps: 5\n"}, [
        "goals/grow/old-pricing.yaml:7:3: error[unknown-key-result] impact names key result 'nps', which goal 'grow' does not have",
    ], "impact"),
    Case("unknown-key-result", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr, partner]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: 400\n"
    )}, [
        "goals/grow/trials/goal.yaml:4:17: error[unknown-key-result] parent goal 'grow' has no key result 'partner'",
        "    hint: did you mean 'partners'?",
    ], "supports"),
    Case("unknown-period", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q5\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: 400\n"
    )}, [
        "goals/grow/trials/goal.yaml:3:9: error[unknown-period] period '2026-q5' is not defined in vindaris.yaml",
        "    hint: did you mean '2026-q4'?",
    ]),
    Case("unknown-team", {"people.yaml": PEOPLE.replace("team: platform", "team: platfrom")}, [
        "people.yaml:4:41: error[unknown-team] team 'platfrom' of 'carol' is not defined under teams",
        "    hint: did you mean 'platform'?",
    ]),
    Case("unknown-dependency", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndepends_on: [grow/shipp]\n"}, [
        "goals/grow/old-pricing.yaml:5:14: error[unknown-dependency] depends_on 'grow/shipp' is not a work item",
        "    hint: did you mean 'grow/ship'?",
    ]),
    Case("unknown-dependency", {OLD: "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndepends_on: [checkout]\n"}, [
        "goals/grow/old-pricing.yaml:5:14: error[unknown-dependency] depends_on 'checkout' is not a work item",
        "    hint: refs are <goal-id>/<item-id>",
    ], "not-a-ref"),
    Case("dependency-cycle", {SHIP: (
        "title: Ship self-serve checkout\n"
        "owner: bob\n"
        "moves: [arr]\n"
        "state: active\n"
        "depends_on: [grow/resellers]\n"
    )}, [
        # reported once, at the cycle's first item in id order (resellers depends on ship)
        "goals/grow/resellers.yaml:5:14: error[dependency-cycle] dependency cycle: grow/resellers -> grow/ship -> grow/resellers",
    ]),
    Case("duplicate-id", {"vindaris.yaml": (
        "version: 1\n"
        "organization: Example Co\n"
        "periods:\n"
        "  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}\n"
        "  - {id: 2026-q4, start: 2027-01-01, end: 2027-03-31}\n"
    )}, [
        "vindaris.yaml:5:10: error[duplicate-id] period id '2026-q4' is defined twice",
    ], "period"),
    Case("duplicate-id", {"people.yaml": PEOPLE + "  - {id: bob, name: Bob's team}\n"}, [
        "people.yaml:9:10: error[duplicate-id] id 'bob' is already used by a person",
        "    hint: people and teams share one namespace",
    ], "team-named-like-a-person"),
    Case("duplicate-id", {GROW: (
        "title: Grow revenue\n"
        "owner: alice\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - {id: arr, title: Net new ARR, baseline: 0, target: 1000}\n"
        "  - {id: partners, title: Partner program live, kind: milestone, done: false}\n"
        "  - {id: arr, title: ARR again, baseline: 0, target: 10}\n"
    )}, [
        "goals/grow/goal.yaml:7:10: error[duplicate-id] key result id 'arr' appears twice in goal 'grow'",
    ], "key-result"),
    Case("duplicate-id", {
        "goals/ops/goal.yaml": "title: Ops\nowner: carol\nperiod: 2026-q4\nstate: achieved\n",
        "goals/ops/trials/goal.yaml": "title: Ops trials\nowner: carol\nperiod: 2026-q4\nstate: achieved\n",
    }, [
        "goals/ops/trials/goal.yaml:1:1: error[duplicate-id] goal id 'trials' is already used by goals/grow/trials/goal.yaml",
        "    hint: goal ids are unique across the repository; rename one directory",
    ], "goal"),
    Case("target-equals-baseline", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 400\n"
        "    target: 400.0\n"
    )}, [
        "goals/grow/trials/goal.yaml:9:13: error[target-equals-baseline] key result 'signups' has target equal to"
        " its baseline (400): progress is undefined",
    ]),
    Case("kind-mismatch", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
    )}, [
        "goals/grow/trials/goal.yaml:6:5: error[kind-mismatch] metric key result 'signups' needs a target",
        "    hint: or set `kind: milestone` with `done: false`",
    ], "metric-without-target"),
    Case("kind-mismatch", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: 400\n"
        "    done: true\n"
    )}, [
        "goals/grow/trials/goal.yaml:10:5: error[kind-mismatch] `done` is for milestones; metric 'signups' uses `current`",
    ], "done-on-metric"),
    Case("kind-mismatch", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    kind: milestone\n"
        "    target: 400\n"
        "    done: false\n"
    )}, [
        "goals/grow/trials/goal.yaml:9:5: error[kind-mismatch] `target` is for metrics; milestone 'signups' uses `done: true|false`",
    ], "target-on-milestone"),
    Case("bad-period", {"vindaris.yaml": (
        "version: 1\n"
        "organization: Example Co\n"
        "periods:\n"
        "  - {id: 2026-q3, start: 2026-07-01, end: 2026-06-30}\n"
        "  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}\n"
    )}, [
        "vindaris.yaml:4:43: error[bad-period] period '2026-q3' ends (2026-06-30) before it starts (2026-07-01)",
    ]),
    Case("bad-period", {"vindaris.yaml": (
        "version: 1\n"
        "organization: Example Co\n"
        "periods:\n"
        "  - {id: 2026-q3, start: 2026-07-01, end: 2026-07-01}\n"
        "  - {id: 2026-q4, start: 2026-10-01, end: 2026-12-31}\n"
    )}, [
        "vindaris.yaml:4:43: error[bad-period] period '2026-q3' starts and ends on 2026-07-01",
    ], "empty"),
    Case("no-key-results", {"goals/ops/goal.yaml": "title: Run the ops\nowner: carol\nperiod: 2026-q4\nkey_results: []\n"}, [
        "goals/ops/goal.yaml:4:1: error[no-key-results] active goal 'ops' has no key results",
        "    hint: add at least one measurable key result",
    ]),
    Case("no-key-results", {"goals/ops/goal.yaml": "title: Run the ops\nowner: carol\nperiod: 2026-q4\n"}, [
        "goals/ops/goal.yaml:1:1: error[no-key-results] active goal 'ops' has no key results",
        "    hint: add at least one measurable key result",
    ], "field-missing"),
    Case("supports-without-parent", {"goals/ops/goal.yaml": (
        "title: Run the ops\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - {id: pager, title: Pager rota, kind: milestone, done: true}\n"
    )}, [
        "goals/ops/goal.yaml:4:1: error[supports-without-parent] goal 'ops' is a top-level goal; `supports` names"
        " key results of a parent goal",
    ]),
    # --- Warnings --------------------------------------------------------
    Case("unmoved-key-result", {"goals/ops/goal.yaml": (
        "title: Run the ops\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - {id: pager, title: Pager rota, kind: milestone, done: false}\n"
    ), "goals/ops/rota.yaml": "title: Write the rota\nowner: carol\nmoves: [pager]\nstate: blocked\n"}, [
        "goals/ops/goal.yaml:5:10: warning[unmoved-key-result] no planned or active work moves key result 'ops/pager'",
        "    hint: add a work item under goals/ops/ with `moves: [pager]`",
    ]),
    Case("due-outside-period", {OLD: "title: Retire\nowner: alice\nmoves: [arr]\nstate: planned\ndue: 2027-01-15\n"}, [
        "goals/grow/old-pricing.yaml:5:6: warning[due-outside-period] due 2027-01-15 lies outside period 2026-q4"
        " (2026-10-01 to 2026-12-31) of goal 'grow'",
    ]),
    Case("period-outside-parent", {TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q3\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
        "    baseline: 100\n"
        "    target: 400\n"
    )}, [
        "goals/grow/trials/goal.yaml:3:9: warning[period-outside-parent] period '2026-q3' lies outside period"
        " '2026-q4' of parent goal 'grow'",
    ]),
    Case("unknown-rule", {"vindaris.yaml": CONFIG + "ignore: [orphaned-work, unmoved-key-results]\n"}, [
        "vindaris.yaml:6:25: warning[unknown-rule] ignore names unknown rule 'unmoved-key-results'",
        "    hint: did you mean 'unmoved-key-result'?",
    ]),
]

#: Rules whose cases need more than file text (a symbolic link, an I/O error).
TESTED_BELOW = {"symlink-outside-root", "file-unreadable"}


@pytest.mark.parametrize(("files", "expected"), [c.param() for c in CASES])
def test_rule(tmp_path: Path, files: dict[str, str | bytes | None], expected: list[str]) -> None:
    findings = run_check(write_strategy(tmp_path, files)).findings
    assert report(findings) == expected
    assert [f.severity for f in findings] == [RULES[f.rule].severity for f in findings]


def test_an_unknown_dependency_is_matched_among_its_own_goals_items(tmp_path: Path) -> None:
    # Compared as whole refs, any item of a long-named goal looked near any
    # mistyped id in it: "did you mean 'grow-the-mid-market/close-top-deals'?".
    goal = "grow-the-mid-market"
    files: dict[str, str | bytes | None] = {f"goals/{goal}/goal.yaml": GROW_GOAL,
                                            f"goals/{goal}/close-top-deals.yaml": SHIP_ITEM}
    depends = "title: Retire\nowner: dave\nmoves: [arr]\nstate: done\ndepends_on: [{}]\n"

    def hint(root: Path) -> str | None:
        found = [f for f in run_check(root).findings if f.rule == "unknown-dependency"]
        assert len(found) == 1
        return found[0].hint

    assert hint(write_strategy(tmp_path / "a", {**files, OLD: depends.format(f"{goal}/nope")})) is None
    assert hint(write_strategy(tmp_path / "b", {**files, OLD: depends.format(f"{goal}/close-top-deal")})) == (
        f"did you mean '{goal}/close-top-deals'?")


def test_every_rule_has_a_case() -> None:
    covered = {c.rule for c in CASES} | TESTED_BELOW
    assert covered == set(RULES) - NOT_YET_COVERED
    for case in CASES:  # each case really shows its own rule
        assert any(f"[{case.rule}]" in line for line in case.expected), case


def test_symlink_leaving_the_root_is_not_followed(tmp_path: Path) -> None:
    root = write_strategy(tmp_path / "repo")
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: not yours\n")
    (root / "goals/grow/evil.yaml").symlink_to(secret)
    (root / "goals/grow/etc").symlink_to(tmp_path, target_is_directory=True)
    (root / "goals/grow/gone.yaml").symlink_to(root / "nowhere.yaml")
    (root / "goals/grow/copy.yaml").symlink_to(root / "goals/grow/old-pricing.yaml")  # inside: fine
    message = "symbolic link points outside the strategy root (or nowhere); it is not followed"
    assert check(root) == [
        f"goals/grow/etc:1:1: error[symlink-outside-root] {message}",
        "    hint: replace the link with the file itself",
        f"goals/grow/evil.yaml:1:1: error[symlink-outside-root] {message}",
        "    hint: replace the link with the file itself",
        f"goals/grow/gone.yaml:1:1: error[symlink-outside-root] {message}",
        "    hint: replace the link with the file itself",
    ]


def test_symlink_loop_is_a_finding(tmp_path: Path) -> None:
    root = write_strategy(tmp_path)
    (root / "goals/grow/a.yaml").symlink_to(root / "goals/grow/b.yaml")
    (root / "goals/grow/b.yaml").symlink_to(root / "goals/grow/a.yaml")
    message = "symbolic link points outside the strategy root (or nowhere); it is not followed"
    assert check(root) == [
        f"goals/grow/a.yaml:1:1: error[symlink-outside-root] {message}",
        "    hint: replace the link with the file itself",
        f"goals/grow/b.yaml:1:1: error[symlink-outside-root] {message}",
        "    hint: replace the link with the file itself",
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_strategy(tmp_path)
    make_unreadable(root / "goals/grow/old-pricing.yaml")
    assert check(root) == [
        "goals/grow/old-pricing.yaml:1:1: error[file-unreadable] cannot read file: Permission denied",
    ]


# --- Messages, hints and configuration -----------------------------------


def test_ignore_silences_a_rule(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "goals/stray.yaml": "title: Stray\nowner: bob\nmoves: [arr]\n",
        OLD: "title: Retire\nowner: bbo\nmoves: [arr]\nstate: done\n",
    }
    assert [line for line in check(write_strategy(tmp_path, files)) if not line.startswith(" ")] == [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "goals/stray.yaml:1:1: error[orphaned-work] work item sits directly in goals/: it belongs to no goal",
    ]
    write_strategy(tmp_path, {**files, "vindaris.yaml": CONFIG + "ignore: [orphaned-work]\n"})
    assert check(tmp_path) == [
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
        "    hint: did you mean 'bob'?",
    ]


def test_findings_are_sorted_and_deterministic(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "goals/stray.yaml": "title: Stray\nowner: bob\nmoves: [arr]\n",
        OLD: "title: Retire\nowner: bbo\nmoves: [nps]\nstate: doing\ndue: 2026-13-45\n",
        "people.yaml": PEOPLE.replace("team: platform", "team: ops"),
        "vindaris.yaml": CONFIG + "ignore: [no-such-rule]\n",
    }
    first = run_check(write_strategy(tmp_path, files)).findings
    keys = [(f.path, f.line, f.col, f.rule) for f in first]
    assert keys == sorted(keys)
    assert keys == [
        ("goals/grow/old-pricing.yaml", 2, 8, "unknown-person"),
        ("goals/grow/old-pricing.yaml", 3, 9, "unknown-key-result"),
        ("goals/grow/old-pricing.yaml", 4, 8, "bad-value"),
        ("goals/grow/old-pricing.yaml", 5, 6, "bad-date"),
        ("goals/stray.yaml", 1, 1, "orphaned-work"),
        ("people.yaml", 4, 41, "unknown-team"),
        ("vindaris.yaml", 6, 10, "unknown-rule"),
    ]
    for _ in range(3):
        assert report(run_check(tmp_path).findings) == report(first)


def test_a_broken_parent_goal_does_not_make_its_children_top_level(tmp_path: Path) -> None:
    # grow/goal.yaml fails to load (its required title is a boolean); trials,
    # below it, still has a parent by place and its `supports` is not the problem.
    root = write_strategy(tmp_path, {GROW: (
        "title: yes\n"
        "owner: alice\n"
        "period: 2026-q4\n"
        "key_results:\n"
        "  - {id: arr, title: Net new ARR, baseline: 0, target: 1000}\n"
        "  - {id: partners, title: Partner program live, kind: milestone, done: false}\n"
    )})
    assert check(root) == [
        "goals/grow/goal.yaml:1:8: error[wrong-type] 'title' must be text, but YAML read yes as the boolean true",
        "    hint: quote it: 'yes'",
    ]


def test_work_under_a_goal_with_a_bad_required_field_is_still_checked(tmp_path: Path) -> None:
    root = write_strategy(tmp_path, {
        GROW: (
            "title: yes\n"
            "owner: alice\n"
            "period: 2026-q4\n"
            "key_results:\n"
            "  - {id: arr, title: Net new ARR, baseline: 0, target: 1000}\n"
            "  - {id: partners, title: Partner program live, kind: milestone, done: false}\n"
        ),
        OLD: "title: Retire\nowner: bbo\nmoves: [arr]\nstate: done\n",
    })
    assert [line for line in check(root) if not line.startswith(" ")] == [
        "goals/grow/goal.yaml:1:8: error[wrong-type] 'title' must be text, but YAML read yes as the boolean true",
        "goals/grow/old-pricing.yaml:2:8: error[unknown-person] owner 'bbo' of work item 'grow/old-pricing' is not in people.yaml",
    ]


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({OLD: "owner: dave\nstate: done\n"}, [
        "goals/grow/old-pricing.yaml:1:1: error[missing-field] missing required field 'moves'",
        "goals/grow/old-pricing.yaml:1:1: error[missing-field] missing required field 'title'",
    ], id="two-missing-fields"),
    pytest.param({TRIALS: (
        "title: Self-serve trials\n"
        "owner: carol\n"
        "period: 2026-q4\n"
        "supports: [arr]\n"
        "key_results:\n"
        "  - id: signups\n"
        "    title: Trial sign-ups per month\n"
    )}, [
        "goals/grow/trials/goal.yaml:6:5: error[kind-mismatch] metric key result 'signups' needs a baseline",
        "    hint: or set `kind: milestone` with `done: false`",
        "goals/grow/trials/goal.yaml:6:5: error[kind-mismatch] metric key result 'signups' needs a target",
        "    hint: or set `kind: milestone` with `done: false`",
    ], id="metric-without-baseline-and-target"),
])
def test_findings_at_one_position_are_all_kept(tmp_path: Path, files: dict[str, str | bytes | None], expected: list[str]) -> None:
    assert check(write_strategy(tmp_path, files)) == expected


def test_a_file_checked_again_reads_as_if_read_for_the_first_time(tmp_path: Path) -> None:
    # Files parsed for the last strategy are reused by the next load that asks
    # (an authoring command's second check): findings, positions and dropped
    # values must be exactly what a fresh read gives, in every order.
    from vindaris.model.checks import check_files
    from vindaris.model.files import read_tree

    root = write_strategy(tmp_path, {
        "goals/grow/ship.yaml": "title: Ship\nowner: bob\nmoves: [arr]\nstate: shipped\ndue: 2026-13-01\n",
    })
    files = read_tree(root)[0]
    first = report(check_files(files, again=True)[1])
    assert any("shipped" in line for line in first), first
    assert report(check_files(files, again=True)[1]) == first  # everything reused
    changed = dict(files, **{"goals/grow/ship.yaml": b"title: Ship\nowner: bob\nmoves: [arr]\nstate: active\n"})
    again = report(check_files(changed, again=True)[1])
    assert not any("shipped" in line for line in again)
    assert report(check_files(files, again=True)[1]) == first  # and back: nothing of the change stuck
    fresh = report(check_files(files)[1])  # and a load that keeps nothing reads the same
    assert fresh == first


def test_a_long_dependency_chain_is_walked_to_its_end(tmp_path: Path) -> None:
    # 1,500 items, each depending on the next, the last on the first: one
    # cycle, found at the end of a walk deeper than Python's recursion limit
    # (a recursive walk ended in an internal error here).
    n = 1500
    files: dict[str, str | bytes | None] = {
        f"goals/grow/step-{i:04d}.yaml": (
            f"title: Step {i}\nowner: bob\nmoves: [arr]\nstate: active\n"
            f"depends_on: [grow/step-{(i + 1) % n:04d}]\n"
        )
        for i in range(n)
    }
    assert check(write_strategy(tmp_path, files)) == [
        "goals/grow/step-0000.yaml:5:14: error[dependency-cycle] dependency cycle: "
        + " -> ".join(f"grow/step-{i:04d}" for i in [*range(n), 0]),
    ]


def test_a_check_leaves_no_reference_cycle_holding_the_strategy(tmp_path: Path) -> None:
    # The CLI runs with the cycle collector off (cli/main.py relax_gc): a
    # strategy held by a cycle would stay in memory until the process ends,
    # once per week of a `report --site`.
    import gc

    from vindaris.model.strategy import Goal, Strategy, WorkItem

    root = write_strategy(tmp_path, {SHIP: (
        "title: Ship self-serve checkout\nowner: bob\nmoves: [arr]\nstate: active\ndepends_on: [grow/resellers]\n"
    )})
    gc.collect()
    gc.disable()
    try:
        assert any("dependency-cycle" in line for line in check(root))
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        held = [type(o).__name__ for o in gc.garbage if isinstance(o, (Strategy, Goal, WorkItem))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert held == []
