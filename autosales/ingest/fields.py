"""The canonical sale fields: the contract between the ingest package and the database layer.

The clean frame that :func:`autosales.ingest.pipeline.run_pipeline` returns has one column per
field below, in ``FRAME_COLUMNS`` order. Money is held exactly as integer cents
(``unit_price_cents`` int64, ``unit_cost_cents`` nullable Int64): integers are exact, compact and
fast to compare; :func:`cents_to_decimal` and :func:`sale_records` turn them into ``Decimal``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import pandas as pd

FieldKind = Literal["date", "text", "int", "money", "dict"]

MAX_PRICE_CENTS = 99_999_999_999  # 999,999,999.99
MIN_PLAUSIBLE_YEAR = 1990


@dataclass(frozen=True, slots=True)
class Field:
    """One canonical sale field: its name, kind, whether a row needs it and its length limit."""

    name: str
    kind: FieldKind
    required: bool
    max_length: int | None = None
    label: str = ""


FIELDS: tuple[Field, ...] = (
    Field("sale_date", "date", True, label="Sale date"),
    Field("make", "text", True, 64, "Make"),
    Field("model", "text", True, 64, "Model"),
    Field("region", "text", True, 64, "Region"),
    Field("quantity", "int", True, label="Quantity"),
    Field("unit_price", "money", True, label="Unit price"),
    Field("order_ref", "text", False, 128, "Order reference"),
    Field("customer", "text", False, 128, "Customer"),
    Field("salesperson", "text", False, 128, "Salesperson"),
    Field("unit_cost", "money", False, label="Unit cost"),
    Field("stocked_on", "date", False, label="Stock-in date"),
    Field("vin", "text", False, 32, "VIN or stock number"),
    Field("body_style", "text", False, 32, "Body style"),
    Field("colour", "text", False, 32, "Colour"),
    Field("transmission", "text", False, 32, "Transmission"),
    Field("extra", "dict", False, label="Extra attributes"),
)
FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}
REQUIRED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")

# Mapping targets that are not stored but feed a canonical field.
LINE_TOTAL = "line_total"  # unit_price = line_total / quantity
YEAR = "year"  # year + month -> sale_date on the first of the month
MONTH = "month"
EXTRA = "extra"  # keep the column's values in the row's ``extra`` dict
IGNORE = "ignore"
SOURCE_TARGETS: tuple[str, ...] = (LINE_TOTAL, YEAR, MONTH)
MAPPABLE_TARGETS: tuple[str, ...] = (
    *(f.name for f in FIELDS if f.name != EXTRA),
    *SOURCE_TARGETS,
)

# Columns of the clean frame, in order. ``source_line`` is the line of the row in the file and
# ``canonical`` the row's canonical text, whose hash is its fingerprint (see
# :mod:`autosales.ingest.fingerprint`): equal texts are the same sale.
FRAME_COLUMNS: tuple[str, ...] = (
    "sale_date",
    "make",
    "model",
    "region",
    "quantity",
    "unit_price_cents",
    "order_ref",
    "customer",
    "salesperson",
    "unit_cost_cents",
    "stocked_on",
    "vin",
    "body_style",
    "colour",
    "transmission",
    "extra",
    "source_line",
    "canonical",
)


def cents_to_decimal(cents: Any) -> Decimal | None:
    """Give the exact Decimal (2 places) for integer cents; None for a missing value."""
    if cents is None or cents is pd.NA or (isinstance(cents, float) and math.isnan(cents)):
        return None
    return Decimal(int(cents)).scaleb(-2).quantize(Decimal("0.01"))


def _plain(value: Any) -> Any:
    """Give None for pandas' missing markers, the value otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def sale_records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Yield each clean row as a dict of canonical field -> Python value.

    Dates come out as ``datetime.date``, money as ``Decimal``, missing optional values as None, so
    the database layer can insert them directly. ``canonical`` and ``source_line`` ride along.
    """
    columns = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        row = dict(zip(columns, values, strict=True))
        record: dict[str, Any] = {}
        for name, value in row.items():
            value = _plain(value)
            if name.endswith("_cents"):
                record[name.removesuffix("_cents")] = cents_to_decimal(value)
            elif isinstance(value, pd.Timestamp):
                record[name] = value.date()
            elif name in ("quantity", "source_line") and value is not None:
                record[name] = int(value)
            else:
                record[name] = value
        yield record
