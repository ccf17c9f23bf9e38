"""The import report: what was read, what each cleaning step did, and what was left out."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from autosales.ingest.columns import ColumnMapping
from autosales.ingest.normalise import SpellingSuggestion
from autosales.ingest.readers import FileProfile

REPORT_ROWS_LIMIT = 100  # rows of rejected/duplicate detail in to_dict(); the CSV has them all


class CleaningStep(NamedTuple):
    """One step of cleaning: its name, how many rows or cells it touched, and what it did."""

    name: str
    count: int
    description: str


@dataclass(slots=True)
class ImportReport:
    """Everything the user sees after an import.

    Always ``rows_read == rows_clean + duplicates_skipped + rejected``. ``duplicates_in_file``
    counts rows identical to an earlier row of the file; they are skipped unless the caller asked
    to keep them, in which case ``duplicates_skipped`` is 0 and they are in the clean frame.
    ``rejected_rows`` holds the original cells of every rejected row plus ``line`` and
    ``reason``; ``duplicate_rows`` the duplicates plus ``line`` and ``duplicate_of``.
    """

    rows_read: int
    rows_clean: int
    duplicates_in_file: int
    duplicates_skipped: int
    rejected: int
    steps: list[CleaningStep]
    warnings: list[str]
    profile: FileProfile
    mapping: ColumnMapping
    rejected_rows: pd.DataFrame
    duplicate_rows: pd.DataFrame
    spelling: list[SpellingSuggestion] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Give the report as JSON-serialisable values (row details capped at 100 each)."""
        return {
            "rows_read": self.rows_read,
            "rows_clean": self.rows_clean,
            "duplicates_in_file": self.duplicates_in_file,
            "duplicates_skipped": self.duplicates_skipped,
            "rejected": self.rejected,
            "steps": [step._asdict() for step in self.steps],
            "warnings": list(self.warnings),
            "profile": self.profile.to_dict(),
            "mapping": self.mapping.to_dict(),
            "rejected_rows": frame_records(self.rejected_rows.head(REPORT_ROWS_LIMIT)),
            "duplicate_rows": frame_records(self.duplicate_rows.head(REPORT_ROWS_LIMIT)),
            "spelling": [suggestion_dict(s) for s in self.spelling],
        }


def suggestion_dict(suggestion: SpellingSuggestion) -> dict[str, Any]:
    """Give a spelling suggestion as a plain dict."""
    return {
        "field": suggestion.field,
        "original": suggestion.original,
        "suggested": suggestion.suggested,
        "count": suggestion.count,
        "reason": suggestion.reason,
    }


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Give a frame's rows as dicts of JSON-safe values (text, int, float or None)."""
    records = []
    for row in frame.to_dict(orient="records"):
        records.append({str(key): _json_value(value) for key, value in row.items()})
    return records


def _json_value(value: Any) -> Any:
    """Give a JSON-safe form of a cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)
