"""The printable report in the app: the cached analysis, or a page that waits for its job."""

from __future__ import annotations

import logging
from typing import Any

from flask import render_template, request
from flask_login import login_required

from autosales.jobs import analysis as analysis_jobs
from autosales.jobs.queue import start_job
from autosales.models import AnalysisResult
from autosales.reports import bp
from autosales.reports.rendering import css_string, print_charts, report_context

log = logging.getLogger(__name__)

PAPERS = {"a4": "A4", "letter": "Letter"}


@bp.get("/print")
@login_required
def print_report() -> str:
    """Give the report of the analysis these parameters ask for; start or join its job first
    when it is not computed yet, and give a page that reloads until it is."""
    params = analysis_jobs.analysis_params(request.args)
    stored = analysis_jobs.current_result(params)
    if stored is None:
        job = analysis_jobs.running_job(params) or start_job(analysis_jobs.ANALYSIS, params)
        stored = analysis_jobs.current_result(params) if job.status == "done" else None
        if stored is None:
            return render_template("reports/pending.html", job=job, params=params)
    return _report_page(stored, params)


def _report_page(stored: AnalysisResult, params: dict[str, Any]) -> str:
    context = report_context(stored.result, params)
    paper = request.args.get("paper", "")
    return render_template(
        "reports/print.html",
        **context | {"charts": print_charts(stored.result)},
        problems=analysis_jobs.params_filter(params).problems,
        running_title=css_string(f"{context['business']}: sales report"),
        paper=paper if paper in PAPERS else "",
        papers=PAPERS,
        autoprint=request.args.get("print") == "1",
        computed_at=stored.created_at,
    )
