"""Property-based: the loader, `check` and `status` on generated documents.

Whatever a strategy file holds (random mappings, wrong types, deep nesting,
odd unicode, huge numbers, NaN/Infinity, dates out of range, YAML fragments,
mutated bytes, binary junk), reading it ends in findings, never in an
exception: every finding names a file and a line and column (1-based, inside
the file), `check` exits 0 or 1, `status` still computes from what loaded and
its JSON is strict JSON, no control character reaches the terminal, and the
summary status makes of an old version (which `check` never saw) is plain.

CI runs a fixed, bounded set: `derandomize=True` makes hypothesis draw the
same examples on every run (a failure reproduces exactly) and the counts
below keep this file under ~20 s. For a longer, randomly seeded local run:

    VINDARIS_FUZZ_EXAMPLES=20000 python -m pytest tests/hardening/test_fuzz_documents.py

which runs that many examples per property with fresh seeds (expect minutes;
on a failure hypothesis prints the smallest failing input and a
`@reproduce_failure` line to paste above the test).

The cases that once crashed (alias bombs, 50,000 nested brackets, unsafe
tags, invalid UTF-8, BOM, CRLF, tabs) have exact-output tests in
tests/check/test_bad_input.py; this file looks for the ones nobody thought of.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategy_files import BASE_FILES

from vindaris.check import run_check
from vindaris.cli.main import cli
from vindaris.findings import Finding
from vindaris.model.schema import (
    Config,
    GoalFile,
    KeyResultSpec,
    PeopleFile,
    Period,
    Person,
    Team,
    WorkFile,
)
from vindaris.model.yamlsource import load_document
from vindaris.render.status_json import as_json
from vindaris.rules import RULES
from vindaris.status.compute import compute_status
from vindaris.status.summary import summarize_goal, summarize_work

_LONG_RUN = int(os.environ.get("VINDARIS_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(ci_examples: int) -> Callable[[Any], Any]:
    """A fixed, derandomized run of `ci_examples` in CI; VINDARIS_FUZZ_EXAMPLES random ones locally."""
    return settings(
        max_examples=_LONG_RUN or ci_examples,
        derandomize=not _LONG_RUN,
        deadline=None,  # CI machines stall; a slow example is not a failure here
        database=None,  # nothing written into the checkout
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# -- generated values -------------------------------------------------------

#: Every field name the formats know, so generated mappings hit real fields
#: with the wrong things (and unknown ones too).
FIELDS = sorted({name for model in (Config, Period, PeopleFile, Person, Team, GoalFile, KeyResultSpec, WorkFile)
                 for name in model.model_fields} | {"health", "at_risk_ratio", "<<"})

#: Text that YAML 1.1 or a terminal treats specially.
ODD_TEXT = [
    "", " ", "no", "yes", "on", "off", "~", "null", "012", "0o12", "0x1F", "1_000", "190:20:30", ".nan", "-.inf",
    "2026-02-30", "0000-01-01", "9999-12-31", "10000-01-01", "2026-10-01T25:00:00", "1e400", "-0", "+1",
    "\x1b[2J", "\x1b]0;pwn\x07", "\u202eevil", "\u2066x\u2069", "a\rb", "a\nb", "a\r\nb", "\t", "\x85", "\u2028",
    "\ufeff", "\x00", "\x7f", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "e\u0301", "中文", "🙂", "\U0010ffff", "%", "::error::x", "|", "<script>",
    "a: b", "- x", "[x", "{x", "&a", "*a", "!!python/object/apply:os.system", "'", '"', "\\", "#", "`", "bob", "arr",
    "grow/ship", "2026-q4", "alice", "metric", "milestone", "active", "done",
]

text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=12))
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=10**15, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**15)),
    st.floats(),  # NaN, infinities, subnormals, -0.0 included
    st.sampled_from([0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2**53 + 1, True, False]),
)
dates = st.one_of(
    st.dates(),  # year 1 to 9999: the edges of what Python can hold
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(2026, 10, 1), dt.datetime.max, dt.datetime.min]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, dates, text)
keys = st.one_of(st.sampled_from(FIELDS), text)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=10,
)


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter: generation is the slow part here


def dump(value: Any, flow: bool | None, unicode: bool) -> bytes:
    """YAML text for `value`; safe_dump quotes what needs quoting, as an editor would."""
    try:
        return yaml.dump(value, Dumper=_Dumper, default_flow_style=flow, allow_unicode=unicode,
                         sort_keys=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be written as UTF-8 at all
        return b"{}\n"


dumped = st.builds(dump, values, st.sampled_from([None, True, False]), st.booleans())

# -- documents built from valid files -----------------------------------------

BASE_DATA: dict[str, Any] = {path: yaml.safe_load(text) for path, text in BASE_FILES.items()}


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, here + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, here + (i,))
    return out


@st.composite
def mutated(draw: st.DrawFn, path: str) -> bytes:
    """A real file with one to three values swapped for anything, dropped, or added."""
    data = copy.deepcopy(BASE_DATA[path])
    for _ in range(draw(st.integers(1, 3))):
        spots = _paths(data)
        loc = draw(st.sampled_from(spots))
        if not loc:
            data = draw(values) if draw(st.integers(0, 9)) == 0 else data
            continue
        parent: Any = data
        for part in loc[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if action == "replace":
            parent[loc[-1]] = draw(values)
        elif action == "drop" and isinstance(parent, dict):
            del parent[loc[-1]]
        elif action == "drop":
            parent.pop(loc[-1])
        elif isinstance(parent, dict):
            parent[draw(keys)] = draw(values)
        else:
            parent.append(draw(values))
    return dump(data, draw(st.sampled_from([None, True, False])), draw(st.booleans()))


#: Pieces of YAML syntax to glue together into documents no serializer writes.
FRAGMENTS = [
    "title: ", "owner: ", "moves: ", "key_results:\n", "  - id: ", "    current: ", "state: ", "due: ",
    "\n", "\r\n", "\r", "  ", "\t", "- ", "? ", ": ", ", ", "[", "]", "{", "}", "&a ", "*a", "&b [*a, *a]", "<<: *a",
    "<<: [*a, *b]", "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set {a}", "!custom ", "!!str ",
    "!!int ", "!!float ", "!!timestamp ", "!!bool ", "!!null ", "!<tag:yaml.org,2002:str> ", "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n", "---\n", "...\n", "|\n  ", ">-\n  ", "'", '"', "\\", "\\x1b", "\\u202e", "\\ud800",
    "\\U0010ffff", "#", " # c", ".nan", ".inf", "-.inf", "1e999", "1.0e+999", "9" * 30, "0x", "0o7", "0b2",
    "2026-13-45", "2026-02-29", "9999-12-31T23:59:59Z", "0001-01-01", "yes", "no", "~", "@", "`", "%",
    "\ufeff", "\x85", "\u2028", "\x1b[2J", "中", "🙂", "e\u0301",
]
fragments = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
)


@st.composite
def byte_mutated(draw: st.DrawFn, path: str) -> bytes:
    """A real file with a few bytes inserted, deleted or overwritten (a bad merge, a bad editor)."""
    raw = bytearray(BASE_FILES[path].encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.binary(min_size=1, max_size=4) | st.sampled_from([b"\n", b"\t", b" ", b":", b"-", b"&x", b"*x"]))
        action = draw(st.sampled_from(["insert", "delete", "overwrite"]))
        if action == "insert":
            raw[at:at] = junk
        elif action == "delete":
            del raw[at : at + len(junk)]
        else:
            raw[at : at + len(junk)] = junk
    return bytes(raw)


@st.composite
def nested(draw: st.DrawFn) -> bytes:
    """Deep nesting around the depth limit, in flow and block style."""
    depth = draw(st.integers(0, 3000))
    style = draw(st.sampled_from(["flow-list", "flow-map", "block-list", "block-map"]))
    if style == "flow-list":
        body = "[" * depth + "]" * depth
    elif style == "flow-map":
        body = "{a: " * depth + "x" + "}" * depth
    elif style == "block-list":
        body = "\n" + "".join("  " * i + "-\n" for i in range(min(depth, 300)))
    else:
        body = "\n" + "".join("  " * i + "k:\n" for i in range(min(depth, 300)))
    return f"title: T\ndescription: {body}\n".encode()


def document(path: str) -> st.SearchStrategy[bytes]:
    """Anything that could be in the file at `path`."""
    return st.one_of(
        mutated(path), mutated(path), dumped, fragments, byte_mutated(path), nested(),
        st.binary(max_size=64), st.builds(lambda b: b"\xef\xbb\xbf" + b, dumped),
    )


# -- what every finding must satisfy ----------------------------------------


def assert_well_formed(findings: list[Finding], files: Mapping[str, bytes]) -> None:
    """A file, a known rule and a 1-based position inside that file, for every finding."""
    for f in findings:
        assert f.rule in RULES, f
        assert isinstance(f.line, int) and isinstance(f.col, int), f
        assert f.line >= 1 and f.col >= 1, f
        assert f.path and not f.path.startswith("/"), f
        if f.path in files:
            raw = files[f.path]
            # YAML breaks lines at CR, LF, NEL, LS and PS (CRLF counted twice: an upper bound)
            lines = sum(raw.count(b) for b in (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")) + 1
            assert f.line <= lines, (f, lines)


# -- the properties ---------------------------------------------------------

ANY_PATH = st.sampled_from(sorted(BASE_FILES))


@fuzz_settings(ci_examples=1000)
@given(path=ANY_PATH, data=st.data())
def test_the_loader_never_raises_and_places_every_finding(path: str, data: st.DataObject) -> None:
    raw = data.draw(document(path))
    doc = load_document(path, raw)
    assert doc.data is None or isinstance(doc.data, dict)
    assert all(f.path == path for f in doc.findings)
    assert_well_formed(doc.findings, {path: raw})
    for line, col in [*doc.source.values.values(), *doc.source.keys.values()]:
        assert line >= 1 and col >= 1
    # The plain-subset reader (model/plainyaml.py) changes nothing: libyaml
    # alone reads the same data, finds the same problems, at the same places.
    slow = load_document(path, raw, subset=False)
    assert repr(doc.data) == repr(slow.data)
    assert doc.findings == slow.findings
    assert (doc.source.values, doc.source.keys) == (slow.source.values, slow.source.keys)


@fuzz_settings(ci_examples=600)
@given(path=ANY_PATH, data=st.data())
def test_summaries_of_old_versions_never_raise(path: str, data: st.DataObject) -> None:
    # Status reads every version in history, which `check` never saw, through
    # a line scanner or the C loader: whatever a version holds, it is either
    # not a check-in (None) or plain values, never an exception or a NaN.
    raw = data.draw(document(path))
    goal, work = summarize_goal(raw), summarize_work(raw)
    if goal is not None:
        owner, state, values, baselines = goal
        assert owner is None or isinstance(owner, str)
        assert state is None or isinstance(state, str)
        for kr_id, value in (*values, *baselines):
            assert isinstance(kr_id, str) and isinstance(value, float) and math.isfinite(value)
    if work is not None:
        assert all(v is None or isinstance(v, str) for v in work)


#: A file name a person might give a work item (spaces, unicode, quotes) or not.
odd_names = st.text(
    alphabet=st.sampled_from("abz09- _.'\"é中🙂$%&()[]{}!#,;=+~") | st.characters(codec="utf-8", exclude_characters="/\x00"),
    min_size=1, max_size=12,
).filter(lambda n: n not in (".", ".."))


@st.composite
def strategies(draw: st.DrawFn) -> dict[str, bytes]:
    """The valid strategy with one to three files replaced by anything, and maybe an odd extra file."""
    files = {path: text.encode("utf-8") for path, text in BASE_FILES.items()}
    for path in draw(st.lists(ANY_PATH, min_size=1, max_size=3, unique=True)):
        files[path] = draw(document(path))
    if draw(st.booleans()):
        name = draw(odd_names)
        directory = draw(st.sampled_from(["goals/grow", "goals/grow/trials", "goals", f"goals/{name}"]))
        suffix = draw(st.sampled_from([".yaml", ".yml", "/goal.yaml"]))
        files[f"{directory}/{name}{suffix}".replace("//", "/")] = draw(
            st.sampled_from(list(BASE_FILES.values())).map(str.encode) | document("goals/grow/ship.yaml")
        )
    return files


def write_files(root: Path, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Write what the file system takes; return what was written."""
    written = {}
    for rel, raw in files.items():
        target = root / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
        except (OSError, UnicodeEncodeError):
            continue  # a name the file system refuses (too long, a file where a directory is)
        written[rel] = raw
    return written


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@fuzz_settings(ci_examples=150)
@given(files=strategies(), fmt=st.sampled_from(["text", "json", "github"]))
def test_check_never_crashes_and_exits_0_or_1(files: dict[str, bytes], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        written = write_files(root, files)
        result = run_check(root)
        assert_well_formed(result.findings, written)
        cli_result = CliRunner().invoke(cli, ["check", "-C", str(root), "--format", fmt],
                                        env={"NO_COLOR": "1", "GITHUB_STEP_SUMMARY": None})
    assert cli_result.exception is None or isinstance(cli_result.exception, SystemExit), cli_result.exception
    assert cli_result.stderr == ""
    errors = any(f.severity.value == "error" for f in result.findings)
    assert cli_result.exit_code == (1 if errors else 0)
    if fmt == "json":
        doc = json.loads(cli_result.stdout, parse_constant=_no_constant)
        assert len(doc["findings"]) == len(result.findings)
    else:
        # one line per finding (and hint), nothing a terminal or a runner would act on
        assert not _CONTROL.search(cli_result.stdout), cli_result.stdout
        commands = [line for line in cli_result.stdout.splitlines() if line.startswith("::")]
        assert len(commands) == (len(result.findings) if fmt == "github" else 0)


@fuzz_settings(ci_examples=100)
@given(files=strategies())
def test_status_computes_from_whatever_loaded(files: dict[str, bytes]) -> None:
    # Outside any git repository: history is unavailable, the files still give status.
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        written = write_files(root, files)
        if "vindaris.yaml" not in written:
            return  # no root to find: a usage error, tested elsewhere
        now = dt.datetime(2026, 11, 15, 12, 0, tzinfo=dt.UTC)
        computed = compute_status(root, None, now)
        json.loads(as_json(computed.status), parse_constant=_no_constant)
        text = CliRunner().invoke(cli, ["status", "-C", str(root), "--as-of", "2026-11-15"],
                                  env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert text.exception is None or isinstance(text.exception, SystemExit), text.exception
    assert (text.exit_code, text.stderr) == (0, "")
    assert not _CONTROL.search(text.stdout), text.stdout


def _no_constant(name: str) -> None:
    # NaN and Infinity are not JSON: a consumer in another language rejects the document.
    raise AssertionError(f"{name} in JSON output")


@pytest.mark.parametrize("path", sorted(BASE_FILES))
def test_the_base_strategy_is_clean(path: str) -> None:
    # The mutations start from valid files: make sure they are.
    doc = load_document(path, BASE_FILES[path].encode())
    assert doc.findings == [] and isinstance(doc.data, dict)


@pytest.mark.parametrize(("raw", "finding"), [
    # An explicit numeric tag on an empty value: IndexError inside PyYAML's constructor.
    (b"current: !!int\n", (1, 10, "yaml-syntax", "cannot read value '': not a valid value for its tag")),
    (b'current: !!float ""\n', (1, 10, "yaml-syntax", "cannot read value '': not a valid value for its tag")),
    (b"current: !!int _\n", (1, 10, "yaml-syntax", "cannot read value '_': not a valid value for its tag")),
    # An error at the end of a file without a final newline was placed on a line after the last.
    (b"title: \n!!python/object/apply:os.system ['true']",
     (2, 41, "yaml-syntax", "invalid YAML: could not find expected ':'")),
])
def test_found_by_fuzzing(raw: bytes, finding: tuple[int, int, str, str]) -> None:
    doc = load_document("goals/grow/goal.yaml", raw)
    assert [(f.line, f.col, f.rule, f.message) for f in doc.findings] == [finding]
