"""Importing files of sales: stage the upload, preview it, run the import, undo it.

The reading, mapping and cleaning are the ingest package's; this module keeps the file in the
database between steps, remembers the user's choices, removes rows stored by earlier imports,
and stores the rest in one transaction, so an import lands whole or not at all.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa
from flask import current_app
from sqlalchemy import delete, func, select

from autosales.extensions import db
from autosales.ingest.errors import IngestError
from autosales.ingest.export import frame_to_csv
from autosales.ingest.fingerprint import with_fingerprints
from autosales.ingest.pipeline import PipelineResult, Preview, preview, run_pipeline
from autosales.models import ImportBatch, Sale, SpellingMapping
from autosales.models.ownership import owner_condition
from autosales.models.types import utc_now
from autosales.sales.files import read_file, save_file
from autosales.sales.store import bump_data_version, store_sales_frame
from autosales.sales.summary import refresh_between, sales_span

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
FINGERPRINT_BATCH = 900
WHOLE_SCAN_ROWS = 20_000
FETCH_ROWS = 50_000


class ImportRefusedError(IngestError):
    """The import cannot go ahead; the message says why and what to do."""


@dataclass
class ImportChoices:
    """What the user confirmed on the preview page."""

    mapping: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    spelling: dict[str, dict[str, str]] = field(default_factory=dict)
    keep_duplicates: bool = False
    allow_future: bool = False
    date_order: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def stage_upload(filename: str, data: bytes) -> ImportBatch:
    """Keep an uploaded file for preview; the name is kept for display only."""
    if not data:
        raise ImportRefusedError("The file is empty. Export your sales again and upload that file.")
    stored = save_file("upload", data)
    batch = ImportBatch(
        filename=(filename or "upload")[:255],
        file_size=len(data),
        status="preview",
        upload_file_id=stored.id,
    )
    db.session.add(batch)
    db.session.commit()
    log.info("import %s: staged %d bytes for account %s", batch.id, len(data), batch.owner_id)
    return batch


def preview_batch(batch: ImportBatch, choices: ImportChoices | None = None) -> Preview:
    """Read the staged file and suggest a mapping, using what the user chose last time."""
    data = read_file(_upload_id(batch))
    mapping = choices.mapping if choices and choices.mapping else None
    result = preview(data, mapping=mapping, defaults=choices.defaults if choices else None)
    if mapping is None:
        remembered = remembered_mapping(result.profile.columns)
        if remembered:
            result = preview(data, mapping=remembered)
    return result


def remembered_mapping(columns: list[str]) -> dict[str, str] | None:
    """Give the mapping of the owner's last finished import of a file with these columns."""
    batches = db.session.execute(
        select(ImportBatch).where(ImportBatch.status == "done").order_by(ImportBatch.id.desc())
    ).scalars()
    for batch in batches:
        mapping = (batch.choices or {}).get("mapping") or {}
        if mapping and sorted(mapping) == sorted(columns):
            return dict(mapping)
    return None


def remembered_spelling() -> dict[str, dict[str, str]]:
    rows = db.session.execute(select(SpellingMapping)).scalars()
    remembered: dict[str, dict[str, str]] = {}
    for row in rows:
        remembered.setdefault(row.field, {})[row.original] = row.replacement
    return remembered


def run_import(batch_id: int, progress: Progress) -> dict[str, Any]:
    """Import a staged file with its confirmed choices; give the report as plain data."""
    batch = db.session.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).scalar_one()
    choices = ImportChoices(**(batch.choices or {}))
    batch.status = "running"
    db.session.commit()
    try:
        result = _clean(batch, choices, progress)
        frame, already_stored = _drop_stored(result.frame, choices.keep_duplicates)
        _check_quota(len(frame))
        progress(0.92, "storing the sales")
        stored = store_sales_frame(frame, owner_id=batch.owner_id, import_id=batch.id)
        _finish(batch, result, stored, already_stored, choices)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        _mark_failed(batch_id, error)
        raise
    log.info("import %s: stored %d rows, %d already stored", batch.id, stored, already_stored)
    return batch.report or {}


def import_file(filename: str, data: bytes, choices: ImportChoices) -> dict[str, Any]:
    """Stage, check and import a file at once, as the command line does; give the outcome.

    The same pipeline as the web import, with the automatic mapping corrected by ``choices``.
    The result has ``status`` ("done" or "failed"), ``import_id``, the counts and the report.
    """
    batch = stage_upload(filename, data)
    batch.choices = choices.to_dict()
    db.session.commit()
    # A refusal is recorded on the batch by run_import and reported below.
    with contextlib.suppress(IngestError):
        run_import(batch.id, lambda _fraction, _stage: None)
    batch = db.session.get(ImportBatch, batch.id)
    return {
        "status": batch.status,
        "import_id": batch.id,
        "message": batch.message,
        "rows_read": batch.rows_read,
        "rows_stored": batch.rows_stored,
        "duplicates": batch.duplicates,
        "rejected": batch.rejected,
        "report": batch.report,
    }


def undo_import(batch: ImportBatch) -> int:
    """Delete every sale an import stored; give how many were removed."""
    connection = db.session.connection()
    first, last = sales_span(connection, batch.owner_id, import_id=batch.id)
    removed = db.session.execute(delete(Sale).where(Sale.import_id == batch.id)).rowcount
    refresh_between(connection, batch.owner_id, first, last)
    batch.status = "undone"
    batch.message = f"Undone: {removed:,} sales removed."
    bump_data_version(batch.owner_id)
    db.session.commit()
    log.info("import %s: undone, %d rows removed", batch.id, removed)
    return removed


def rejected_csv(batch: ImportBatch) -> bytes | None:
    return read_file(batch.rejected_file_id) if batch.rejected_file_id else None


def _clean(batch: ImportBatch, choices: ImportChoices, progress: Progress) -> PipelineResult:
    data = read_file(_upload_id(batch))
    spelling = remembered_spelling()
    for name, replacements in choices.spelling.items():
        spelling.setdefault(name, {}).update(replacements)
    return run_pipeline(
        data,
        mapping=choices.mapping or None,
        defaults=choices.defaults,
        spelling=spelling,
        keep_duplicates=choices.keep_duplicates,
        allow_future=choices.allow_future,
        date_order=choices.date_order,
        progress=lambda fraction, stage: progress(fraction * 0.85, stage),
    )


def _drop_stored(frame: pd.DataFrame, keep_duplicates: bool) -> tuple[pd.DataFrame, int]:
    """Remove rows identical to rows the owner already has; give the rest and how many went.

    A fingerprint covers the sale date, so stored fingerprints are looked up by date on the
    (owner, sale date, fingerprint) index, within the file's span of dates only. The clean
    frame has no repeated fingerprints unless duplicates are kept, which skips this. A large
    file whose dates hold no stored sales needs no fingerprints here: they are hashed as the
    rows are stored.
    """
    if keep_duplicates or frame.empty:
        return frame, 0
    if len(frame) > WHOLE_SCAN_ROWS:
        stored = _stored_fingerprints_between(frame["sale_date"].min(), frame["sale_date"].max())
        if len(stored):
            frame = with_fingerprints(frame)
    else:
        frame = with_fingerprints(frame)
        stored = _stored_fingerprints_among(frame.sort_values("sale_date", kind="stable"))
    if not len(stored):
        return frame, 0
    keep = ~frame["fingerprint"].isin(stored)
    return frame[keep], int((~keep).sum())


def _stored_fingerprints_between(
    first: pd.Timestamp, last: pd.Timestamp
) -> pd.arrays.ArrowExtensionArray:
    """Give the fingerprints of the owner's sales dated from `first` to `last`, in one pass.

    One pass over that stretch of the index beats a thousand IN lists; read through Core (with
    the ownership module's condition) and unpacked by hand, as the ORM's per-row work and
    scalars() each add about a second per million rows. They are kept in Arrow a batch at a
    time: a million Python strings would cost about 100 MB.
    """
    scan = select(Sale.fingerprint).where(
        owner_condition(Sale), Sale.sale_date.between(first.date(), last.date())
    )
    result = db.session.connection().execution_options(yield_per=FETCH_ROWS).execute(scan)
    batches = [
        pa.array([fingerprint for (fingerprint,) in rows], type=pa.string())
        for rows in result.partitions()
    ]
    return pd.arrays.ArrowExtensionArray(pa.chunked_array(batches, type=pa.string()))


def _stored_fingerprints_among(frame: pd.DataFrame) -> list[str]:
    """Give which of a date-ordered frame's fingerprints the owner has stored already.

    Each batch is looked up within its own dates, so batches read disjoint stretches of the
    index and the whole check reads at most the file's span of it once.
    """
    stored: list[str] = []
    for start in range(0, len(frame), FINGERPRINT_BATCH):
        chunk = frame.iloc[start : start + FINGERPRINT_BATCH]
        dates = chunk["sale_date"]
        found = db.session.execute(
            select(Sale.fingerprint).where(
                Sale.sale_date.between(dates.iloc[0].date(), dates.iloc[-1].date()),
                Sale.fingerprint.in_(chunk["fingerprint"].tolist()),
            )
        )
        stored += found.scalars()
    return stored


def _check_quota(new_rows: int) -> None:
    limit = current_app.config["MAX_SALES_PER_ACCOUNT"]
    existing = db.session.execute(select(func.count(Sale.id))).scalar_one()
    if existing + new_rows > limit:
        raise ImportRefusedError(
            f"This import would bring your account to {existing + new_rows:,} sales, over the "
            f"limit of {limit:,}. Delete old sales or import a shorter period."
        )


def _finish(
    batch: ImportBatch, result: PipelineResult, stored: int, already: int, choices: ImportChoices
) -> None:
    report = result.report.to_dict()
    report["already_stored"] = already
    report["rows_stored"] = stored
    if len(result.report.rejected_rows):
        batch.rejected_file_id = save_file("rejected", frame_to_csv(result.report.rejected_rows)).id
    batch.rows_read = result.report.rows_read
    batch.rows_stored = stored
    batch.duplicates = result.report.duplicates_skipped + already
    batch.rejected = result.report.rejected
    batch.report = report
    batch.choices = choices.to_dict() | {"mapping": result.mapping.to_dict().get("columns", {})}
    batch.status = "done"
    batch.finished_at = utc_now()
    _remember_spelling(choices.spelling)


def _remember_spelling(spelling: dict[str, dict[str, str]]) -> None:
    for name, replacements in spelling.items():
        for original, replacement in replacements.items():
            existing = db.session.execute(
                select(SpellingMapping).where(
                    SpellingMapping.field == name, SpellingMapping.original == original
                )
            ).scalar_one_or_none()
            if existing is None:
                db.session.add(
                    SpellingMapping(field=name, original=original, replacement=replacement)
                )
            else:
                existing.replacement = replacement


def _mark_failed(batch_id: int, error: Exception) -> None:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        return
    batch.status = "failed"
    batch.message = str(error)[:500] or type(error).__name__
    batch.finished_at = utc_now()
    db.session.commit()


def _upload_id(batch: ImportBatch) -> int:
    if batch.upload_file_id is None:
        raise ImportRefusedError("The uploaded file is no longer here. Upload it again.")
    return batch.upload_file_id
