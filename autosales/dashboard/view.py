"""Everything the dashboard page shows before the analysis: SQL aggregates turned into cards,
tables and chart JSON, cached per owner, data version and parameters."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from flask import url_for

from autosales.charts.embed import figure_json
from autosales.charts.ranking import ranking_figure
from autosales.charts.share import share_figure, share_table
from autosales.charts.trend import revenue_trend_figure
from autosales.dashboard.cache import app_cache
from autosales.dashboard.figures import KpiCard, kpi_cards
from autosales.dashboard.periods import Comparison, choose_comparison
from autosales.extensions import db
from autosales.jobs.runner import params_key
from autosales.models import User, current_owner_id
from autosales.sales import aggregates
from autosales.sales.aggregates import SalesTotals, StockAgeing
from autosales.sales.filters import SalesFilter

log = logging.getLogger(__name__)

MAX_POINTS = 400
FREQUENCIES = {"day": "D", "week": "W", "month": "M"}
FREQUENCY_NAMES = {"D": "day", "W": "week", "M": "month"}
CACHE_SIZE = 64


@dataclass
class DashboardView:
    totals: SalesTotals
    comparison: Comparison | None = None
    cards: list[KpiCard] = field(default_factory=list)
    trend_chart: str | None = None
    trend_freq: str = "M"
    share_chart: str | None = None
    rankings: list[dict[str, Any]] = field(default_factory=list)
    ageing: StockAgeing | None = None


def dashboard_view(params: dict[str, Any], sales_filter: SalesFilter, today: date) -> DashboardView:
    """Give the page's figures, from the cache when the owner's data has not changed."""
    owner = db.session.get(User, current_owner_id())
    key = (current_owner_id(), owner.data_version if owner else 0, params_key(params), today)
    view = app_cache("dashboard_views", CACHE_SIZE).get_or_build(
        key, lambda: build_view(params, sales_filter, today)
    )
    assert isinstance(view, DashboardView)
    return view


def build_view(params: dict[str, Any], sales_filter: SalesFilter, today: date) -> DashboardView:
    totals = aggregates.sales_totals(sales_filter)
    if not totals.sales:
        return DashboardView(totals)
    comparison = choose_comparison(sales_filter, totals.first_date, totals.last_date, today)
    assert comparison is not None  # there are sales, so there are dates
    freq = trend_frequency(params.get("freq"), totals)
    trend = aggregates.totals_by_period(freq, sales_filter)
    title = f"Revenue per {FREQUENCY_NAMES[freq]}"
    return DashboardView(
        totals=totals,
        comparison=comparison,
        cards=kpi_cards(comparison, sales_filter),
        trend_chart=_trend_chart(trend, title, freq, today),
        trend_freq=freq,
        share_chart=_share_chart(params, sales_filter),
        rankings=_rankings(params, sales_filter),
        ageing=_ageing(sales_filter),
    )


def _trend_chart(trend: pd.DataFrame, title: str, freq: str, today: date) -> str | None:
    """The trend chart; its last period is marked "so far" when today falls in it."""
    if trend.empty:
        return None
    last_start = trend["period"].max()
    ends = {"D": pd.Timedelta(0), "W": pd.Timedelta(days=6), "M": pd.offsets.MonthEnd(0)}
    partial = freq != "D" and last_start <= pd.Timestamp(today) <= last_start + ends[freq]
    return figure_json(revenue_trend_figure(trend, title=title, last_is_partial=partial))


def trend_frequency(chosen: str | None, totals: SalesTotals) -> str:
    """Give the chosen granularity, coarsened until the chart has at most MAX_POINTS points;
    automatic is days up to three months, weeks up to two years, months beyond."""
    span = (totals.last_date - totals.first_date).days + 1 if totals.first_date else 0
    freq = FREQUENCIES.get(chosen or "") or ("D" if span <= 92 else "W" if span <= 731 else "M")
    if freq == "D" and span > MAX_POINTS:
        freq = "W"
    if freq == "W" and span / 7 > MAX_POINTS:
        freq = "M"
    return freq


def _share_chart(params: dict[str, Any], sales_filter: SalesFilter) -> str | None:
    part = "model" if params.get("make") else "make"
    frame = aggregates.revenue_by_period_and(part, "M", sales_filter)
    if frame["period"].nunique() < 2:
        return None
    title = f"Revenue share by {part}"
    return figure_json(share_figure(share_table(frame), title=title))


def _rankings(params: dict[str, Any], sales_filter: SalesFilter) -> list[dict[str, Any]]:
    dimensions = [("make", "Top makes"), ("model", "Top models"), ("region", "Top regions")]
    rankings = []
    for dimension, heading in dimensions:
        if params.get(dimension):
            continue
        rows = aggregates.top_values(dimension, limit=8, sales_filter=sales_filter)
        makes = (
            aggregates.makes_of_models([name for name, _, _ in rows])
            if dimension == "model"
            else {}
        )
        links = [_drill_url(params, dimension, name, makes) for name, _, _ in rows]
        chart = ranking_figure(rows, links, title=heading) if dimension == "make" else None
        rankings.append(
            {
                "dimension": dimension,
                "heading": heading,
                "rows": list(zip(rows, links, strict=True)),
                "chart": figure_json(chart) if chart is not None and rows else None,
            }
        )
    return rankings


def _drill_url(params: dict[str, Any], dimension: str, name: str, makes: dict[str, str]) -> str:
    changes: dict[str, Any] = {dimension: name}
    if dimension == "model" and makes.get(name):
        changes["make"] = makes[name]
    return url_for("dashboard.index", **{**params, **changes})


def _ageing(sales_filter: SalesFilter) -> StockAgeing | None:
    ageing = aggregates.stock_ageing(sales_filter)
    return ageing if ageing.units else None
