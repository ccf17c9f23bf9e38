"""Job status for the pages: start a job, and a fragment that htmx polls until it ends."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import login_required
from werkzeug.wrappers import Response

from autosales.extensions import db
from autosales.jobs.queue import start_job
from autosales.jobs.status import refresh_from_queue
from autosales.models import AnalysisResult, JobRecord, get_owned_or_404

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

STARTABLE = {"summary"}


@bp.post("/<kind>")
@login_required
def start(kind: str) -> tuple[str, int] | Response:
    if kind not in STARTABLE:
        abort(404)
    record = start_job(kind)
    return render_template("jobs/_status.html", job=record, result=_result_of(record)), 202


@bp.get("/<job_id>")
@login_required
def status(job_id: str) -> str:
    record = refresh_from_queue(get_owned_or_404(JobRecord, job_id))
    return render_template("jobs/_status.html", job=record, result=_result_of(record))


def _result_of(record: JobRecord) -> AnalysisResult | None:
    if record.result_id is None:
        return None
    return db.session.get(AnalysisResult, record.result_id)
