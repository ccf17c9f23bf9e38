"""File ingest: read CSV/XLSX uploads, match columns, clean rows and report on every row.

Plain functions over bytes and pandas objects; no web or database code. The web, CLI and job
layers call :func:`run_pipeline` (or :func:`preview` for the mapping form), store the clean
frame, and deduplicate against stored rows by the fingerprints of its ``canonical`` texts.
"""

from autosales.ingest.columns import ColumnMapping, ColumnSuggestion
from autosales.ingest.errors import IngestError, MappingError, UnsafeFileError, UnsupportedFileError
from autosales.ingest.export import frame_to_csv, sales_to_csv, sales_to_xlsx, template_csv
from autosales.ingest.fields import FRAME_COLUMNS, cents_to_decimal, sale_records
from autosales.ingest.fingerprint import fingerprint_rows, fingerprint_values, with_fingerprints
from autosales.ingest.normalise import SpellingSuggestion
from autosales.ingest.pipeline import PipelineResult, Preview, preview, run_pipeline
from autosales.ingest.readers import FileProfile
from autosales.ingest.report import CleaningStep, ImportReport

__all__ = [
    "FRAME_COLUMNS",
    "CleaningStep",
    "ColumnMapping",
    "ColumnSuggestion",
    "FileProfile",
    "ImportReport",
    "IngestError",
    "MappingError",
    "PipelineResult",
    "Preview",
    "SpellingSuggestion",
    "UnsafeFileError",
    "UnsupportedFileError",
    "cents_to_decimal",
    "fingerprint_rows",
    "fingerprint_values",
    "frame_to_csv",
    "preview",
    "run_pipeline",
    "sale_records",
    "sales_to_csv",
    "sales_to_xlsx",
    "template_csv",
    "with_fingerprints",
]
