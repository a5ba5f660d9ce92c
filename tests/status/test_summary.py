"""The line scanner for historical versions must agree with the YAML loader.

`summarize_goal`/`summarize_work` take a fast path for plain block-style
files; these tests compare every answer with the one the C safe loader gives.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vindaris.status import summary
from vindaris.status.summary import summarize_goal, summarize_work

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "strategy"


def by_yaml_goal(raw: bytes) -> summary.Summary:
    doc = summary._parse(raw)
    return None if doc is None else summary._goal_from(doc, doc.get("key_results"))


def by_yaml_work(raw: bytes) -> summary.Summary:
    doc = summary._parse(raw)
    return None if doc is None else (summary._text(doc, "state"), summary._text(doc, "owner"))


GOAL = """\
# a comment
title: Grow revenue   # trailing comment
owner: alice
state: active
description: >
  A folded description that mentions
  current: 999 and - id: fake
key_results:
  - id: arr
    title: |
      literal
      current: 5
    baseline: 0
    target: 1000
    current: 250
  - id: launch
    kind: milestone
    done: true
  -   id: nps
      baseline: 10.5
      target: 40
"""


@pytest.mark.parametrize("text", [
    GOAL,
    GOAL.replace("\n", "\r\n"),
    "title: x\nowner: alice\nkey_results:\n- id: a\n  baseline: 1\n  current: 2\n",
    "title: x\nowner: 'alice'\nkey_results:\n  - id: a\n    baseline: 1\n",
    "title: x\nowner: alice\nkey_results: [{id: a, baseline: 1, current: 3}]\n",
    "{title: x, owner: alice, key_results: [{id: a, baseline: 1}]}\n",
    "title: x\nowner: no\nkey_results:\n  - id: a\n    baseline: 012\n    current: 0x10\n",
    "title: x\nowner: 2026-01-01\nkey_results:\n  - id: a\n    baseline: 1_000\n    current: 1e3\n",
    "title: x\nowner: alice\nkey_results:\n  - id: a\n    baseline: 1\n    current: .5\n",
    "title: x\nowner: alice\nkey_results:\n  - id: a\n    baseline: 1\n    current: ~\n",
    "title: x\nowner: alice\nkey_results:\n  - id: a\n    tags:\n      - id: b\n    baseline: 1\n",
    "title: x\nowner: &o alice\nkey_results:\n  - id: a\n    baseline: *o\n",
    "title: x\nowner: alice\nkey_results:\n  - id: a\n    baseline: 1\n    current: 2\n  - id: a\n    current: 3\n",
    "title: x\nowner: alice\nowner: bob\nkey_results:\n  - id: a\n    baseline: 1\n",
    "title: x\nkey_results:\n  - id: a\n    kind: milestone\n    done: yes\n",
    "title: x\nkey_results:\n  - id: 5\n    baseline: 1\n",
    "- just\n- a list\n",
    "title: [unclosed\n",
    "",
    "key_results:\n  - id: a\n    current: !!float 3\n",
    "title: x\n\tkey_results: []\n",
    # A value below its key, or folded over more lines: only the loader reads it.
    "title: x\nowner:\n  alice\nstate: active\nkey_results:\n  - id: a\n    baseline: 1\n    current:\n      5\n",
    "title: x\nowner: alice\nkey_results:\n  - id: a\n    baseline: 1\n    current: 4\n      5\n",
    "title: x\nowner: alice\n  smith\nkey_results:\n  - id: a\n    baseline: 1\n",
    "title: x\nowner: alice\nkey_results:\n  - id: a\n    baseline: 1\n\n    current: 2\n",
])
def test_goal_summaries_agree(text: str) -> None:
    raw = text.encode()
    assert summarize_goal(raw) == by_yaml_goal(raw)


@pytest.mark.parametrize("text", [
    "title: Ship\nowner: bob\nmoves: [arr]\nstate: active\n",
    "title: Ship\nowner: bob  # the owner\nstate: done # finished\n",
    "title: Ship\nowner: 'bob'\nstate: \"done\"\n",
    "{title: Ship, owner: bob, state: blocked}\n",
    "title: Ship\nstate: off\nowner: null\n",
    "title: >\n  state: fake\nstate: planned\n",
    "title: Ship\n",
    "\ufefftitle: Ship\nstate: done\n",
    "state: done\nstate: active\n",
    "title: Ship\nowner:\n  alice\nstate: done\n",
    "title: Ship\nowner: bob\nstate:\n  done\n",
    "title: Ship\nowner: bob\n  smith\nstate: done\n",
    "title: Ship\nowner: bob\n\n  smith\nstate: done # a comment\n",
])
def test_work_summaries_agree(text: str) -> None:
    raw = text.encode()
    assert summarize_work(raw) == by_yaml_work(raw)


def test_every_file_of_the_example_takes_the_fast_path_and_agrees() -> None:
    goals = sorted(EXAMPLE.glob("goals/**/goal.yaml"))
    items = sorted(p for p in EXAMPLE.glob("goals/**/*.yaml") if p.name != "goal.yaml")
    assert goals and items
    for path in goals:
        raw = path.read_bytes()
        assert summary._fast_goal(raw) is not summary._UNKNOWN, path
        assert summarize_goal(raw) == by_yaml_goal(raw), path
    for path in items:
        raw = path.read_bytes()
        assert summary._fast_work(raw) is not summary._UNKNOWN, path
        assert summarize_work(raw) == by_yaml_work(raw), path


_scalar = st.one_of(
    st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.none(), st.text(max_size=8),
    st.sampled_from(["no", "yes", "012", "0x1f", "1_000", "2026-01-01", "~", "active", "done", "milestone"]),
)
_kr = st.dictionaries(st.sampled_from(["id", "title", "kind", "baseline", "target", "current", "done", "unit"]),
                      _scalar, max_size=7)
_goal = st.fixed_dictionaries(
    {"title": _scalar, "key_results": st.lists(_kr, max_size=4)},
    optional={"owner": _scalar, "state": _scalar, "description": st.text(max_size=30)},
)


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_goal, st.sampled_from([False, None]), st.integers(0, 2))
def test_generated_goal_files_agree(doc: dict[str, object], flow: bool | None, indent_extra: int) -> None:
    raw = yaml.safe_dump(doc, default_flow_style=flow, sort_keys=False, indent=2 + indent_extra,
                         allow_unicode=True).encode()
    assert summarize_goal(raw) == by_yaml_goal(raw)
    assert summarize_work(raw) == by_yaml_work(raw)


def test_summaries_made_in_worker_processes_equal_those_made_in_one(git_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The parallel path (used from thousands of versions) on a small real history."""
    from vindaris.history import open_history
    from vindaris.status.summaries import Summaries, workers

    if not workers():
        pytest.skip("one core or no fork here: summarising never goes parallel")
    goal = (EXAMPLE / "goals" / "keep-customers" / "goal.yaml").read_text()
    git_repo.write("goals/keep-customers/goal.yaml", goal)
    git_repo.write("goals/keep-customers/plan.yaml", "title: Plan\nowner: ann\nmoves: [nrr]\nstate: planned\n")
    git_repo.commit("start", date="2026-10-01T10:00:00+00:00")
    for i in range(30):
        git_repo.write("goals/keep-customers/goal.yaml", goal.replace("current: 106", f"current: {100 + i}"))
        git_repo.write("goals/keep-customers/plan.yaml",
                       f"title: Plan {i}\nowner: ann\nmoves: [nrr]\nstate: {'active' if i % 2 else 'planned'}\n")
        git_repo.commit(f"step {i}", date=f"2026-10-{2 + i % 27:02d}T10:00:00+00:00")
    monkeypatch.setenv("VINDARIS_NO_CACHE", "1")  # neither run may read the other's cache
    with open_history(git_repo.path) as history:
        needed = {}
        for path, versions in history.timelines.items():
            kind = summarize_goal if path.endswith("goal.yaml") else summarize_work
            needed.update({v.blob: kind for v in versions if v.blob})
        one = Summaries(history, needed, parallel_from=10**9).values
        many = Summaries(history, needed, parallel_from=1).values
        # With a prefetch's pool alive (its handler threads running), that
        # pool is used: no second pool is forked.
        import multiprocessing

        from vindaris.status.summaries import Prefetch, summarising_pool

        with summarising_pool(10**6) as pool:
            def no_second_fork(method: str | None = None) -> None:
                raise AssertionError("a second pool was forked")

            monkeypatch.setattr(multiprocessing, "get_context", no_second_fork)
            shared = Summaries(history, needed, parallel_from=1, prefetch=Prefetch(pool)).values
    assert len(one) == len(needed) > 50
    assert many == one == shared


_NEW_VALUES = ["7", "7.5", "-3", "0", "yes", "no", "~", "012", "1_000", "1e3", ".5", "abc", "'5'", "\"x\"", "5 # note",
               "5#x", "{a: 1}", "[1, 2]", "&a 5", "*a", "!!str 5", "|", ">", "", "  9", "5: 6", "\t5", "true"]


@pytest.mark.parametrize("per_version", [1, 2, 3])
@pytest.mark.parametrize("goal_file", sorted(p.relative_to(EXAMPLE).as_posix()
                                             for p in EXAMPLE.glob("goals/**/goal.yaml")))
def test_reading_a_version_by_difference_agrees_with_reading_it_whole(goal_file: str, per_version: int) -> None:
    """Every edit of a field value, chained version after version (one, two or
    three fields at a time: of one key result or of several), read by
    comparing lines with the version before must give what a full read gives."""
    import re

    from vindaris.status.summary import summarize_many

    field = re.compile(r"^( +(?:- +)?(?:current|baseline|done|id|kind) *: *)(.*)$", re.M)
    text = (EXAMPLE / goal_file).read_text()
    items: list[tuple[str, bytes, bool, str | None]] = [("v0", text.encode(), True, None)]
    edits = iter(enumerate(_NEW_VALUES * 2))
    for version in range(1, len(_NEW_VALUES) * 2 // per_version + 1):
        for n, value in itertools.islice(edits, per_version):
            fields = [m.start(2) for m in field.finditer(text)]
            if not fields:
                break
            at = fields[(n * 7 if per_version > 1 else n) % len(fields)]
            end = text.index("\n", at)
            text = text[:at] + value + text[end:]
        items.append((f"v{version}", text.encode(), True, f"v{version - 1}"))
    got = dict(summarize_many(items))
    assert len(items) > 10
    for blob, raw, _, _ in items:
        assert got[blob] == by_yaml_goal(raw), (blob, raw.decode())
