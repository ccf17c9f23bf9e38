"""Grouped bar charts of a comparison: one group per make or region, one bar per side."""

from __future__ import annotations

from decimal import Decimal

from bokeh.models import ColumnDataSource, FactorRange, HoverTool, NumeralTickFormatter
from bokeh.plotting import figure
from bokeh.transform import factor_cmap

PALETTE = ("#1f6feb", "#8250df", "#1a7f37", "#c0392b", "#d4a72c", "#57606a")


def grouped_bar_figure(
    revenue: dict[tuple[str, str], Decimal], sides: list[str], *, title: str
) -> figure:
    """Give bars of revenue keyed by (group, side), grouped by group, coloured by side.

    ``sides`` names the bars in each group in order (two periods, or the picked makes).
    """
    groups = list(dict.fromkeys(group for group, _ in revenue))
    factors = [(group, side) for group in groups for side in sides]
    source = ColumnDataSource(
        {
            "x": factors,
            "group": [group for group, _ in factors],
            "side": [side for _, side in factors],
            "revenue": [float(revenue.get(factor, 0)) for factor in factors],
        }
    )
    plot = figure(
        x_range=FactorRange(*factors),
        title=title,
        height=340,
        sizing_mode="stretch_width",
        tools="save,reset",
        toolbar_location="above",
    )
    colours = factor_cmap("side", palette=PALETTE[: max(len(sides), 1)], factors=sides)
    plot.vbar(
        x="x",
        top="revenue",
        width=0.85,
        source=source,
        fill_color=colours,
        line_color=None,
        legend_field="side",
    )
    plot.add_tools(
        HoverTool(
            tooltips=[("name", "@group"), ("compared", "@side"), ("revenue", "@revenue{0,0}")]
        )
    )
    plot.yaxis.formatter = NumeralTickFormatter(format="0,0")
    # The bars' own labels would repeat the legend under every group; colour tells them apart.
    plot.xaxis.major_label_text_font_size = "0pt"
    plot.xaxis.group_text_font_size = "11pt"
    plot.x_range.range_padding = 0.05
    plot.xgrid.grid_line_color = None
    plot.y_range.start = 0
    legend = plot.legend[0]
    legend.orientation = "horizontal" if len(sides) <= 2 else "vertical"
    plot.add_layout(legend, "below")
    return plot
