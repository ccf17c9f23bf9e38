"""The landing page for visitors and the dashboard for signed-in users."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from autosales.charts.decomposition import decomposition_figure
from autosales.charts.embed import figure_json
from autosales.charts.forecast import forecast_figure
from autosales.charts.trend import revenue_trend_figure
from autosales.dashboard import bp
from autosales.jobs import analysis as analysis_jobs
from autosales.jobs.queue import start_job
from autosales.models import JobRecord
from autosales.sales import aggregates


@bp.get("/")
def home() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("dashboard/home.html")


@bp.get("/dashboard")
@login_required
def index() -> str:
    """The page itself answers from SQL aggregates at once; the analysis loads into it."""
    params = analysis_jobs.analysis_params(request.args)
    sales_filter = analysis_jobs.params_filter(params)
    totals = aggregates.sales_totals(sales_filter)
    trend = aggregates.totals_by_period("M", sales_filter)
    chart = (
        figure_json(revenue_trend_figure(trend, title="Revenue per month")) if len(trend) else None
    )
    return render_template(
        "dashboard/index.html",
        params=params,
        filter=sales_filter,
        totals=totals,
        trend_chart=chart,
        top_makes=aggregates.top_values("make", sales_filter=sales_filter),
        top_regions=aggregates.top_values("region", sales_filter=sales_filter),
    )


@bp.get("/dashboard/analysis")
@login_required
def analysis() -> str:
    """Give the analysis panels when the result is ready; otherwise start or join its job and
    give a placeholder that polls until it is."""
    params = analysis_jobs.analysis_params(request.args)
    stored = analysis_jobs.current_result(params)
    if stored is not None:
        return _panels(stored.result, params)
    job = analysis_jobs.running_job(params) or start_job(analysis_jobs.ANALYSIS, params)
    return _pending_or_panels(job, params)


@bp.post("/dashboard/analysis")
@login_required
def retry_analysis() -> str:
    params = analysis_jobs.analysis_params(request.args)
    return _pending_or_panels(start_job(analysis_jobs.ANALYSIS, params), params)


def _pending_or_panels(job: JobRecord, params: dict[str, Any]) -> str:
    if job.status == "done":
        stored = analysis_jobs.current_result(params)
        if stored is not None:
            return _panels(stored.result, params)
    return render_template("dashboard/_analysis_pending.html", job=job, params=params)


def _panels(result: dict[str, Any], params: dict[str, Any]) -> str:
    charts = {}
    if (result.get("forecast") or {}).get("dates") or (result.get("decomposition") or {}):
        charts["forecast"] = figure_json(forecast_figure(result))
    if (result.get("decomposition") or {}).get("observed"):
        charts["decomposition"] = figure_json(decomposition_figure(result["decomposition"]))
    return render_template("dashboard/_analysis.html", result=result, charts=charts, params=params)


@bp.app_template_filter("merge_params")
def merge_params(params: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Give the URL parameters with some changed; a change to None removes that parameter."""
    merged = {**params, **changes}
    return {key: value for key, value in merged.items() if value not in (None, "")}
