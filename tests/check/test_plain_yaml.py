"""The plain-subset reader (vindaris.model.plainyaml) against libyaml.

What the quick reader accepts it must read exactly as libyaml's path does
(same keys, same values, same types: `repr` tells 1 from True from 1.0);
what it does not understand it must decline, so that libyaml reads it and
reports what is wrong, where. Each case below says which it expects, so a
reader that declined everything (or accepted too much) fails here too.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vindaris.model.plainyaml import read_plain
from vindaris.model.yamlsource import load_document

WORK = """\
title: Migrate onboarding emails (4815)
owner: sofia-okafor
state: planned
moves:
  - csat
due: 2026-12-29
contributors:
  - lena-larsen
  - diego-sato
description: >
  Migrate onboarding emails (4815): part of win self serve. Approach: small
  steps, each one shipped and measured before the next.
"""

GOAL = """\
# 2026-q4 goal. Owner: tariq-muller.
title: Reduce api
owner: tariq-muller
period: 2026-q4
supports:
  - csat

key_results:
  - id: pipeline
    title: Qualified pipeline
    unit: kEUR
    baseline: 1587
    target: 2487.5
    current: -3
  # a comment between entries
  -   id: launch
      kind: milestone
      done: no
"""

#: Text the quick reader must accept, and read as libyaml does.
ACCEPTED = [
    WORK,
    GOAL,
    "---\ntitle: T\n",
    "moves:\n- a\n- b\nstate: active\n",  # a sequence in its key's column
    "impact:\n  arr: 205\n  nps: -1.5\n  churn: +1\n",
    "a: yes\nb: no\nc: ~\nd: null\ne: 012\nf: 0x1F\ng: 1_000\nh: 190:20:30\ni: 1e3\nj: 1.5e3\n",
    "a: 2026-12-29\nb: 2026-12-29 10:00:00\nc: 2026-12-29T10:00:00Z\nd: 2026-1-2\n",
    "a: On\nb: TRUE\nc: y\nd: Off\ne: .5\nf: -.5\ng: 0.\nh: +12\ni: 0o17\nj: 0b101\n",
    "a: 'it''s'\nb: \"a: b # c\"\nc: ''\nd: \"\"\ne: '#1'\nf: '- x'\n",
    "a: []\nb: {}\n",
    "a:\nb: 1\nc:\n",
    "title: no final line break",
    "2026-q4: a\n1: b\nx.y_z-w: c\n",
    "title: Zoë — 中文 🙂\nowner: x\n",
    "list:\n  - one\n  - 'two'\n  - 3\n  - 2026-01-01\n",
    "nested:\n  deeper:\n    deepest:\n      - x\n      - k: v\n        l: w\n",
    "d: |\n  line one\n    more indented\n\n  after a blank\nnext: 1\n",
    "d: >\n  folded one\n  folded two\n\n  new paragraph\n\n\n  after two\n",
    "d: >-\n  stripped\nnext: x\n",
    "d: |-\n  kept\n  lines\n\nnext: x\n",
    "items:\n  - d: >\n      inside a list\n    e: 1\n",
    "a: x\n# trailing comment\n\n",
    "a: text with 'quotes' and \"doubles\" and a:colon\n",
    "a: http://example.com/x?y=1\n",
    "a: -\u00a0\n",
    # Values that once passed for the reader's own markers (a small int, null).
    "impact:\n  nps: 6\n  arr: 0\nowner: ~\nlist:\n  - 6\n  - ~\n",
]

#: Text the quick reader must leave to libyaml.
DECLINED = [
    "a: 1\na: 2\n",  # duplicate key: libyaml's path reports it
    "a:\n\t- x\n",
    "a: 1\r\nb: 2\r\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: [x, y]\n",
    "a: {b: 1}\n",
    "owner:\n  alice\n",  # a value on the line below its key
    "title: one\n  two\n",  # a plain scalar over two lines
    "title: a # comment\n",
    "a: .nan\n",
    "a: 2026-13-45\n",
    "d: |+\n  keep\n\n",
    "d: |2\n    x\n",
    "a: trailing \n",
    "a:  two spaces\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "# only a comment\n",
    "a: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "? a\n: b\n",
    "<<: {a: 1}\n",
    "a: 1\n  \nb: 2\n",  # a line of spaces
    "a:\n  - x\n  y: 1\n",
    "a:\n  b: 1\n    c: 2\n",
    "  a: 1\n",
    "a: x\n   # an indented comment after a value\nb: y\n",
    "d: >\n  folded\n    more indented\n",
    "d: >\n  no final line break",
    "d: >\n\n  leading blank\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: \"esc\\n\"\n",
    "a: 'unterminated\n  still'\n",
    "a: b: c\n",
    "a: x:\n",
    "a: @x\n",
    "a: `x\n",
    "a: \x85\n",
    "a: \ufeffx\n",
    "a: \x07\n",
]


def libyaml(text: str) -> tuple[object, list[object], bool]:
    doc = load_document("goals/g/w.yaml", text.encode("utf-8"), subset=False)
    return doc.data, doc.findings, doc.source.deferred


@pytest.mark.parametrize("text", ACCEPTED)
def test_what_it_accepts_libyaml_reads_the_same(text: str) -> None:
    data, findings, deferred = libyaml(text)
    plain = read_plain(text)
    assert plain is not None, "declined"
    assert findings == [] and deferred
    assert repr(plain) == repr(data)


@pytest.mark.parametrize("text", DECLINED)
def test_what_it_does_not_understand_it_leaves_to_libyaml(text: str) -> None:
    assert read_plain(text) is None


def test_a_declined_file_still_gets_libyamls_finding_and_position() -> None:
    doc = load_document("goals/g/w.yaml", b"title: T\nowner: a\nowner: b\n")
    assert [(f.line, f.col, f.rule) for f in doc.findings] == [(3, 1, "yaml-duplicate-key")]
    doc = load_document("goals/g/w.yaml", b"title: T\ndue: 2026-13-45\n")
    assert [(f.line, f.col, f.rule) for f in doc.findings] == [(2, 6, "bad-date")]


def test_positions_of_a_file_read_quickly_are_libyamls() -> None:
    quick = load_document("goals/g/w.yaml", GOAL.encode())
    slow = load_document("goals/g/w.yaml", GOAL.encode(), subset=False)
    assert quick.source.deferred
    assert quick.source.values == slow.source.values
    assert quick.source.keys == slow.source.keys
    assert quick.source.value_at(("key_results", 1, "done")) == (18, 13)


def test_shared_values_are_not_shared_containers() -> None:
    # Dates and numbers are memoised by their text; lists and mappings never are.
    first, second = read_plain("a: []\nb: 2026-01-01\n"), read_plain("a: []\nb: 2026-01-01\n")
    assert first is not None and second is not None
    first["a"].append(1)
    assert second["a"] == []
    assert first["b"] == second["b"]


# -- generated documents --------------------------------------------------------

_LONG_RUN = int(os.environ.get("VINDARIS_FUZZ_EXAMPLES", "0") or 0)

KEYS = ["title", "owner", "moves", "a", "b", "id", "2026-q4", "x.y", "yes", "1", "k", "done"]
ODD_KEYS = ["<<", "a b", "'q'", "? k", "-k", ""]
#: Scalars the subset covers, for values that YAML 1.1 reads in many ways.
NICE = [
    "alice", "Reduce api", "yes", "No", "~", "null", "Null", "012", "0x1F", "0o17", "1_000", "190:20:30", "1e3",
    "1.5", "-1.5", ".5", "+1", "-x", "2026-12-29", "2026-12-29 10:00:00", "'it''s'", "\"d\"", "''", "[]", "{}",
    "a#b", "http://x", "Zoë 🙂", "\u00a0x", "True", "off", "0", "-0", "00", "1:2", "a,b", "x'y", "?x", "-.5",
]
#: Scalars it leaves to libyaml, right or wrong.
ODD = [
    "-", "2026-13-45", ".nan", ".inf", "'a", "\"e\\n\"", "[a]", "&a x", "*a", "!!str 1", "a # c", "a: b",
    "a:", "|+", ">2", "@x", "`x", "%x", "? x", ": x", "x ", " x", "a\tb", "{a: 1}", "'a' b", "=",
]
PERTURBATIONS = ["---", "...", "-", "- ", "key:value", "a:  b", "\t- x", "  ", "# c", "", "   # c", "a: 1"]


@st.composite
def plain_like(draw: st.DrawFn) -> str:
    """Block YAML as people write it (mappings, sequences in and out of their
    key's column, `- key:` entries, block scalars, quotes, comments, blank
    lines), built as a tree and written out, then sometimes broken a little."""
    lines: list[str] = []

    def scalar() -> str:
        return draw(st.sampled_from(ODD)) if draw(st.integers(0, 9)) == 0 else draw(st.sampled_from(NICE))

    def key() -> str:
        return draw(st.sampled_from(ODD_KEYS)) if draw(st.integers(0, 19)) == 0 else draw(st.sampled_from(KEYS))

    def extras(indent: str) -> None:
        roll = draw(st.integers(0, 9))
        if roll == 0:
            lines.append(f"{indent}# note")
        elif roll == 1:
            lines.append("")

    def block(indent: str) -> None:
        width = indent + " " * draw(st.sampled_from([1, 2, 4]))
        for _ in range(draw(st.integers(1, 4))):
            roll = draw(st.integers(0, 9))
            if roll == 0:
                lines.append("")
            elif roll == 1:
                lines.append(width + "  more indented")
            elif roll == 2:
                lines.append(width + "# kept as text")
            else:
                lines.append(width + draw(st.sampled_from(["one line", "two: words", "- dash", "x", "Zoë"])))

    def value(head: str, indent: str, depth: int) -> None:
        kind = draw(st.sampled_from(["scalar"] * 4 + ["mapping", "sequence", "block", "empty"]))
        if kind == "scalar" or depth >= 3:
            lines.append(f"{head} {scalar()}")
        elif kind == "empty":
            lines.append(f"{head}")
        elif kind == "block":
            lines.append(f"{head} {draw(st.sampled_from(['>', '|', '>-', '|-']))}")
            block(indent)
        elif kind == "mapping":
            lines.append(head)
            mapping(indent + " " * draw(st.sampled_from([1, 2, 4])), depth + 1)
        else:
            lines.append(head)
            sequence(indent + " " * draw(st.sampled_from([0, 2, 4])), depth + 1)

    def mapping(indent: str, depth: int, first: str | None = None) -> None:
        for n in range(draw(st.integers(1, 4))):
            if first is not None and n == 0:
                value(f"{first}{key()}:", indent, depth)
            else:
                extras(indent)
                value(f"{indent}{key()}:", indent, depth)

    def sequence(indent: str, depth: int) -> None:
        for _ in range(draw(st.integers(1, 3))):
            extras(indent)
            if draw(st.booleans()) and depth < 3:
                gap = " " * draw(st.sampled_from([1, 1, 1, 3]))
                mapping(indent + " " + gap, depth + 1, first=f"{indent}-{gap}")
            else:
                lines.append(f"{indent}- {scalar()}")

    if draw(st.integers(0, 9)) == 0:
        lines.append("---")
    mapping("", 0)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(lines)))
        if draw(st.booleans()) and at < len(lines):
            shift = draw(st.sampled_from([-1, 1, 2]))
            lines[at] = lines[at][1:] if shift < 0 and lines[at].startswith(" ") else " " * max(shift, 0) + lines[at]
        else:
            lines.insert(at, draw(st.sampled_from(PERTURBATIONS)))
    end = draw(st.sampled_from(["\n", "\n", "", "\n\n"]))
    return "\n".join(lines) + end


@settings(max_examples=_LONG_RUN or 3000, derandomize=not _LONG_RUN, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=plain_like())
def test_generated_documents_are_read_as_libyaml_reads_them_or_declined(text: str) -> None:
    plain = read_plain(text)
    if plain is None:
        return
    data, findings, deferred = libyaml(text)
    assert findings == [] and deferred, text
    assert repr(plain) == repr(data), text


def test_the_generator_reaches_both_sides() -> None:
    # The property above is only as good as its mix: most generated texts
    # must be declined, but a fair share must be accepted too.
    accepted = declined = 0

    @settings(max_examples=400, derandomize=True, deadline=None, database=None)
    @given(text=plain_like())
    def count(text: str) -> None:
        nonlocal accepted, declined
        if read_plain(text) is None:
            declined += 1
        else:
            accepted += 1

    count()
    assert accepted >= 40 and declined >= 40, (accepted, declined)
