"""The decomposition panels: trend, seasonal and residual, stacked with a shared time axis."""

from __future__ import annotations

from typing import Any

import pandas as pd
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, NumeralTickFormatter
from bokeh.plotting import figure

PANELS = (
    ("trend", "Trend", "#1f6feb"),
    ("seasonal", "Seasonal", "#1a7f37"),
    ("residual", "Residual", "#5b6675"),
)


def decomposition_figure(decomposition: dict[str, Any]) -> Any:
    """Give three small charts (trend, seasonal, residual) of an STL decomposition, or the
    trend alone when the history was too short for a season."""
    dates = pd.to_datetime((decomposition.get("observed") or {}).get("dates") or [])
    plots: list[figure] = []
    for key, label, colour in PANELS:
        part = decomposition.get(key) or {}
        values = part.get("values") if isinstance(part, dict) else None
        if not values or len(values) != len(dates):
            continue
        shared = {"x_range": plots[0].x_range} if plots else {}
        plot = figure(
            title=label,
            x_axis_type="datetime",
            height=150,
            sizing_mode="stretch_width",
            tools="",
            toolbar_location=None,
            **shared,
        )
        source = ColumnDataSource({"date": dates, "value": values})
        if key == "residual":
            plot.vbar("date", top="value", source=source, width=20 * 24 * 3600 * 1000, color=colour)
        else:
            plot.line("date", "value", source=source, line_width=2, color=colour)
        plot.yaxis.formatter = NumeralTickFormatter(format="0.[0]a")
        plots.append(plot)
    return column(*plots, sizing_mode="stretch_width")
