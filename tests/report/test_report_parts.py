"""The pure parts of the weekly page: ISO weeks, which moment a week is computed at, charts, numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from vindaris.errors import UsageError
from vindaris.render.report.charts import progress_bar, spark
from vindaris.render.report.format import anchor, number
from vindaris.render.report.week import week_as_of
from vindaris.render.report.week import Week, weeks_between

UTC = dt.timezone.utc


@pytest.mark.parametrize("text", ["2026-W47", "2026W47", "2026-w47", " 2026-W47 "])
def test_week_parse(text: str) -> None:
    week = Week.parse(text)
    assert (week.label, week.monday, week.sunday) == ("2026-W47", dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert week.end() == dt.datetime(2026, 11, 22, 23, 59, 59, 999999, tzinfo=UTC)


def test_weeks_follow_iso_8601_across_the_year_end() -> None:
    assert Week.containing(dt.date(2026, 12, 31)).label == "2026-W53"
    assert Week.containing(dt.date(2027, 1, 3)).label == "2026-W53"  # its Thursday is in 2026
    assert Week.parse("2026-W53").next().label == "2027-W01"
    assert Week.parse("2027-W01").previous().label == "2026-W53"
    assert [w.label for w in weeks_between(dt.date(2026, 12, 20), dt.date(2027, 1, 5))] == [
        "2026-W51", "2026-W52", "2026-W53", "2027-W01"]
    with pytest.raises(UsageError, match="2027 has no week 53"):
        Week.parse("2027-W53")


def test_a_week_is_computed_at_its_end_once_it_is_over() -> None:
    week = Week.parse("2026-W47")
    assert week_as_of(week, dt.datetime(2026, 11, 23, 0, 0, tzinfo=UTC)) == "2026-11-22"
    # Not over yet: the present, working tree included.
    assert week_as_of(week, dt.datetime(2026, 11, 22, 23, 0, tzinfo=UTC)) is None
    with pytest.raises(UsageError, match="has not started yet"):
        week_as_of(week, dt.datetime(2026, 11, 15, 23, 0, tzinfo=UTC))


def test_progress_bar_geometry_and_text() -> None:
    bar = progress_bar(0.34, 0.58, "34% of the way")
    assert (bar.filled, bar.expected, bar.over) == (34.0, 58.0, False)
    assert bar.text == "███░░░│░░░░"
    over = progress_bar(1.4, 1.2, "x")
    assert (over.filled, over.expected, over.over, over.text) == (100.0, 100.0, True, "██████████│")
    assert progress_bar(-0.5, 0.0, "x").text == "│░░░░░░░░░░"


def test_sparkline_geometry() -> None:
    start, end = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    line = spark([(dt.date(2026, 10, 5), 50.0), (dt.date(2027, 1, 5), 9.0)], start, end, 0.0, 100.0, 80.0, "l")
    assert line is not None
    assert line.points == "2,18 6.2,10"  # the baseline at the start, then the check-in; 2027 is outside
    assert line.forecast == (6.2, 10.0, 98.0, 5.2) and line.target_y == 2.0
    assert line.text == "▁█"
    assert spark([], start, end, None, None, None, "l") is None


@pytest.mark.parametrize(("value", "unit", "text"), [
    (650.82, "kEUR", "651 kEUR"), (4.42, "%", "4.42%"), (1200, None, "1,200"), (-0.001, None, "0"),
    (3.5, "pp", "3.5pp"), (None, "kEUR", "-"), (0.125, None, "0.12"),
])
def test_numbers(value: float | None, unit: str | None, text: str) -> None:
    assert number(value, unit) == text


def test_anchors_never_collide() -> None:
    assert anchor("kr", "grow/arr") == "kr-grow.arr"
    assert anchor("kr", "a/b_c") != anchor("kr", "a/b/c")
    assert anchor("x", 'a"<b') == "x-a_22_3cb"
