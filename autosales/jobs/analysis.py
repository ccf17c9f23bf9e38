"""The analysis a page or the command line asks for: its parameters, computation and cache.

A result is stored with the owner, the data version it was computed from and its parameters;
it is served again until the owner's data changes.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from autosales.analytics.monitoring import realised_accuracy
from autosales.analytics.report import run_analysis
from autosales.analytics.series import choose_granularity, format_period, period_start
from autosales.extensions import db
from autosales.jobs.runner import params_key
from autosales.jobs.status import refresh_from_queue
from autosales.models import AnalysisResult, JobRecord, User, current_owner_id
from autosales.sales.filters import SalesFilter, parse_filter
from autosales.sales.queries import analysis_frame

log = logging.getLogger(__name__)

ANALYSIS = "analysis"
FILTER_KEYS = ("from", "to", "make", "model", "region")
GRANULARITIES = {"day", "week", "month"}
# How many earlier analyses are read back to see how their forecasts did.
TRACK_RECORD_RESULTS = 12


def analysis_params(args: MultiDict[str, str] | dict[str, Any]) -> dict[str, Any]:
    """Give the canonical parameters of an analysis from URL or command-line arguments."""
    params: dict[str, Any] = {
        key: str(args.get(key)).strip() for key in FILTER_KEYS if args.get(key)
    }
    freq = str(args.get("freq") or "").strip()
    if freq in GRANULARITIES:
        params["freq"] = freq
    horizon = str(args.get("horizon") or "").strip()
    if horizon.isdigit() and 1 <= int(horizon) <= 60:
        params["horizon"] = int(horizon)
    return params


def params_filter(params: dict[str, Any]) -> SalesFilter:
    return parse_filter(MultiDict({key: params[key] for key in FILTER_KEYS if key in params}))


def compute_analysis(params: dict[str, Any]) -> dict[str, Any]:
    """Run every analysis for the owner in scope on the sales the parameters select.

    Without an explicit end date, a period still under way (this month so far) is left out of
    trends, anomalies and forecasts: three days of December are not a collapse of December.
    """
    sales_filter = params_filter(params)
    frame = analysis_frame(sales_filter)
    start, end, notes = _analysis_window(frame, sales_filter, params.get("freq"))
    result = run_analysis(
        frame, start=start, end=end, freq=params.get("freq"), horizon=params.get("horizon")
    ).to_dict()
    result["messages"] = [*notes, *result.get("messages", [])]
    log.info("analysis: %d rows analysed in %.1f s", len(frame), result.get("seconds", 0))
    return result


def _analysis_window(
    frame: pd.DataFrame, sales_filter: SalesFilter, freq: str | None
) -> tuple[pd.Timestamp | None, pd.Timestamp | None, list[str]]:
    start = _timestamp(sales_filter.date_from)
    end = _timestamp(sales_filter.date_to)
    if end is not None or frame.empty:
        return start, end, []
    first, last = frame["sale_date"].min(), frame["sale_date"].max()
    granularity = freq or choose_granularity(start or first, last)
    current = period_start(pd.Series([last]), granularity).iloc[0]
    period_end = _period_end(current, granularity)
    if last >= period_end or current <= (start or first):
        return start, None, []
    note = (
        f"{format_period(current, granularity)} is still under way, so it is left out of the "
        "trend, anomalies and forecast until it is complete."
    )
    return start, current - pd.Timedelta(days=1), [note]


def _period_end(period: pd.Timestamp, granularity: str) -> pd.Timestamp:
    if granularity == "month":
        return period + pd.offsets.MonthEnd(0)
    if granularity == "week":
        return period + pd.Timedelta(days=6)
    return period


def current_result(params: dict[str, Any]) -> AnalysisResult | None:
    """Give the stored analysis for these parameters at the owner's current data version."""
    owner = db.session.get(User, current_owner_id())
    if owner is None:
        return None
    return db.session.execute(
        select(AnalysisResult).where(
            AnalysisResult.kind == ANALYSIS,
            AnalysisResult.params_key == params_key(params),
            AnalysisResult.data_version == owner.data_version,
        )
    ).scalar_one_or_none()


def running_job(params: dict[str, Any]) -> JobRecord | None:
    """Give an unfinished job already computing these parameters, to join it.

    A job whose worker died is marked failed on the way and given back, so the page can say so.
    """
    jobs = db.session.execute(
        select(JobRecord)
        .where(JobRecord.kind == ANALYSIS, JobRecord.status.in_(("queued", "running", "pending")))
        .order_by(JobRecord.created_at.desc())
    ).scalars()
    job = next((job for job in jobs if job.params == params), None)
    return refresh_from_queue(job) if job is not None else None


def latest_result(params: dict[str, Any]) -> AnalysisResult | None:
    """Give the newest stored analysis for these parameters, even from older data: shown,
    marked as updating, while the current one is computed."""
    return db.session.execute(
        select(AnalysisResult)
        .where(AnalysisResult.kind == ANALYSIS, AnalysisResult.params_key == params_key(params))
        .order_by(AnalysisResult.data_version.desc())
        .limit(1)
    ).scalar_one_or_none()


def _timestamp(value: Any) -> pd.Timestamp | None:
    return pd.Timestamp(value) if value else None


def earlier_result(params: dict[str, Any], before_version: int) -> AnalysisResult | None:
    """Give the newest stored analysis for these parameters from before a data version."""
    return db.session.execute(
        select(AnalysisResult)
        .where(
            AnalysisResult.kind == ANALYSIS,
            AnalysisResult.params_key == params_key(params),
            AnalysisResult.data_version < before_version,
        )
        .order_by(AnalysisResult.data_version.desc())
        .limit(1)
    ).scalar_one_or_none()


def forecast_track_record(params: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Give how earlier forecasts for these parameters did against the sales that came since,
    newest first: one entry per forecast start, from the last analysis made before it."""
    observed = (current.get("decomposition") or {}).get("observed") or {}
    granularity = (current.get("parameters") or {}).get("granularity")
    if not observed.get("dates"):
        return []
    series = pd.Series(observed["values"], index=pd.to_datetime(observed["dates"]), dtype=float)
    earlier = db.session.execute(
        select(AnalysisResult)
        .where(AnalysisResult.kind == ANALYSIS, AnalysisResult.params_key == params_key(params))
        .order_by(AnalysisResult.data_version.desc())
        .limit(TRACK_RECORD_RESULTS)
    ).scalars()
    by_start: dict[str, dict[str, Any]] = {}
    for stored in earlier:
        forecast = stored.result.get("forecast") or {}
        if (stored.result.get("parameters") or {}).get("granularity") != granularity:
            continue
        found = realised_accuracy(forecast, series)
        if found is not None and found["start"] not in by_start:
            by_start[found["start"]] = found | {"made": stored.created_at}
    return sorted(by_start.values(), key=lambda entry: entry["start"], reverse=True)[:6]
