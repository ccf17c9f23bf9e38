"""Writing sales: bulk storage of clean frames, and the data version every change bumps."""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import update

from autosales.extensions import db
from autosales.models import Sale, User
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS
from autosales.models.types import utc_now
from autosales.sales.summary import add_sales_to_summary

log = logging.getLogger(__name__)

CHUNK_ROWS = 20_000
_MONEY = ("unit_price", "unit_cost")
_DATES = ("sale_date", "stocked_on")
STORED_COLUMNS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS, "extra", "fingerprint")
INSERT_COLUMNS = ("owner_id", "import_id", "created_at", *STORED_COLUMNS)


def bump_data_version(owner_id: int) -> None:
    """Mark the owner's data as changed, so analyses computed before are recomputed."""
    db.session.execute(
        update(User).where(User.id == owner_id).values(data_version=User.data_version + 1)
    )


def store_sales_frame(frame: pd.DataFrame, *, owner_id: int, import_id: int | None = None) -> int:
    """Insert a clean sales frame for one owner in chunks; give the number of rows stored.

    The frame has the canonical fields, money as integer cents (``unit_price_cents``,
    ``unit_cost_cents``) and a ``fingerprint`` column. Values are converted column by column
    and sent with the driver's executemany, inside the session's transaction: the caller
    commits, so an import is stored whole or not at all.
    """
    if "sale_date" in frame and len(frame) > 1:
        # Rows in date order land next to each other in the date indexes.
        frame = frame.sort_values("sale_date", kind="stable")
    connection = db.session.connection()
    statement = _insert_statement(connection.dialect.paramstyle)
    created_at = utc_now().isoformat(sep=" ")
    stored = 0
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        columns = [[owner_id] * len(chunk), [import_id] * len(chunk), [created_at] * len(chunk)]
        columns += [_column_values(chunk, name) for name in STORED_COLUMNS]
        connection.exec_driver_sql(statement, list(zip(*columns, strict=True)))
        stored += len(chunk)
    add_sales_to_summary(owner_id, frame)
    bump_data_version(owner_id)
    log.info("sales: stored %d rows for account %s", stored, owner_id)
    return stored


def _insert_statement(paramstyle: str) -> str:
    marker = "?" if paramstyle == "qmark" else "%s"
    names = ", ".join(INSERT_COLUMNS)
    markers = ", ".join([marker] * len(INSERT_COLUMNS))
    return f"INSERT INTO {Sale.__tablename__} ({names}) VALUES ({markers})"  # noqa: S608 - fixed names


def _column_values(chunk: pd.DataFrame, name: str) -> list[Any]:
    """Give one column as plain values the driver takes; an absent column is all None."""
    if name in _MONEY:
        return _money_text(chunk.get(f"{name}_cents"), len(chunk))
    source = chunk.get(name)
    if source is None:
        return [None] * len(chunk)
    if name in _DATES:
        dates = pd.to_datetime(source)
        return dates.dt.strftime("%Y-%m-%d").astype(object).where(dates.notna(), None).tolist()
    if name == "quantity":
        return source.astype("int64").tolist()
    if name == "extra":
        return [json.dumps(value) if value else None for value in source.tolist()]
    values = source.astype(object)
    return values.where(values.notna(), None).tolist()


def _money_text(cents: pd.Series | None, length: int) -> list[Any]:
    """Give integer cents as exact decimal text ("24500.50"); missing cents are None."""
    if cents is None:
        return [None] * length
    present = cents.notna().to_numpy()
    whole = np.zeros(length, dtype=np.int64)
    whole[present] = cents[present].astype("int64").to_numpy()
    units = pd.Series(whole // 100).astype(str)
    text = units + "." + pd.Series(whole % 100).astype(str).str.zfill(2)
    return text.astype(object).where(present, None).tolist()
