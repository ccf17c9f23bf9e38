"""The top makes, models or regions as horizontal bars; clicking a bar opens its page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bokeh.models import ColumnDataSource, HoverTool, NumeralTickFormatter, OpenURL, TapTool
from bokeh.plotting import figure


def ranking_figure(
    rows: Sequence[tuple[str, Decimal, int]], urls: Sequence[str], *, title: str
) -> figure:
    """Give bars of revenue per name, largest on top; a click on a bar opens ``urls[i]``.

    ``rows`` are (name, revenue, units) as :func:`autosales.sales.aggregates.top_values` gives.
    """
    names = [str(name) for name, _, _ in rows][::-1]
    source = ColumnDataSource(
        {
            "name": names,
            "revenue": [float(revenue) for _, revenue, _ in rows][::-1],
            "units": [int(units) for _, _, units in rows][::-1],
            "url": list(urls)[::-1],
        }
    )
    plot = figure(
        title=title,
        y_range=names,
        height=60 + 28 * len(names),
        sizing_mode="stretch_width",
        tools="tap",
        toolbar_location=None,
    )
    plot.hbar(y="name", right="revenue", height=0.7, source=source, color="#1f6feb")
    plot.select_one(TapTool).callback = OpenURL(url="@url", same_tab=True)
    plot.add_tools(
        HoverTool(tooltips=[("", "@name"), ("revenue", "@revenue{0,0}"), ("units", "@units{0,0}")])
    )
    plot.xaxis.formatter = NumeralTickFormatter(format="0.[0]a")
    plot.x_range.start = 0
    return plot
