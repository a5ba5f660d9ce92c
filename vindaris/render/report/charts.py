"""Chart geometry for the weekly page, computed here so templates only draw it.

Progress bars and sparklines are plain numbers (SVG user units, a 0..100 by
0..20 box) plus the sentence a screen reader says instead of the picture;
the Markdown page gets the same information as block characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from vindaris.render.spark import bar, sparkline

#: The SVG box every chart is drawn in; templates set the pixel size with CSS.
WIDTH = 100.0
HEIGHT = 20.0
_PAD = 2.0  # keeps line ends and dots inside the box


@dataclass(frozen=True)
class ProgressBar:
    """A bar filled to `filled` (0..100) with a marker where progress is expected."""

    filled: float  # 0..100, clamped
    expected: float  # 0..100: where the marker goes
    over: bool  # progress beyond the target
    label: str  # the text alternative
    text: str  # the bar in block characters, for Markdown


@dataclass(frozen=True)
class Sparkline:
    """Check-ins as a line over the period, and the forecast as a dashed line to its end."""

    points: str  # SVG polyline points, "x,y x,y ..."
    dots: tuple[tuple[float, float], ...]  # (x, y) of each point
    forecast: tuple[float, float, float, float] | None  # x1, y1, x2, y2
    target_y: float | None  # where the target's dotted line goes
    label: str  # the text alternative
    text: str  # block characters, for Markdown


def _r(value: float) -> float:
    """Round SVG coordinates so the page is short and byte-stable."""
    return round(value, 1) + 0.0


def progress_bar(progress: float, expected: float, label: str) -> ProgressBar:
    filled = max(0.0, min(1.0, progress))
    exp = max(0.0, min(1.0, expected))
    cells = 10
    text = bar(filled, cells)
    # The expected marker sits between cells in the text bar: "██████│░░░░".
    cut = round(exp * cells)
    text = text[:cut] + "│" + text[cut:]
    return ProgressBar(_r(filled * WIDTH), _r(exp * WIDTH), progress > 1.0, label, text)


def spark(
    values: Sequence[tuple[dt.date, float]],
    start: dt.date,
    end: dt.date,
    baseline: float | None,
    target: float | None,
    forecast: float | None,
    label: str,
) -> Sparkline | None:
    """A sparkline of dated values over [start, end]; None when there is nothing to draw."""
    series = [(d, v) for d, v in values if start <= d <= end]
    if baseline is not None and (not series or series[0][0] > start):
        series.insert(0, (start, baseline))
    if len(series) < 2 and forecast is None:
        return None
    span = max(1, (end - start).days)
    known = [v for _, v in series] + [v for v in (target, forecast) if v is not None]
    low, high = min(known), max(known)
    if high == low:
        low, high = low - 1, high + 1

    def x(day: dt.date) -> float:
        return _r(_PAD + (day - start).days / span * (WIDTH - 2 * _PAD))

    def y(value: float) -> float:
        return _r(HEIGHT - _PAD - (value - low) / (high - low) * (HEIGHT - 2 * _PAD))

    dots = tuple((x(d), y(v)) for d, v in series)
    line = None
    if forecast is not None and series:
        last_x, last_y = dots[-1]
        line = (last_x, last_y, x(end), y(forecast))
    return Sparkline(
        points=" ".join(f"{px:g},{py:g}" for px, py in dots),
        dots=dots,
        forecast=line,
        target_y=y(target) if target is not None else None,
        label=label,
        text=sparkline([v for _, v in series]),
    )
