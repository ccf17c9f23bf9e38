"""Revenue share over time by make (or model): a stacked area of each part's share per period."""

from __future__ import annotations

import pandas as pd
from bokeh.models import ColumnDataSource, HoverTool, NumeralTickFormatter
from bokeh.palettes import Category10_10
from bokeh.plotting import figure

OTHER = "Other"


def share_table(frame: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """Give each period's revenue share (0-1) of the ``top`` parts by total revenue, the rest
    summed as "Other": rows are periods, columns parts, largest first.

    ``frame`` has columns period, key and revenue (one row per period and part).
    """
    totals = frame.groupby("key")["revenue"].sum().sort_values(ascending=False)
    leaders = list(totals.index[:top])
    keys = frame["key"].where(frame["key"].isin(leaders), OTHER)
    table = frame.assign(key=keys).pivot_table(
        index="period", columns="key", values="revenue", aggfunc="sum", fill_value=0.0
    )
    table = table[[name for name in [*leaders, OTHER] if name in table.columns]]
    return table.div(table.sum(axis=1).replace(0, 1), axis=0)


def share_figure(shares: pd.DataFrame, *, title: str = "Revenue share by make") -> figure:
    """Give a stacked area chart of ``shares`` (from :func:`share_table`) with a hover that lists
    every part's share in the period under the pointer."""
    names = [f"part{index}" for index in range(len(shares.columns))]
    data = {
        name: shares[column].to_numpy() for name, column in zip(names, shares.columns, strict=True)
    }
    source = ColumnDataSource({"period": shares.index, "top": [1.0] * len(shares), **data})
    plot = figure(
        title=title,
        x_axis_type="datetime",
        y_range=(0, 1),
        height=300,
        sizing_mode="stretch_width",
        tools="reset,save",
        toolbar_location="above",
    )
    colours = list(Category10_10)[: len(names)]
    labels = [str(column) for column in shares.columns]
    plot.varea_stack(names, x="period", source=source, color=colours, legend_label=labels)
    guide = plot.line("period", "top", source=source, alpha=0)
    plot.add_tools(
        HoverTool(
            renderers=[guide],
            tooltips=[("period", "@period{%b %Y}")]
            + [(label, f"@{name}{{0.0%}}") for label, name in zip(labels, names, strict=True)],
            formatters={"@period": "datetime"},
            mode="vline",
        )
    )
    plot.yaxis.formatter = NumeralTickFormatter(format="0%")
    plot.legend.location = "top_left"
    plot.legend.label_text_font_size = "8pt"
    plot.add_layout(plot.legend[0], "right")
    return plot
