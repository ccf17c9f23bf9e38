"""The import pipeline: read -> map columns -> clean -> find duplicates -> report.

Callers (web view, CLI, RQ job) pass the uploaded bytes and the user's choices and get back the
clean frame and the report; storing rows and deduplicating against stored ones is theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from autosales.ingest import fields as f
from autosales.ingest.cleaning import CleanOptions, CleanOutcome, clean_table
from autosales.ingest.columns import (
    ColumnMapping,
    missing_required,
    require_fields,
    resolve_mapping,
    suggest_mapping,
)
from autosales.ingest.errors import IngestError
from autosales.ingest.normalise import SpellingSuggestion, suggest_spellings
from autosales.ingest.parsing import detect_date_order
from autosales.ingest.readers import FileProfile, RawTable, read_table
from autosales.ingest.report import CleaningStep, ImportReport, frame_records, suggestion_dict

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
PREVIEW_ROWS = 20
DATE_ORDERS = ("DMY", "MDY", "YMD")


@dataclass(slots=True)
class PipelineResult:
    """The outcome of an import: the clean frame (see ``fields.FRAME_COLUMNS``) and its report."""

    profile: FileProfile
    mapping: ColumnMapping
    frame: pd.DataFrame
    report: ImportReport


@dataclass(slots=True)
class Preview:
    """What the mapping form shows before anything is cleaned or stored.

    ``rows`` are the first rows as read (text). ``missing_required`` names required fields with
    no column and no default; ``notes`` say what will happen for absent optional inputs.
    """

    profile: FileProfile
    mapping: ColumnMapping
    rows: pd.DataFrame
    spelling: list[SpellingSuggestion]
    missing_required: list[str]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Give the preview as JSON-serialisable values."""
        return {
            "profile": self.profile.to_dict(),
            "mapping": self.mapping.to_dict(),
            "rows": frame_records(self.rows),
            "spelling": [suggestion_dict(s) for s in self.spelling],
            "missing_required": list(self.missing_required),
            "notes": list(self.notes),
        }


def _no_progress(fraction: float, stage: str) -> None:
    """Ignore progress when nobody listens."""


def preview(
    data: bytes,
    *,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    defaults: Mapping[str, str] | None = None,
    sheet: str | None = None,
    keep_extra_columns: Iterable[str] = (),
    date_order: str | None = None,
) -> Preview:
    """Read the file and suggest a mapping and spellings, without cleaning every row."""
    table = read_table(data, sheet=sheet)
    used = _mapping_for(table, mapping, keep_extra_columns)
    defaults = dict(defaults or {})
    _profile_dates(table, used, date_order)
    spelling = _spelling_for(table, used)
    return Preview(
        profile=table.profile,
        mapping=used,
        rows=table.frame.head(PREVIEW_ROWS).reset_index(drop=True),
        spelling=spelling,
        missing_required=missing_required(used, defaults),
        notes=_notes(used, defaults),
    )


def run_pipeline(
    data: bytes,
    *,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    defaults: Mapping[str, str] | None = None,
    spelling: Mapping[str, Mapping[str, str]] | None = None,
    keep_duplicates: bool = False,
    allow_future: bool = False,
    today: dt.date | None = None,
    keep_extra_columns: Iterable[str] = (),
    sheet: str | None = None,
    date_order: str | None = None,
    progress: Progress | None = None,
) -> PipelineResult:
    """Import one file: read, map (suggested, then the caller's corrections), clean, report.

    ``defaults`` give values for required fields the file lacks (e.g. ``{"region": "Main"}``);
    ``spelling`` maps field -> {spelling: replacement} as the user confirmed. Raises
    :class:`~autosales.ingest.errors.IngestError` (or its subclasses) for files or mappings
    that cannot be imported, with a message for the user.
    """
    report_progress = progress or _no_progress
    started = time.perf_counter()
    report_progress(0.0, "reading the file")
    table = read_table(data, sheet=sheet)
    report_progress(0.3, "matching columns")
    used = _mapping_for(table, mapping, keep_extra_columns)
    defaults = dict(defaults or {})
    require_fields(used, defaults)
    _check_date_order(date_order)
    report_progress(0.4, "cleaning rows")
    options = CleanOptions(
        defaults, dict(spelling or {}), keep_duplicates, allow_future, today, date_order
    )
    outcome = clean_table(table, used, options)
    report_progress(0.9, "writing the report")
    report = _build_report(table, used, outcome)
    logger.info(
        "ingest pipeline: %d rows read, %d clean, %d duplicates, %d rejected in %.2f s",
        report.rows_read, report.rows_clean, report.duplicates_in_file, report.rejected,
        time.perf_counter() - started,
    )  # fmt: skip
    report_progress(1.0, "done")
    return PipelineResult(table.profile, used, outcome.frame, report)


def _build_report(table: RawTable, used: ColumnMapping, outcome: CleanOutcome) -> ImportReport:
    """Assemble the report from the read table and the cleaning outcome."""
    rejected = len(outcome.rejected_rows)
    warnings = list(outcome.warnings)
    if table.profile.row_count == 0:
        warnings.append("The file has a header but no data rows.")
    return ImportReport(
        rows_read=table.profile.row_count,
        rows_clean=len(outcome.frame),
        duplicates_in_file=outcome.duplicates_in_file,
        duplicates_skipped=outcome.duplicates_skipped,
        rejected=rejected,
        steps=[
            *outcome.steps,
            CleaningStep("rows clean", len(outcome.frame), "rows ready to store"),
        ],
        warnings=warnings,
        profile=table.profile,
        mapping=used,
        rejected_rows=outcome.rejected_rows,
        duplicate_rows=outcome.duplicate_rows,
        spelling=_spelling_for(table, used),
    )


def _mapping_for(
    table: RawTable,
    chosen: Mapping[str, str] | ColumnMapping | None,
    keep_extra_columns: Iterable[str],
) -> ColumnMapping:
    """Suggest a mapping for the table and apply the caller's corrections."""
    keep = list(keep_extra_columns)
    unknown = [column for column in keep if column not in table.frame.columns]
    if unknown:
        raise IngestError(f"The file has no column {unknown[0]!r} to keep as an extra attribute.")
    suggested = suggest_mapping(table.frame, table.profile.decimal_mark, keep)
    return resolve_mapping(suggested, chosen)


def _check_date_order(date_order: str | None) -> None:
    """Refuse a date order we do not know."""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise IngestError(f"Date order must be one of {', '.join(DATE_ORDERS)}.")


def _profile_dates(table: RawTable, used: ColumnMapping, date_order: str | None) -> None:
    """Fill the profile's date order from the sale date column, for the preview."""
    _check_date_order(date_order)
    column = used.source_of("sale_date")
    if column is None:
        return
    values = table.frame[column].astype(object).fillna("")
    order, proven = detect_date_order(values[values.str.strip() != ""])
    table.profile.date_order = date_order or (order if proven else f"{order} (assumed)")


def _spelling_for(table: RawTable, used: ColumnMapping) -> list[SpellingSuggestion]:
    """Suggest make and model spellings from the mapped columns."""
    suggestions: list[SpellingSuggestion] = []
    for name in ("make", "model"):
        column = used.source_of(name)
        if column is not None:
            suggestions += suggest_spellings(table.frame[column].fillna(""), name)
    return suggestions


def _notes(used: ColumnMapping, defaults: Mapping[str, str]) -> list[str]:
    """Say what will happen for inputs the file does not have."""
    notes = []
    if not used.source_of("quantity") and "quantity" not in defaults:
        notes.append("No quantity column: each row counts as one unit.")
    has_price = used.source_of("unit_price") or "unit_price" in defaults
    if not has_price and used.source_of(f.LINE_TOTAL):
        notes.append("No unit price column: unit price will be the line total / quantity.")
    elif not has_price:
        notes.append("No price column: revenue will be zero; units analysis only.")
    if used.source_of(f.YEAR) and used.source_of(f.MONTH) and not used.source_of("sale_date"):
        notes.append("Sale dates will be the first day of each row's year and month.")
    return notes
