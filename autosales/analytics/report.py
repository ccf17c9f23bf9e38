"""One call that runs every analysis for one already-filtered scope of sales."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import pandas as pd

from autosales.analytics import insights
from autosales.analytics.anomalies import AnomalyResult, find_anomalies
from autosales.analytics.classify import (
    CustomerSegmentation,
    ItemClass,
    classify_dimension,
    classify_series,
    segment_customers,
)
from autosales.analytics.decompose import Decomposition, decompose_series
from autosales.analytics.forecast import ReconciledForecast, forecast_series, reconcile_forecasts
from autosales.analytics.forecast.results import ForecastResult
from autosales.analytics.kpis import KpiResult, compute_kpis, select_range
from autosales.analytics.results import PlainResult
from autosales.analytics.rules import RuleResult, find_basket_rules, find_sale_rules
from autosales.analytics.series import (
    build_dimension_series,
    build_series,
    check_granularity,
    choose_granularity,
    date_column_of,
    default_horizon,
    is_period_frame,
    period_start,
    season_length,
)

logger = logging.getLogger(__name__)

REQUIRED_SALE_COLUMNS = ("sale_date", "quantity", "revenue")
REQUIRED_PERIOD_COLUMNS = ("period", "revenue", "units", "sales")


@dataclass(frozen=True)
class AnalysisResult(PlainResult):
    """Everything the report and dashboard show for one scope; `to_dict()` is JSON-ready."""

    parameters: dict[str, object]
    kpis: KpiResult | None = None
    series: dict[str, pd.Series] = field(default_factory=dict)
    decomposition: Decomposition | None = None
    anomalies: AnomalyResult | None = None
    forecast: ForecastResult | None = None
    dimension_forecasts: dict[str, ForecastResult] = field(default_factory=dict)
    reconciliation: ReconciledForecast | None = None
    rules: tuple[RuleResult, ...] = ()
    classes: dict[str, object] = field(default_factory=dict)
    insights: tuple[insights.Insight, ...] = ()
    messages: tuple[str, ...] = ()
    seconds: float = 0.0


def check_frame(frame: pd.DataFrame) -> str | None:
    """None when the frame has the columns of a sale-level or period frame, else what is
    missing."""
    wanted = REQUIRED_PERIOD_COLUMNS if is_period_frame(frame) else REQUIRED_SALE_COLUMNS
    missing = [name for name in wanted if name not in frame.columns]
    if missing:
        return (
            f"The sales data lacks the column(s) {', '.join(missing)}; a sale-level frame "
            f"needs {', '.join(REQUIRED_SALE_COLUMNS)}."
        )
    return None


def run_analysis(
    frame: pd.DataFrame,
    *,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    freq: str | None = None,
    horizon: int | None = None,
    value: str = "revenue",
    forecast_dimension: str | None = "make",
    max_dimension_forecasts: int = 12,
) -> AnalysisResult:
    """KPIs, series, decomposition, anomalies, forecasts (total and per make, reconciled), rules,
    classes and ranked insights for `frame` between `start` and `end` (inclusive).

    KPIs cover [start, end] when `start` is given, else the last period (e.g. the last month)
    against the one before and the same one a year earlier.
    """
    began = time.perf_counter()
    kpi_start = start
    problem = check_frame(frame)
    if problem is None and len(frame) == 0:
        problem = "No sales in this selection: nothing to analyse yet."
    if problem is not None:
        return AnalysisResult({"value": value}, messages=(problem,))
    rows, start, end = _scope(frame, start, end)
    if rows.empty:
        return AnalysisResult(
            {"value": value, "start": start, "end": end},
            messages=("No sales between these dates.",),
        )
    granularity = check_granularity(freq) if freq else choose_granularity(start, end)
    season = season_length(granularity)
    horizon = horizon or default_horizon(granularity)
    parameters = {
        "value": value,
        "start": start,
        "end": end,
        "granularity": granularity,
        "season_length": season,
        "horizon": horizon,
        "rows": len(rows),
    }
    parameters["kpi_start"] = (
        kpi_start if kpi_start is not None else _last_period_start(end, granularity)
    )
    result = _analyse(rows, parameters, forecast_dimension, max_dimension_forecasts)
    seconds = time.perf_counter() - began
    logger.info("analysis: %d rows, %s, done in %.1f s", len(rows), granularity, seconds)
    return AnalysisResult(**{**result, "seconds": seconds})


def _last_period_start(end: pd.Timestamp, granularity: str) -> pd.Timestamp:
    return pd.Timestamp(period_start(pd.Series([end]), granularity).iloc[0])


def _scope(
    frame: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None
) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    dates = pd.to_datetime(frame[date_column_of(frame)])
    start = pd.Timestamp(start).normalize() if start is not None else dates.min().normalize()
    end = pd.Timestamp(end).normalize() if end is not None else dates.max().normalize()
    return select_range(frame, start, end), start, end


def _analyse(
    rows: pd.DataFrame,
    parameters: dict,
    forecast_dimension: str | None,
    max_dimension_forecasts: int,
) -> dict:
    granularity, season = parameters["granularity"], parameters["season_length"]
    value, horizon = parameters["value"], parameters["horizon"]
    bounds = {"start": parameters["start"], "end": parameters["end"]}
    series = {
        name: build_series(rows, granularity, name, **bounds)
        for name in ("revenue", "units", "sales")
    }
    target = series[value]
    decomposition = decompose_series(target, season)
    sale_level = not is_period_frame(rows)
    anomalies = find_anomalies(decomposition, rows, granularity, value)
    forecast = forecast_series(target, season, horizon, target=value)
    parts, reconciliation = _dimension_forecasts(
        rows, parameters, forecast, forecast_dimension, max_dimension_forecasts
    )
    kpis = compute_kpis(rows, parameters["kpi_start"], parameters["end"])
    rules = (find_sale_rules(rows), find_basket_rules(rows)) if sale_level else ()
    classes = _classes(rows, granularity, season, target, sale_level)
    recent = float(target.iloc[-horizon:].sum()) if len(target) >= horizon else 0.0
    findings = [
        *insights.growth_insights(kpis),
        *insights.anomaly_insights(anomalies),
        *insights.season_insights(decomposition),
        *insights.forecast_insights(forecast, recent),
        *insights.rule_insights(list(rules)),
        *insights.class_insights(_items(classes)),
    ]
    messages = tuple(
        text
        for text in (decomposition.message, anomalies.message, forecast.message, kpis.message)
        if text
    )
    return {
        "parameters": parameters,
        "kpis": kpis,
        "series": series,
        "decomposition": decomposition,
        "anomalies": anomalies,
        "forecast": forecast,
        "dimension_forecasts": parts,
        "reconciliation": reconciliation,
        "rules": rules,
        "classes": classes,
        "insights": insights.rank_insights(findings),
        "messages": messages,
    }


def _dimension_forecasts(
    rows: pd.DataFrame,
    parameters: dict,
    total: ForecastResult,
    dimension: str | None,
    limit: int,
) -> tuple[dict[str, ForecastResult], ReconciledForecast | None]:
    """Forecasts for the largest `limit` values of `dimension`, reconciled to the total by
    forecast proportions."""
    if not dimension or dimension not in rows.columns:
        return {}, None
    table = build_dimension_series(
        rows,
        dimension,
        parameters["granularity"],
        parameters["value"],
        parameters["start"],
        parameters["end"],
    )
    if table.shape[1] < 2:
        return {}, None
    shares = (table.sum() / table.to_numpy().sum()).to_dict()
    parts = {
        str(key): forecast_series(
            table[key],
            parameters["season_length"],
            parameters["horizon"],
            fast=True,
            target=f"{parameters['value']} of {key}",
        )
        for key in list(table.columns)[:limit]
    }
    return parts, reconcile_forecasts(total, parts, {key: shares[key] for key in parts})


def _classes(
    rows: pd.DataFrame, granularity: str, season: int, target: pd.Series, sale_level: bool
) -> dict[str, object]:
    classes: dict[str, object] = {"overall": classify_series(target, season)}
    for dimension in ("make", "model", "region"):
        if dimension in rows.columns:
            classes[dimension] = classify_dimension(rows, dimension, granularity, season)
    customers: CustomerSegmentation | None = segment_customers(rows) if sale_level else None
    if customers is not None:
        classes["customers"] = customers
    return classes


def _items(classes: dict[str, object]) -> tuple[ItemClass, ...]:
    return tuple(item for value in classes.values() if isinstance(value, tuple) for item in value)
