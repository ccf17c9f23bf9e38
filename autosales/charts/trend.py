"""The revenue trend chart."""

from __future__ import annotations

import pandas as pd
from bokeh.models import ColumnDataSource, HoverTool, NumeralTickFormatter
from bokeh.plotting import figure


def revenue_trend_figure(frame: pd.DataFrame, *, title: str = "Revenue") -> figure:
    """Give a line of revenue per period with its units in the hover tooltip.

    ``frame`` has columns period (Timestamp), revenue and units, one row per period.
    """
    source = ColumnDataSource(
        {"period": frame["period"], "revenue": frame["revenue"], "units": frame["units"]}
    )
    plot = figure(
        title=title,
        x_axis_type="datetime",
        height=300,
        sizing_mode="stretch_width",
        tools="pan,wheel_zoom,box_zoom,reset,save",
        toolbar_location="above",
    )
    plot.line("period", "revenue", source=source, line_width=2, color="#1f6feb")
    plot.scatter("period", "revenue", source=source, size=4, color="#1f6feb")
    plot.yaxis.formatter = NumeralTickFormatter(format="0,0")
    plot.add_tools(
        HoverTool(
            tooltips=[
                ("period", "@period{%F}"),
                ("revenue", "@revenue{0,0}"),
                ("units", "@units{0,0}"),
            ],
            formatters={"@period": "datetime"},
            mode="vline",
        )
    )
    return plot
