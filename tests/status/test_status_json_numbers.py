"""Numbers in the status JSON: six decimal places at most, NaN and infinity as null.

The rounding has a fast path for whole numbers (most values are); whatever
the number, the result must be the one the plain rule gives.
"""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from vindaris.render.status_json import _number


def _rule(value: float) -> float | None:
    return round(value, 6) if math.isfinite(value) else None


@given(st.floats() | st.integers(min_value=-10**15, max_value=10**15))
def test_every_number_is_written_as_the_rule_says(value: float) -> None:
    assert json.dumps(_number(value)) == json.dumps(_rule(value))


def test_the_edges() -> None:
    for value in (250.0, -0.0, 1e20, 1.7976931348623157e308, 2.5, 1 / 3, -2.0000004, 4.8, 5e-324):
        assert json.dumps(_number(value)) == json.dumps(_rule(value)), value
    assert [_number(v) for v in (math.inf, -math.inf, math.nan)] == [None, None, None]
