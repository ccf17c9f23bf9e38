"""The landing page for visitors and the dashboard for signed-in users."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from autosales.charts.decomposition import decomposition_figure
from autosales.charts.embed import figure_json
from autosales.charts.forecast import forecast_figure
from autosales.charts.monitoring import track_record_figure
from autosales.dashboard import bp
from autosales.dashboard.cache import app_cache
from autosales.dashboard.periods import date_presets
from autosales.dashboard.view import dashboard_view
from autosales.formatting import user_preferences
from autosales.jobs import analysis as analysis_jobs
from autosales.jobs.queue import start_job
from autosales.models import AnalysisResult, JobRecord

BODY_ID = "dashboard-body"
ANALYSIS_PANELS = ("insights", "forecast", "decomposition", "rules", "classes")
CHART_CACHE_SIZE = 64


@bp.get("/")
def home() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("dashboard/home.html")


@bp.get("/dashboard")
@login_required
def index() -> str | Response:
    """The page answers from SQL aggregates at once; the analysis loads into it. A filter
    change from htmx gets the page's body alone, with the clean URL to push."""
    params = analysis_jobs.analysis_params(request.args)
    sales_filter = analysis_jobs.params_filter(params)
    today = date.today()
    context = {
        "params": params,
        "filter": sales_filter,
        "view": dashboard_view(params, sales_filter, today),
        "presets": date_presets(today),
        "panels": page_panels(user_preferences().dashboard_panels),
    }
    if request.headers.get("HX-Target") == BODY_ID and not request.headers.get(
        "HX-History-Restore-Request"
    ):
        fragment = render_template("dashboard/_body.html", **context)
        return Response(fragment, headers={"HX-Push-Url": url_for("dashboard.index", **params)})
    return render_template("dashboard/index.html", **context)


def page_panels(order: tuple[str, ...]) -> list[str]:
    """Give the page's panels in the user's order; the analysis's own panels collapse into one
    "analysis" entry where the first of them stands."""
    panels: list[str] = []
    for name in order:
        entry = "analysis" if name in ANALYSIS_PANELS else name
        if entry not in panels:
            panels.append(entry)
    return panels


@bp.get("/dashboard/analysis")
@login_required
def analysis() -> str:
    """Give the analysis panels when the result is ready; otherwise start or join its job and
    give a placeholder that polls until it is."""
    params = analysis_jobs.analysis_params(request.args)
    stored = analysis_jobs.current_result(params)
    if stored is not None:
        return _panels(stored, params)
    job = analysis_jobs.running_job(params) or start_job(analysis_jobs.ANALYSIS, params)
    return _pending_or_panels(job, params)


@bp.post("/dashboard/analysis")
@login_required
def retry_analysis() -> str:
    params = analysis_jobs.analysis_params(request.args)
    return _pending_or_panels(start_job(analysis_jobs.ANALYSIS, params), params)


@bp.get("/dashboard/analysis/ready")
@login_required
def analysis_ready() -> str | Response:
    """Polled while an older result is shown: the fresh panels replace the whole section once
    they are ready (or the failure, with its retry); until then the notice stays."""
    params = analysis_jobs.analysis_params(request.args)
    job = analysis_jobs.running_job(params)
    if job is not None and job.status != "failed":
        return render_template("dashboard/_updating.html", params=params)
    stored = analysis_jobs.current_result(params)
    fragment = (
        _panels(stored, params)
        if stored is not None
        else _pending_or_panels(job or start_job(analysis_jobs.ANALYSIS, params), params)
    )
    return Response(fragment, headers={"HX-Retarget": "#analysis", "HX-Reswap": "outerHTML"})


def _pending_or_panels(job: JobRecord, params: dict[str, Any]) -> str:
    """Give the panels when the job is done; while it runs, the last result for these
    parameters marked as updating, or a placeholder when there is none; a failure as such."""
    if job.status == "done":
        stored = analysis_jobs.current_result(params)
        if stored is not None:
            return _panels(stored, params)
    if job.status != "failed":
        previous = analysis_jobs.latest_result(params)
        if previous is not None:
            return _panels(previous, params, updating=True)
    return render_template("dashboard/_analysis_pending.html", job=job, params=params)


def _panels(stored: AnalysisResult, params: dict[str, Any], *, updating: bool = False) -> str:
    result = stored.result
    # A stored result never changes, so its charts are built once per process.
    charts = app_cache("analysis_charts", CHART_CACHE_SIZE).get_or_build(
        (stored.id, stored.owner_id), lambda: _charts(result)
    )
    order = [name for name in user_preferences().dashboard_panels if name in ANALYSIS_PANELS]
    track_record = analysis_jobs.forecast_track_record(params, result)
    return render_template(
        "dashboard/_analysis.html",
        result=result,
        charts=charts,
        params=params,
        order=order,
        updating=updating,
        track_record=track_record,
        track_chart=figure_json(track_record_figure(track_record)) if track_record else None,
    )


def _charts(result: dict[str, Any]) -> dict[str, str]:
    charts = {}
    if (result.get("forecast") or {}).get("dates") or (result.get("decomposition") or {}):
        charts["forecast"] = figure_json(forecast_figure(result))
    if (result.get("decomposition") or {}).get("observed"):
        charts["decomposition"] = figure_json(decomposition_figure(result["decomposition"]))
    return charts


@bp.app_template_filter("merge_params")
def merge_params(params: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Give the URL parameters with some changed; a change to None removes that parameter."""
    merged = {**params, **changes}
    return {key: value for key, value in merged.items() if value not in (None, "")}
