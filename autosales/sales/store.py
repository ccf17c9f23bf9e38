"""Writing sales: bulk storage of clean frames, and the data version every change bumps."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, update

from autosales.extensions import db
from autosales.models import Sale, User
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS

log = logging.getLogger(__name__)

CHUNK_ROWS = 5_000
_MONEY = ("unit_price", "unit_cost")
_DATES = ("sale_date", "stocked_on")
STORED_COLUMNS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS, "extra", "fingerprint")


def bump_data_version(owner_id: int) -> None:
    """Mark the owner's data as changed, so analyses computed before are recomputed."""
    db.session.execute(
        update(User).where(User.id == owner_id).values(data_version=User.data_version + 1)
    )


def store_sales_frame(frame: pd.DataFrame, *, owner_id: int, import_id: int | None = None) -> int:
    """Insert a clean sales frame for one owner in chunks; give the number of rows stored.

    The frame has the canonical fields, money as integer cents (``unit_price_cents``,
    ``unit_cost_cents``) and a ``fingerprint`` column. The caller commits, so an import is
    stored whole or not at all.
    """
    stored = 0
    for rows in _row_chunks(frame, owner_id=owner_id, import_id=import_id):
        db.session.execute(insert(Sale.__table__), rows)
        stored += len(rows)
    bump_data_version(owner_id)
    log.info("sales: stored %d rows for account %s", stored, owner_id)
    return stored


def _row_chunks(
    frame: pd.DataFrame, *, owner_id: int, import_id: int | None
) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        columns = {name: _column_values(chunk, name) for name in STORED_COLUMNS}
        yield [
            {"owner_id": owner_id, "import_id": import_id}
            | {name: values[index] for name, values in columns.items()}
            for index in range(len(chunk))
        ]


def _column_values(chunk: pd.DataFrame, name: str) -> list[Any]:
    """Give one column as Python values the database driver takes; absent columns are None."""
    if name in _MONEY:
        source = chunk.get(f"{name}_cents")
        if source is None:
            return [None] * len(chunk)
        return [_cents(value) for value in source.to_numpy(dtype=object)]
    source = chunk.get(name)
    if source is None:
        return [None] * len(chunk)
    if name in _DATES:
        dates = pd.to_datetime(source)
        return [None if pd.isna(value) else value.date() for value in dates]
    if name == "quantity":
        return [int(value) for value in source.to_numpy()]
    return [None if _missing(value) else value for value in source.to_numpy(dtype=object)]


def _cents(value: Any) -> Decimal | None:
    if _missing(value):
        return None
    return Decimal(int(value)).scaleb(-2)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and np.isnan(value)
