"""Importing files: upload, confirm the column mapping, follow progress, read the report, undo."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from autosales.downloads import attachment
from autosales.extensions import db
from autosales.ingest import fields as ingest_fields
from autosales.ingest.errors import IngestError
from autosales.jobs.queue import start_job
from autosales.models import ImportBatch, JobRecord, get_owned_or_404
from autosales.sales import importing
from autosales.sales.import_forms import UploadForm, choices_from_form, mapping_targets

log = logging.getLogger(__name__)

bp = Blueprint("imports", __name__, url_prefix="/imports")
BREADCRUMBS = [("Dashboard", "/dashboard"), ("Sales", "/sales/"), ("Imports", "/imports/")]


@bp.get("/")
@login_required
def index() -> str:
    return render_template(
        "imports/index.html", form=UploadForm(), batches=_history(), breadcrumbs=BREADCRUMBS
    )


@bp.post("/")
@login_required
def upload() -> str | BaseResponse | tuple[str, int]:
    form = UploadForm()
    if not form.validate():
        page = render_template(
            "imports/index.html", form=form, batches=_history(), breadcrumbs=BREADCRUMBS
        )
        return page, 422
    upload_file = form.file.data
    try:
        batch = importing.stage_upload(upload_file.filename or "upload", upload_file.read())
    except IngestError as error:
        flash(str(error), "error")
        return redirect(url_for("imports.index"), code=303)
    return redirect(url_for("imports.preview", import_id=batch.id), code=303)


@bp.route("/<int:import_id>/preview", methods=["GET", "POST"])
@login_required
def preview(import_id: int) -> str | BaseResponse | tuple[str, int]:
    batch = get_owned_or_404(ImportBatch, import_id)
    if batch.status != "preview":
        return redirect(url_for("imports.show", import_id=batch.id), code=303)
    choices = choices_from_form(request.form) if request.method == "POST" else None
    try:
        found = importing.preview_batch(batch, choices)
    except IngestError as error:
        return _refused(batch, str(error))
    if request.method == "POST" and not found.missing_required:
        batch.choices = choices.to_dict() if choices else None
        batch.status = "queued"
        db.session.commit()
        job = start_job("import", {"import_id": batch.id})
        batch.job_id = job.id
        db.session.commit()
        return redirect(url_for("imports.show", import_id=batch.id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "imports/preview.html",
        batch=batch,
        found=found,
        targets=mapping_targets(),
        fields=ingest_fields,
        remembered=importing.remembered_spelling(),
        breadcrumbs=[*BREADCRUMBS, (batch.filename, None)],
    ), status


@bp.get("/<int:import_id>")
@login_required
def show(import_id: int) -> str:
    batch = get_owned_or_404(ImportBatch, import_id)
    job = db.session.get(JobRecord, batch.job_id) if batch.job_id else None
    template = "imports/_status.html" if request.headers.get("HX-Request") else "imports/show.html"
    return render_template(
        template, batch=batch, job=job, breadcrumbs=[*BREADCRUMBS, (batch.filename, None)]
    )


@bp.get("/<int:import_id>/rejected.csv")
@login_required
def rejected(import_id: int) -> Response:
    batch = get_owned_or_404(ImportBatch, import_id)
    data = importing.rejected_csv(batch)
    if data is None:
        abort(404)
    name = f"rejected-rows-import-{batch.id}.csv"
    return attachment(data, name, "text/csv; charset=utf-8")


@bp.post("/<int:import_id>/undo")
@login_required
def undo(import_id: int) -> BaseResponse:
    batch = get_owned_or_404(ImportBatch, import_id)
    if batch.status != "done":
        flash("Only a finished import can be undone.", "error")
    else:
        removed = importing.undo_import(batch)
        flash(f"Import undone: {removed:,} sales removed.", "success")
    return redirect(url_for("imports.index"), code=303)


def _history() -> list[ImportBatch]:
    """The owner's latest hundred imports, newest first, for the import page."""
    statement = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(100)
    return list(db.session.execute(statement).scalars())


def _refused(batch: ImportBatch, message: str) -> tuple[str, int]:
    batch.status = "failed"
    batch.message = message[:500]
    db.session.commit()
    log.info("import %s: refused: %s", batch.id, message)
    return render_template("imports/show.html", batch=batch, job=None, breadcrumbs=BREADCRUMBS), 422
