"""The revenue trend chart."""

from __future__ import annotations

import pandas as pd
from bokeh.models import ColumnDataSource, HoverTool, NumeralTickFormatter
from bokeh.plotting import figure


def revenue_trend_figure(
    frame: pd.DataFrame, *, title: str = "Revenue", last_is_partial: bool = False
) -> figure:
    """Give a line of revenue per period with its units in the hover tooltip.

    ``frame`` has columns period (Timestamp), revenue and units, one row per period. A last
    period still under way is drawn apart, hollow and labelled "so far", so its low figure does
    not read as a fall.
    """
    partial = frame.tail(1) if last_is_partial and len(frame) > 1 else frame.iloc[0:0]
    frame = frame.iloc[: len(frame) - len(partial)]
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
    if len(partial):
        so_far = ColumnDataSource(
            {"period": partial["period"], "revenue": partial["revenue"], "units": partial["units"]}
        )
        plot.scatter("period", "revenue", source=so_far, size=9, marker="circle",
                     fill_color="white", line_color="#1f6feb", legend_label="so far")  # fmt: skip
        plot.legend.location = "top_left"
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
