"""The trend chart with its forecast: history, flagged anomalies, forecast with 80%/95% bands."""

from __future__ import annotations

from typing import Any

import pandas as pd
from bokeh.models import ColumnDataSource, HoverTool, NumeralTickFormatter
from bokeh.plotting import figure

HISTORY = "#1f6feb"
FORECAST = "#8250df"
ANOMALY = "#c0392b"


def forecast_figure(analysis: dict[str, Any], *, title: str = "Revenue and forecast") -> figure:
    """Give a chart of the analysed series, its anomalies and the chosen forecast.

    ``analysis`` is an analysis result's ``to_dict()``: the observed series comes from its
    decomposition, the forecast and intervals from its forecast.
    """
    plot = figure(
        title=title,
        x_axis_type="datetime",
        height=320,
        sizing_mode="stretch_width",
        tools="pan,wheel_zoom,box_zoom,reset,save",
        toolbar_location="above",
    )
    observed = (analysis.get("decomposition") or {}).get("observed") or {}
    if observed.get("dates"):
        _add_history(plot, observed)
    forecast = analysis.get("forecast") or {}
    if forecast.get("dates"):
        _add_forecast(plot, forecast)
    anomalies = (analysis.get("anomalies") or {}).get("anomalies") or []
    if anomalies:
        _add_anomalies(plot, anomalies)
    plot.yaxis.formatter = NumeralTickFormatter(format="0,0")
    plot.legend.location = "top_left"
    plot.legend.click_policy = "hide"
    return plot


def _add_history(plot: figure, observed: dict[str, Any]) -> None:
    source = ColumnDataSource(
        {"date": pd.to_datetime(observed["dates"]), "value": observed["values"]}
    )
    line = plot.line(
        "date", "value", source=source, line_width=2, color=HISTORY, legend_label="Actual"
    )
    plot.add_tools(
        HoverTool(
            renderers=[line],
            tooltips=[("period", "@date{%b %Y}"), ("actual", "@value{0,0}")],
            formatters={"@date": "datetime"},
        )
    )


def _add_forecast(plot: figure, forecast: dict[str, Any]) -> None:
    source = ColumnDataSource(
        {
            "date": pd.to_datetime(forecast["dates"]),
            "mean": forecast["mean"],
            "lower_80": forecast["lower_80"],
            "upper_80": forecast["upper_80"],
            "lower_95": forecast["lower_95"],
            "upper_95": forecast["upper_95"],
        }
    )
    plot.varea(
        "date",
        "lower_95",
        "upper_95",
        source=source,
        color=FORECAST,
        alpha=0.12,
        legend_label="95% interval",
    )
    plot.varea(
        "date",
        "lower_80",
        "upper_80",
        source=source,
        color=FORECAST,
        alpha=0.25,
        legend_label="80% interval",
    )
    line = plot.line(
        "date",
        "mean",
        source=source,
        line_width=2,
        line_dash="dashed",
        color=FORECAST,
        legend_label=f"Forecast ({forecast.get('method', '')})",
    )
    plot.add_tools(
        HoverTool(
            renderers=[line],
            tooltips=[
                ("period", "@date{%b %Y}"),
                ("forecast", "@mean{0,0}"),
                ("80%", "@lower_80{0,0} to @upper_80{0,0}"),
                ("95%", "@lower_95{0,0} to @upper_95{0,0}"),
            ],
            formatters={"@date": "datetime"},
        )
    )


def _add_anomalies(plot: figure, anomalies: list[dict[str, Any]]) -> None:
    source = ColumnDataSource(
        {
            "date": pd.to_datetime([item["period"] for item in anomalies]),
            "actual": [item["actual"] for item in anomalies],
            "expected": [item["expected"] for item in anomalies],
            "direction": [item["direction"] for item in anomalies],
        }
    )
    marks = plot.scatter(
        "date",
        "actual",
        source=source,
        size=11,
        marker="circle_x",
        color=ANOMALY,
        fill_alpha=0.2,
        legend_label="Anomaly",
    )
    plot.add_tools(
        HoverTool(
            renderers=[marks],
            tooltips=[
                ("anomaly", "@direction expected"),
                ("actual", "@actual{0,0}"),
                ("expected", "@expected{0,0}"),
            ],
        )
    )
