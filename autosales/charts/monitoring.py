"""How earlier forecasts did: realised MASE per forecast beside the MASE its backtest promised."""

from __future__ import annotations

from typing import Any

from bokeh.models import ColumnDataSource, HoverTool
from bokeh.plotting import figure


def track_record_figure(entries: list[dict[str, Any]]) -> figure:
    """Give bars of each earlier forecast's realised MASE, with its promised MASE as a tick.

    ``entries`` are ``forecast_track_record`` rows: start, mase, expected_mase, periods.
    """
    rows = [entry for entry in reversed(entries) if entry.get("mase") is not None]
    starts = [entry["start"] for entry in rows]
    source = ColumnDataSource(
        {
            "start": starts,
            "realised": [entry["mase"] for entry in rows],
            "promised": [entry.get("expected_mase") or 0.0 for entry in rows],
            "periods": [entry["periods"] for entry in rows],
        }
    )
    plot = figure(
        x_range=starts,
        height=220,
        sizing_mode="stretch_width",
        title="Realised against promised MASE",
        tools="",
        toolbar_location=None,
    )
    bars = plot.vbar(
        x="start",
        top="realised",
        source=source,
        width=0.6,
        color="#8250df",
        legend_label="realised",
    )
    plot.scatter(
        x="start",
        y="promised",
        source=source,
        marker="dash",
        size=30,
        line_width=3,
        color="#1c2430",
        legend_label="promised by the backtest",
    )
    plot.add_tools(
        HoverTool(
            renderers=[bars],
            tooltips=[
                ("forecast from", "@start"),
                ("realised MASE", "@realised{0.00}"),
                ("promised MASE", "@promised{0.00}"),
                ("periods seen", "@periods"),
            ],
        )
    )
    plot.y_range.start = 0
    plot.legend.location = "top_left"
    return plot
