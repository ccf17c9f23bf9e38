"""Writing sales: bulk storage of clean frames, and the data version every change bumps."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import Connection, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from autosales.extensions import db
from autosales.models import Sale, User
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS
from autosales.models.types import utc_now
from autosales.sales.summary import summary_rows, write_summary_rows

log = logging.getLogger(__name__)

Result = TypeVar("Result")

CHUNK_ROWS = 20_000
BULK_FROM_ROWS = 50_000
BULK_CACHE_KIB = {"main": 192 * 1024, "temp": 32 * 1024}
STAGE_TABLE = "sales_import_stage"
# A multi-row INSERT on MariaDB stays under the server's max_allowed_packet and this size.
STATEMENT_BYTES = 16 * 1024 * 1024
PACKET_SPARE_BYTES = 64 * 1024
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
    ``unit_cost_cents``) and a ``fingerprint`` column. Each column is converted once, in
    vectorised steps; columns empty in every row are left to the table's NULL default. Rows go
    in multi-row INSERTs (on MariaDB as literal text the driver escaped, elsewhere through the
    driver's executemany), inside the session's transaction: the caller commits, so an import
    is stored whole or not at all.
    """
    if "sale_date" in frame and len(frame) > 1:
        # Rows in date order land next to each other in the date indexes.
        frame = frame.sort_values("sale_date", kind="stable")
    connection = db.session.connection()
    shared = _shared_values(owner_id, import_id)
    columns = _insert_columns(frame, connection.dialect)
    if connection.dialect.name == "sqlite" and len(frame) >= BULK_FROM_ROWS:
        summary = _insert_staged(connection, shared, columns, lambda: summary_rows(owner_id, frame))
    else:
        columns = {name: [value] * len(frame) for name, value in shared.items()} | columns
        if connection.dialect.driver == "pymysql":
            _insert_literal_rows(connection, Sale.__tablename__, columns)
        else:
            _insert_rows(connection, Sale.__tablename__, columns)
        summary = summary_rows(owner_id, frame)
    write_summary_rows(owner_id, summary)
    bump_data_version(owner_id)
    log.info("sales: stored %d rows for account %s", len(frame), owner_id)
    return len(frame)


@contextlib.contextmanager
def _bulk_load(connection: Connection) -> Iterator[None]:
    """Give SQLite page caches that hold the sales indexes and the staged rows while many
    rows go in.

    Rows arrive in date order, so most index entries are appended, but the make/model and
    region indexes take them at a few dozen places each, and once those outgrow the cache each
    insert reads and writes pages. The pages are only allocated as used, and the connection's
    own sizes come back after.
    """
    before = {
        schema: connection.exec_driver_sql(f"PRAGMA {schema}.cache_size").scalar()
        for schema in ("main", "temp")
    }
    for schema in before:
        connection.exec_driver_sql(f"PRAGMA {schema}.cache_size=-{BULK_CACHE_KIB[schema]}")
    try:
        yield
    finally:
        for schema, size in before.items():
            connection.exec_driver_sql(f"PRAGMA {schema}.cache_size={int(size)}")


def _insert_staged(
    connection: Connection,
    shared: dict[str, Any],
    columns: dict[str, list[Any]],
    meanwhile: Callable[[], Result],
) -> Result:
    """Insert many rows into SQLite through a staging table, running `meanwhile` in a thread
    while SQLite moves them into the sales table (the driver releases the GIL there); give
    what `meanwhile` gave. `columns` is emptied once staged, so its Python values are freed
    before `meanwhile` allocates."""
    names = list(columns)
    with _bulk_load(connection), ThreadPoolExecutor(max_workers=1) as helper:
        _stage(connection, columns)
        columns.clear()
        result = helper.submit(meanwhile)
        _insert_from_stage(connection, shared, names)
        return result.result()


def _stage(connection: Connection, columns: dict[str, list[Any]]) -> None:
    """Put the rows in a temporary table of the connection's own, for :func:`_insert_from_stage`.

    Statement by statement, SQLite opens and seeks the sales table and its indexes for every
    row; one INSERT ... SELECT from the staged rows keeps them open, which about halves the time.
    """
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE_TABLE}")
    connection.exec_driver_sql(f"CREATE TEMP TABLE {STAGE_TABLE} ({', '.join(columns)})")
    _insert_rows(connection, f"temp.{STAGE_TABLE}", columns)


def _insert_from_stage(connection: Connection, shared: dict[str, Any], names: list[str]) -> None:
    """Move the staged rows into the sales table in one statement, binding the values every row
    shares once; the staging table goes, in the same transaction."""
    columns = ", ".join(names)
    targets = ", ".join([*shared, *names])
    markers = ", ".join("?" * len(shared))
    try:
        connection.exec_driver_sql(
            f"INSERT INTO {Sale.__tablename__} ({targets}) "  # noqa: S608 - fixed names
            f"SELECT {markers}, {columns} FROM temp.{STAGE_TABLE} ORDER BY rowid",
            tuple(shared.values()),
        )
    finally:
        connection.exec_driver_sql(f"DROP TABLE temp.{STAGE_TABLE}")


def _insert_rows(connection: Connection, table: str, columns: dict[str, list[Any]]) -> None:
    """Send the rows to the table in chunks with the driver's executemany."""
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    markers = ", ".join([marker] * len(columns))
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({markers})"  # noqa: S608 - fixed names
    values = list(columns.values())
    length = len(values[0]) if values else 0
    for start in range(0, length, CHUNK_ROWS):
        rows = zip(*(column[start : start + CHUNK_ROWS] for column in values), strict=True)
        connection.exec_driver_sql(statement, list(rows))


def _insert_literal_rows(connection: Connection, table: str, columns: dict[str, list[Any]]) -> None:
    """Send the rows to MariaDB as multi-row INSERTs of literal values escaped by pymysql.

    pymysql's executemany escapes every value of every row in Python, which took most of the
    time of a large import. Here each distinct value of a column is escaped once, by the
    driver's own ``escape`` (as its executemany would, honouring the server's quoting mode),
    and rows share the resulting text: nothing but those literals goes between the fixed
    column names.
    """
    escape = connection.connection.driver_connection.escape
    coded = [_literal_codes(values, escape) for values in columns.values()]
    prefix = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - fixed names
    packet = connection.exec_driver_sql("SELECT @@max_allowed_packet").scalar()
    # Counted in characters, a quarter of the bytes leaves room for four-byte characters.
    budget = (min(STATEMENT_BYTES, int(packet)) - PACKET_SPARE_BYTES) // 4 - len(prefix)
    for rows in _literal_batches(coded, budget):
        _execute_literal(connection, prefix, rows)


def _literal_codes(
    values: list[Any], escape: Callable[[Any], str]
) -> tuple[np.ndarray, np.ndarray]:
    """Give a column as codes into the SQL literals of its distinct values, NULL the last."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    literals = np.array([*(escape(value) for value in uniques), "NULL"], dtype=object)
    return np.where(codes < 0, len(uniques), codes), literals


def _literal_batches(
    coded: list[tuple[np.ndarray, np.ndarray]], budget: int
) -> Iterator[list[str]]:
    """Give the rows as "(literal, ...)" texts, in batches of at most ``budget`` characters."""
    length = len(coded[0][0]) if coded else 0
    batch: list[str] = []
    size = 0
    for start in range(0, length, CHUNK_ROWS):
        chunk = (literals[codes[start : start + CHUNK_ROWS]].tolist() for codes, literals in coded)
        for row in map("({})".format, map(",".join, zip(*chunk, strict=True))):
            if batch and size + len(row) > budget:
                yield batch
                batch, size = [], 0
            batch.append(row)
            size += len(row) + 1
    if batch:
        yield batch


def _execute_literal(connection: Connection, prefix: str, rows: list[str]) -> None:
    """Run one multi-row INSERT; an error names the rows, not megabytes of their values."""
    try:
        # Without parameters the driver sends the text as it is: a % in a value stays a %.
        connection.exec_driver_sql(
            prefix + ",".join(rows), execution_options={"no_parameters": True}
        )
    except DBAPIError as error:
        error.statement = f"{prefix}... ({len(rows):,} rows)"
        raise


def _shared_values(owner_id: int, import_id: int | None) -> dict[str, Any]:
    """Give the driver values every stored row shares: owner, import (if any), creation time."""
    imported = {} if import_id is None else {"import_id": import_id}
    return {"owner_id": owner_id, **imported, "created_at": utc_now().isoformat(sep=" ")}


def _insert_columns(frame: pd.DataFrame, dialect: Dialect) -> dict[str, list[Any]]:
    """Give each column to insert as a list of driver values, leaving out columns that are
    empty (None) in every row."""
    columns: dict[str, list[Any]] = {}
    for name in STORED_COLUMNS:
        values = _column_values(frame, name, dialect)
        if values is not None:
            columns[name] = values
    return columns


def _column_values(frame: pd.DataFrame, name: str, dialect: Dialect) -> list[Any] | None:
    """Give one column as plain values the driver takes; None when the column is absent or
    empty in every row."""
    source = frame.get(f"{name}_cents" if name in _MONEY else name)
    if source is None or source.isna().all():
        if name in REQUIRED_FIELDS or name == "fingerprint":
            return [None] * len(frame)  # the database refuses the rows and says which column
        return None
    if name in _MONEY:
        return _money_values(source, exact_text=dialect.supports_native_decimal)
    if name in _DATES:
        return _distinct_values(pd.to_datetime(source), lambda day: day.strftime("%Y-%m-%d"))
    if name == "quantity":
        return source.astype("int64").tolist()
    if name == "extra":
        return [json.dumps(value) if value else None for value in source.tolist()]
    if name == "fingerprint":
        return source.astype(object).tolist()  # one per row already: nothing to share
    return _distinct_values(source, str)


def _distinct_values(source: pd.Series, render: Callable[[Any], Any]) -> list[Any]:
    """Render each distinct value once; rows share the resulting objects (None where missing).

    Sharing keeps a million rows of a few hundred makes from costing a million Python strings.
    """
    codes, uniques = pd.factorize(source, use_na_sentinel=True)
    rendered = np.array([*(render(value) for value in uniques), None], dtype=object)
    return rendered[np.where(codes < 0, len(uniques), codes)].tolist()


def _money_values(cents: pd.Series, *, exact_text: bool) -> list[Any]:
    """Give integer cents as the driver's money values; missing cents are None.

    Exact decimal text ("24500.50") where the database keeps decimals; SQLite keeps a float,
    so it gets the float SQLAlchemy itself would bind for a Decimal there.
    """
    present = cents.notna().to_numpy()
    whole = np.zeros(len(cents), dtype=np.int64)
    whole[present] = cents[present].astype("int64").to_numpy()
    if exact_text:
        units = pd.Series(whole // 100).astype(str)
        values = (units + "." + pd.Series(whole % 100).astype(str).str.zfill(2)).to_numpy(object)
    else:
        values = (whole / 100).astype(object)
    values[~present] = None
    return values.tolist()
