"""Chart builders: data in, Bokeh figure out."""

from __future__ import annotations

import pandas as pd
from bokeh.models import GlyphRenderer

from autosales.charts.trend import revenue_trend_figure


def plotted(figure: object) -> list[list[float]]:
    renderers = [r for r in figure.renderers if isinstance(r, GlyphRenderer)]  # type: ignore[attr-defined]
    return [list(r.data_source.data["revenue"]) for r in renderers]


def test_a_month_under_way_is_drawn_apart_from_the_line() -> None:
    frame = pd.DataFrame(
        {"period": pd.date_range("2025-01-01", periods=3, freq="MS"),
         "revenue": [100.0, 120.0, 15.0], "units": [1, 2, 1]}
    )  # fmt: skip

    marked = plotted(revenue_trend_figure(frame, last_is_partial=True))
    whole = plotted(revenue_trend_figure(frame))

    assert marked == [[100.0, 120.0], [100.0, 120.0], [15.0]]
    assert whole == [[100.0, 120.0, 15.0], [100.0, 120.0, 15.0]]
