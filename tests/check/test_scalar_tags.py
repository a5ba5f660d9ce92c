"""The loader's shortcuts for scalar tags read every value as PyYAML's own safe loader does.

`check` resolves each plain scalar's YAML 1.1 type through a shortcut for
text and a memo of tags already resolved (vindaris/model/yamlsource.py).
Whatever the value, and however often it was seen before in the process,
the data must equal what `yaml.load(..., yaml.SafeLoader)` (pure Python,
no shortcut) gives.
"""

from __future__ import annotations

import datetime as dt
import math

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vindaris.model.yamlsource import load_document

# YAML 1.1's implicit types, each in several spellings, and words that only look like them.
_SPECIAL = ["yes", "Yes", "YES", "no", "No", "on", "Off", "y", "n", "true", "True", "FALSE", "null", "Null", "~",
            "012", "0o12", "0x1F", "1_000", "-0", "+1", "1.5", "1e3", "1.0e+3", ".nan", ".NaN", "-.inf", "190:20:30",
            "2026-10-01", "2026-10-01 10:00:00", "2026-10-01T10:00:00Z", "<<", "=", "-", "", "yesterday", "nominal",
            "title", "owner", "offset", "true-north", "0.5%", "1,200"]
_VALUES = st.sampled_from(_SPECIAL) | st.text(alphabet="0123456789.-+:_eExXoOyYnNtTfF ~", min_size=1, max_size=10)


def _as_written(value: str) -> list[str]:
    plain = value.strip()
    return [plain] if plain and not plain.startswith(("-", ":", "?", "#", "%", "@", "`", "|", ">", "!", "&", "*",
                                                      "'", '"', "{", "[")) and ": " not in plain \
        and " #" not in plain and not plain.endswith(":") else []


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(values=st.lists(_VALUES, min_size=1, max_size=6))
def test_every_plain_scalar_gets_the_safe_loaders_type_first_time_and_after(values: list[str]) -> None:
    lines = [f"k{i}: {v}" for i, value in enumerate(values) for v in _as_written(value)]
    text = "\n".join(lines) + "\n"
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return  # not a document PyYAML reads; the loader's findings are tested elsewhere
    if not isinstance(expected, dict):
        return
    # Not-a-number and infinities are refused on purpose (tested in test_bad_input.py).
    finite = {k: v for k, v in expected.items() if not (isinstance(v, float) and not math.isfinite(v))}
    for _ in range(2):  # the second load is served from the memo
        data = load_document("probe.yaml", text.encode()).data
        got = {k: v for k, v in data.items() if k in finite}
        assert got == finite, text
        assert [type(v) for v in got.values()] == [type(v) for v in finite.values()], text


def test_the_memo_does_not_confuse_a_quoted_value_with_a_plain_one() -> None:
    plain = load_document("a.yaml", b"a: 2026-10-01\nb: yes\nc: 12\n").data
    quoted = load_document("b.yaml", b"a: '2026-10-01'\nb: \"yes\"\nc: '12'\n").data
    again = load_document("c.yaml", b"a: 2026-10-01\nb: yes\nc: 12\n").data
    assert plain == again == {"a": dt.date(2026, 10, 1), "b": True, "c": 12}
    assert quoted == {"a": "2026-10-01", "b": "yes", "c": "12"}
