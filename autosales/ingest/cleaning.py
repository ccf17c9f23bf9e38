"""Turn the raw text table into typed canonical columns, rejecting rows with reasons.

Each check records a mask of the rows it rejects; a row may fail several checks and its reason
lists them all. Counts per check become the report's steps. No row is dropped without a trace:
it is clean, a duplicate, or rejected.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from autosales.ingest import fields as f
from autosales.ingest.columns import OWN_COLUMNS, ColumnMapping, normalise_name
from autosales.ingest.errors import IngestError
from autosales.ingest.fingerprint import canonical_texts
from autosales.ingest.normalise import apply_spelling, collapse_spaces, unify_case
from autosales.ingest.parsing import (
    amounts_to_cents,
    detect_date_order,
    parse_amount,
    parse_dates,
    whole_numbers,
)
from autosales.ingest.readers import RawTable
from autosales.ingest.report import CleaningStep

logger = logging.getLogger(__name__)

EARLIEST_SALE = pd.Timestamp(f.MIN_PLAUSIBLE_YEAR, 1, 1)
MONTH_NAMES = {
    name: str(number)
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
DATE_EXAMPLES = {"DMY": "24/02/2018", "MDY": "02/24/2018", "YMD": "2018-02-24"}


@dataclass(slots=True)
class CleanOptions:
    """The caller's choices for one import (see :func:`autosales.ingest.pipeline.run_pipeline`)."""

    defaults: Mapping[str, str] = field(default_factory=dict)
    spelling: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    keep_duplicates: bool = False
    allow_future: bool = False
    today: dt.date | None = None
    date_order: str | None = None


@dataclass(slots=True)
class CleanOutcome:
    """The clean frame (with canonical texts), the rows left out and what each step did."""

    frame: pd.DataFrame
    rejected_rows: pd.DataFrame
    duplicate_rows: pd.DataFrame
    duplicates_in_file: int
    duplicates_skipped: int
    steps: list[CleaningStep]
    warnings: list[str]


def clean_table(table: RawTable, mapping: ColumnMapping, options: CleanOptions) -> CleanOutcome:
    """Clean every row of the table under the given mapping and options."""
    return _Cleaner(table, mapping, options).run()


class _Cleaner:
    """Holds one cleaning run's state: the output columns, the checks' masks, the notes."""

    def __init__(self, table: RawTable, mapping: ColumnMapping, options: CleanOptions) -> None:
        self.table = table
        self.raw = table.frame
        self.rows = len(table.frame)
        self.mapping = mapping
        self.options = options
        self.decimal_mark = table.profile.decimal_mark
        self.out: dict[str, Any] = {}
        self.problems: list[tuple[str, np.ndarray]] = []
        self.steps: list[CleaningStep] = []
        self.warnings: list[str] = []
        self.fixes = {"whitespace": 0, "spelling": 0, "case": 0}

    def run(self) -> CleanOutcome:
        """Clean each field, then split rows into clean, rejected and duplicate."""
        self.steps.append(
            CleaningStep(
                "rows read",
                self.rows + len(self.table.bad_rows),
                "data rows in the file; blank lines are not counted",
            )
        )
        if len(self.table.bad_rows):
            self.steps.append(
                CleaningStep(
                    "rejected: cells do not fit the header",
                    len(self.table.bad_rows),
                    "rows with extra cells",
                )
            )
        self.clean_sale_date()
        for name in f.TEXT_FIELDS:
            self.clean_text(name)
        self.clean_quantity()
        self.clean_prices()
        self.out["stocked_on"] = self.optional_date("stocked_on")
        self.out["extra"] = self.extra_values()
        self.out["source_line"] = self.table.lines.astype(np.int64)
        self.record_fixes()
        return self.split_rows()

    # helpers -------------------------------------------------------------------------------
    def source(self, target: str) -> pd.Series | None:
        """Give the raw text column mapped to ``target``, or None."""
        column = self.mapping.source_of(target)
        return None if column is None else self.raw[column].fillna("")

    def reject(self, reason: str, mask: Any) -> None:
        """Record that rows under ``mask`` are rejected for ``reason``."""
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.problems.append((reason, mask))

    def default(self, name: str) -> str | None:
        """Give the caller's default for a field, trimmed, or None."""
        value = self.options.defaults.get(name)
        return None if value is None or not str(value).strip() else " ".join(str(value).split())

    # text ----------------------------------------------------------------------------------
    def clean_text(self, name: str) -> None:
        """Trim a text field, unify make/model spellings, check presence and length."""
        spec = f.FIELDS_BY_NAME[name]
        raw = self.source(name)
        if raw is None:
            value = self.default(name)
            if value is not None and spec.max_length and len(value) > spec.max_length:
                raise IngestError(
                    f"The default {spec.label.lower()} is longer than {spec.max_length} characters."
                )
            self.out[name] = pd.Series(value, index=pd.RangeIndex(self.rows), dtype="str")
            return
        values = collapse_spaces(raw)
        self.fixes["whitespace"] += int((values != raw).sum())
        if name in ("make", "model"):
            values = self.fix_spelling(values, name)
        empty = (values == "").to_numpy()
        if spec.required:
            self.reject(f"{spec.label.lower()} is missing", empty)
        lengths = values.str.len().to_numpy()
        self.reject(
            f"{spec.label.lower()} is longer than {spec.max_length} characters",
            lengths > (spec.max_length or 10**9),
        )
        self.out[name] = values.where(~empty, None)

    def fix_spelling(self, values: pd.Series, name: str) -> pd.Series:
        """Apply the user's confirmed spellings, then unify letter case."""
        spelled = apply_spelling(values, self.options.spelling.get(name, {}))
        self.fixes["spelling"] += int((spelled != values).sum())
        cased = unify_case(spelled, name)
        self.fixes["case"] += int((cased != spelled).sum())
        return cased

    def record_fixes(self) -> None:
        """Add the automatic text fixes to the steps."""
        notes = {
            "whitespace": ("spaces trimmed", "cells with leading, trailing or repeated spaces"),
            "spelling": ("spellings merged", "make/model cells rewritten as you confirmed"),
            "case": ("letter case unified", "make/model cells shown in their usual case"),
        }
        for key, (title, description) in notes.items():
            if self.fixes[key]:
                self.steps.append(CleaningStep(title, self.fixes[key], description))

    # dates ---------------------------------------------------------------------------------
    def clean_sale_date(self) -> None:
        """Parse the sale date (or build it from year and month) and check it is plausible."""
        raw = self.source("sale_date")
        if raw is not None:
            dates = self.parse_date_column(raw, "sale date", required=True, profile=True)
        elif self.source(f.YEAR) is not None and self.source(f.MONTH) is not None:
            dates = self.dates_from_year_month()
        else:
            dates = self.default_date()
        today = pd.Timestamp(self.options.today or dt.date.today())
        self.reject("sale date is before 1990, which is not plausible", dates < EARLIEST_SALE)
        if not self.options.allow_future:
            self.reject("sale date is in the future", dates > today)
        self.out["sale_date"] = dates

    def parse_date_column(
        self, raw: pd.Series, label: str, *, required: bool, profile: bool = False
    ) -> pd.Series:
        """Parse a date column in the detected (or chosen) day/month order."""
        filled = raw[raw.str.strip() != ""]
        order, proven = detect_date_order(filled)
        if self.options.date_order:
            order, proven = self.options.date_order, True
        if not proven and len(filled):
            self.warnings.append(
                f"Every {label} could be read day-first or month-first (like 03/04/2018); "
                "they were read day-first. If that is wrong, choose month-first and import again."
            )
        dates, fmt = parse_dates(raw, order)
        if profile:
            self.table.profile.date_order, self.table.profile.date_format = order, fmt
        empty = (raw.str.strip() == "").to_numpy()
        if required:
            self.reject(f"{label} is missing", empty)
        example = DATE_EXAMPLES[order]
        self.reject(
            f"{label} is not a date we can read (expected like {example})",
            dates.isna().to_numpy() & ~empty,
        )
        return dates.reset_index(drop=True)

    def dates_from_year_month(self) -> pd.Series:
        """Give the first day of each row's year and month."""
        years = whole_numbers(self.source(f.YEAR), self.decimal_mark)
        months = whole_numbers(month_numbers(self.source(f.MONTH)), self.decimal_mark)
        valid = (years >= 1900) & (years <= 2200) & (months >= 1) & (months <= 12)
        self.reject("year or month is missing or not valid", ~valid)
        count = np.where(valid, (years - 1970) * 12 + months - 1, 0).astype(np.int64)
        stamps = count.astype("datetime64[M]").astype("datetime64[s]")
        self.warnings.append(
            "Sale dates are built from the year and month columns (first day of the month)."
        )
        self.steps.append(
            CleaningStep(
                "sale date from year and month",
                int(valid.sum()),
                "dates set to the first of the month",
            )
        )
        return pd.Series(np.where(valid, stamps, np.datetime64("NaT", "s")))

    def default_date(self) -> pd.Series:
        """Give the default sale date for every row (the mapping check ensured there is one)."""
        value = self.options.defaults.get("sale_date")
        parsed, _ = parse_dates(pd.Series([str(value)]), "YMD")
        if parsed.isna().any():
            raise IngestError("The default sale date must be a date like 2024-01-31.")
        return pd.Series(np.repeat(parsed.to_numpy(), self.rows))

    def optional_date(self, name: str) -> pd.Series:
        """Parse an optional date column; an unreadable date rejects its row."""
        raw = self.source(name)
        if raw is None:
            return pd.Series(np.full(self.rows, np.datetime64("NaT", "s")))
        return self.parse_date_column(raw, f.FIELDS_BY_NAME[name].label.lower(), required=False)

    # numbers -------------------------------------------------------------------------------
    def clean_quantity(self) -> None:
        """Parse quantity as a whole number of at least one; no column means one per row."""
        raw = self.source("quantity")
        if raw is None:
            value = _default_quantity(self.default("quantity"))
            self.warnings.append(f"No quantity column: each row counts as {value} unit(s).")
            self.out["quantity"] = np.full(self.rows, value, dtype=np.int64)
            return
        numbers = whole_numbers(raw, self.decimal_mark)
        empty = (raw.str.strip() == "").to_numpy()
        self.reject("quantity is missing", empty)
        self.reject("quantity is not a whole number", np.isnan(numbers) & ~empty)
        self.reject("quantity must be at least 1", numbers < 1)
        self.reject("quantity is above 1,000,000", numbers > 1_000_000)
        usable = np.where(np.isnan(numbers) | (numbers < 1) | (numbers > 1e6), 1, numbers)
        self.out["quantity"] = usable.astype(np.int64)

    def money(self, name: str, label: str, *, required: bool) -> tuple[np.ndarray, np.ndarray]:
        """Parse a money column to cents and check it; give (cents, empty mask)."""
        raw = self.source(name)
        assert raw is not None  # callers check the mapping first
        cents, rounded = amounts_to_cents(raw, self.decimal_mark)
        empty = (raw.str.strip() == "").to_numpy()
        if required:
            self.reject(f"{label} is missing", empty)
        self.reject(f"{label} is not a number", np.isnan(cents) & ~empty)
        self.reject(f"{label} is negative", cents < 0)
        self.reject(f"{label} is above 999,999,999.99", cents > f.MAX_PRICE_CENTS)
        if rounded.any():
            self.steps.append(
                CleaningStep(
                    f"{label} rounded to the cent",
                    int(rounded.sum()),
                    "amounts with more than two decimals",
                )
            )
        return cents, empty

    def clean_prices(self) -> None:
        """Give unit price in cents: from its column, a line total, a default, or zero."""
        if self.mapping.source_of("unit_price"):
            cents, _ = self.money("unit_price", "unit price", required=True)
        elif self.mapping.source_of(f.LINE_TOTAL):
            cents = self.price_from_total()
        elif self.default("unit_price") is not None:
            amount = parse_amount(self.default("unit_price") or "", self.decimal_mark)
            if amount is None or amount < 0:
                raise IngestError(
                    "The default unit price must be a number of at least 0, like 0 or 19990.00."
                )
            cents = np.full(self.rows, float(round(amount * 100)))
        else:
            self.warnings.append("No price column: revenue will be zero; units analysis only.")
            cents = np.zeros(self.rows)
        self.out["unit_price_cents"] = np.nan_to_num(cents).astype(np.int64)
        cost = None
        if self.mapping.source_of("unit_cost"):
            cost, _ = self.money("unit_cost", "unit cost", required=False)
        self.out["unit_cost_cents"] = pd.array(
            np.full(self.rows, np.nan) if cost is None else cost, dtype="Int64"
        )

    def price_from_total(self) -> np.ndarray:
        """Give unit price = line total / quantity, rounded half up to the cent."""
        total, _ = self.money(f.LINE_TOTAL, "line total", required=True)
        quantity = self.out["quantity"]
        usable = ~np.isnan(total) & (total >= 0)
        whole = np.where(usable, total, 0).astype(np.int64)
        cents = (2 * whole + quantity) // (2 * quantity)
        self.warnings.append(
            "No unit price column: unit price is the line total divided by "
            "the quantity, rounded to the cent."
        )
        self.steps.append(
            CleaningStep(
                "unit price from line total",
                int(usable.sum()),
                "unit price = line total / quantity",
            )
        )
        return np.where(usable, cents, np.nan)

    def extra_values(self) -> list[dict[str, str] | None]:
        """Give each row's kept extra columns as a dict of non-empty text values, or None."""
        columns = self.mapping.columns_for(f.EXTRA)
        if not columns:
            return [None] * self.rows
        cells = [
            collapse_spaces(self.raw[col].astype(object).fillna("")).tolist() for col in columns
        ]
        extras = [
            {col: val for col, val in zip(columns, row, strict=True) if val}
            for row in zip(*cells, strict=True)
        ]
        return [extra or None for extra in extras]

    # splitting -----------------------------------------------------------------------------
    def split_rows(self) -> CleanOutcome:
        """Separate rejected rows, give the rest their canonical texts and set duplicates aside."""
        rejected = np.zeros(self.rows, dtype=bool)
        for reason, mask in self.problems:
            rejected |= mask
            self.steps.append(
                CleaningStep(
                    f"rejected: {reason}", int(mask.sum()), "rows left out; see the rejected rows"
                )
            )
        frame = typed_frame(self.out, self.rows)
        if rejected.any():
            frame = frame[~rejected].reset_index(drop=True)
        frame["canonical"] = canonical_texts(frame)
        codes, _ = pd.factorize(frame["canonical"])
        duplicate = repeats_earlier(codes)
        duplicates = self.duplicate_rows(frame, codes, duplicate, ~rejected)
        keep = self.options.keep_duplicates
        action = "kept, as you asked" if keep else "skipped"
        self.steps.append(
            CleaningStep(
                "duplicates in file",
                int(duplicate.sum()),
                f"rows identical to an earlier row, {action}",
            )
        )
        if not keep and duplicate.any():
            frame = frame[~duplicate].reset_index(drop=True)
        return CleanOutcome(
            frame=frame,
            rejected_rows=self.rejected_rows(rejected),
            duplicate_rows=duplicates,
            duplicates_in_file=int(duplicate.sum()),
            duplicates_skipped=0 if keep else int(duplicate.sum()),
            steps=self.steps,
            warnings=self.warnings,
        )

    def original_cells(self, mask: np.ndarray) -> pd.DataFrame:
        """Give the rows' cells as read, without columns our own downloads add."""
        own = [c for c in self.raw.columns if normalise_name(c) in OWN_COLUMNS]
        cells = self.raw[mask].drop(columns=own).reset_index(drop=True)
        cells["line"] = self.table.lines[mask]
        return cells

    def rejected_rows(self, rejected: np.ndarray) -> pd.DataFrame:
        """Give the original cells, line and reasons of rejected and unreadable rows."""
        reasons: list[list[str]] = [[] for _ in range(int(rejected.sum()))]
        position = np.cumsum(rejected) - 1
        for reason, mask in self.problems:
            for row in np.flatnonzero(mask):
                reasons[position[row]].append(reason)
        cells = self.original_cells(rejected)
        cells["reason"] = ["; ".join(items) for items in reasons]
        bad = self.table.bad_rows.drop(
            columns=[
                c
                for c in self.table.bad_rows.columns
                if normalise_name(c) in OWN_COLUMNS and c not in ("line", "reason")
            ]
        )
        combined = pd.concat([cells, bad], ignore_index=True) if len(bad) else cells
        return combined.sort_values("line", kind="stable").reset_index(drop=True)

    def duplicate_rows(
        self, frame: pd.DataFrame, codes: np.ndarray, duplicate: np.ndarray, clean: np.ndarray
    ) -> pd.DataFrame:
        """Give the original cells of duplicates with the line of the row they repeat.

        ``codes`` number the canonical texts in order of first appearance, so the first rows'
        lines, in order, are indexed by code.
        """
        mask = clean.copy()
        mask[clean] = duplicate
        cells = self.original_cells(mask)
        if not duplicate.any():
            cells["duplicate_of"] = pd.Series(dtype=np.int64)
            return cells
        first_lines = frame["source_line"].to_numpy()[~duplicate]
        cells["duplicate_of"] = first_lines[codes[duplicate]]
        return cells


def repeats_earlier(codes: np.ndarray) -> np.ndarray:
    """Mark the values that repeat an earlier one, given codes numbered in order of first
    appearance (as ``pandas.factorize`` gives them): a new value's code is above all before it."""
    if not len(codes):
        return np.zeros(0, dtype=bool)
    highest_before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    return codes <= highest_before


def _default_quantity(text: str | None) -> int:
    """Give the default quantity (one unit per row unless the caller chose another)."""
    if text is None:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise IngestError("The default quantity must be a whole number of at least 1.")
    return int(text)


def month_numbers(values: pd.Series) -> pd.Series:
    """Give month names ("Jan", "January", "janv.") as numbers; other text is left as is."""
    names = values.str.strip().str.lower().str[:3]
    return names.map(MONTH_NAMES).fillna(values).astype("str")


def typed_frame(out: Mapping[str, Any], rows: int) -> pd.DataFrame:
    """Give the output columns with their final dtypes, in FRAME_COLUMNS order."""
    frame = pd.DataFrame({name: out[name] for name in f.FRAME_COLUMNS if name in out})
    if rows == 0:
        frame = pd.DataFrame({name: pd.Series(dtype=object) for name in out})
    for name in ("sale_date", "stocked_on"):
        frame[name] = frame[name].astype("datetime64[s]")
    for name in f.TEXT_FIELDS:
        frame[name] = frame[name].astype("str")
    frame["quantity"] = frame["quantity"].astype(np.int64)
    frame["unit_price_cents"] = frame["unit_price_cents"].astype(np.int64)
    frame["unit_cost_cents"] = frame["unit_cost_cents"].astype("Int64")
    frame["source_line"] = frame["source_line"].astype(np.int64)
    return frame
