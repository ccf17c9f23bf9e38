"""Writing sales: bulk storage of clean frames, and the data version every change bumps."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import Connection, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from autosales.extensions import db
from autosales.ingest.fingerprint import hash_texts, with_fingerprints
from autosales.models import Sale, User
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS
from autosales.models.types import utc_now
from autosales.sales.summary import summary_rows, write_summary_rows

log = logging.getLogger(__name__)

Result = TypeVar("Result")

CHUNK_ROWS = 20_000
BULK_FROM_ROWS = 50_000
JSON_CHUNK_ROWS = 50_000
# A multi-row INSERT on MariaDB stays under the server's max_allowed_packet and this size.
STATEMENT_BYTES = 16 * 1024 * 1024
PACKET_SPARE_BYTES = 64 * 1024
_MONEY = ("unit_price", "unit_cost")
_DATES = ("sale_date", "stocked_on")
STORED_COLUMNS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS, "extra", "fingerprint")
# Sent even when empty in every row, so the database refuses the rows and names the column.
_ALWAYS_SENT = (*REQUIRED_FIELDS, "fingerprint")


def bump_data_version(owner_id: int) -> None:
    """Mark the owner's data as changed, so analyses computed before are recomputed."""
    db.session.execute(
        update(User).where(User.id == owner_id).values(data_version=User.data_version + 1)
    )


def store_sales_frame(frame: pd.DataFrame, *, owner_id: int, import_id: int | None = None) -> int:
    """Insert a clean sales frame for one owner in chunks; give the number of rows stored.

    The frame has the canonical fields, money as integer cents (``unit_price_cents``,
    ``unit_cost_cents``) and a ``fingerprint`` column, or the ``canonical`` texts to hash them
    from. Each column is converted once, in vectorised steps; columns empty in every row are
    left to the table's NULL default. Rows go in date order, so they land next to each other in
    the date indexes, in multi-row statements (on SQLite in bulk as JSON, on MariaDB as literal
    text the driver escaped, otherwise through the driver's executemany), inside the session's
    transaction: the caller commits, so an import is stored whole or not at all.
    """
    order = np.argsort(frame["sale_date"].to_numpy(), kind="stable")
    connection = db.session.connection()
    shared = _shared_values(owner_id, import_id)
    if connection.dialect.name == "sqlite" and len(frame) >= BULK_FROM_ROWS:
        summary = _insert_json_chunks(
            connection, shared, frame, order, lambda: summary_rows(owner_id, frame)
        )
    else:
        frame = with_fingerprints(frame.iloc[order])
        columns = _insert_columns(frame, connection.dialect)
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


def _insert_json_chunks(
    connection: Connection,
    shared: dict[str, Any],
    frame: pd.DataFrame,
    order: np.ndarray,
    meanwhile: Callable[[], Result],
) -> Result:
    """Insert many rows into SQLite, the frame's rows at positions `order`, as JSON arrays of
    rows, one INSERT ... SELECT over ``json_each`` per chunk; give what `meanwhile` gave, run in
    a thread alongside.

    Bound row by row, each value costs Python work under the GIL and SQLite reopens the table
    and its indexes per statement. Here pandas writes each chunk's JSON in C on a helper thread
    while SQLite, which releases the GIL, parses and stores the chunk before it; only the values
    every row shares are bound. Money goes as integer cents and is divided in SQL, giving the
    float SQLAlchemy itself would bind for the Decimal. Fingerprints not yet hashed are hashed
    there too, chunk by chunk.
    """
    ready = pd.DataFrame(_json_columns(frame), copy=False)
    texts = frame["canonical"] if _hashed_in_chunks(frame) else None
    names = [*ready.columns, *(["fingerprint"] if texts is not None else [])]
    picked = ", ".join(
        f"(value->>{index}) / 100.0" if name in _MONEY else f"value->>{index}"
        for index, name in enumerate(names)
    )
    targets = ", ".join([*shared, *names])
    markers = ", ".join("?" * len(shared))
    statement = (
        f"INSERT INTO {Sale.__tablename__} ({targets}) "  # noqa: S608 - fixed names
        f"SELECT {markers}, {picked} FROM json_each(?)"
    )
    starts = range(0, len(ready), JSON_CHUNK_ROWS)
    with ThreadPoolExecutor(max_workers=2) as helpers:
        result = helpers.submit(meanwhile)
        makers = (
            partial(_json_rows, ready, texts, order[start : start + JSON_CHUNK_ROWS])
            for start in starts
        )
        for text in _made_ahead(helpers, makers):
            connection.exec_driver_sql(statement, (*shared.values(), text))
        return result.result()


def _json_rows(ready: pd.DataFrame, texts: pd.Series | None, positions: np.ndarray) -> str:
    """Give the rows at `positions` as a JSON array of arrays (missing values as null), with
    the fingerprints of `texts` (canonical texts) last when given."""
    chunk = ready.iloc[positions]
    if texts is not None:
        hashed = hash_texts(texts.iloc[positions])
        chunk = chunk.assign(fingerprint=hashed.to_numpy())
    return chunk.to_json(orient="values", force_ascii=False, double_precision=15)


def _made_ahead(helpers: ThreadPoolExecutor, makers: Iterator[Callable[[], str]]) -> Iterator[str]:
    """Give what each maker makes, in order, the next one always being made on a helper
    thread while the caller uses the current one."""
    upcoming = next(makers, None)
    pending = helpers.submit(upcoming) if upcoming else None
    while pending is not None:
        made = pending.result()
        upcoming = next(makers, None)
        pending = helpers.submit(upcoming) if upcoming else None
        yield made


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
        source = _stored_source(frame, name)
        if source is None:
            if name in _ALWAYS_SENT:
                columns[name] = [None] * len(frame)  # the database refuses the rows, naming it
        elif name in _MONEY:
            columns[name] = _money_values(source, exact_text=dialect.supports_native_decimal)
        elif name in _DATES:
            columns[name] = _date_texts(source).tolist()
        elif name == "quantity":
            columns[name] = source.astype("int64").tolist()
        elif name == "extra":
            columns[name] = _extra_texts(source)
        elif name == "fingerprint":
            columns[name] = source.astype(object).tolist()  # one per row: nothing to share
        else:
            columns[name] = _distinct_values(source, str).tolist()
    return columns


def _json_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """Give each column to insert as pandas writes it to JSON for :func:`_insert_json_chunks`
    (money as integer cents), leaving out columns that are empty in every row."""
    columns: dict[str, Any] = {}
    for name in STORED_COLUMNS:
        if name == "fingerprint" and _hashed_in_chunks(frame):
            continue  # see _json_rows
        source = _stored_source(frame, name)
        if source is None:
            if name in _ALWAYS_SENT:
                columns[name] = pd.Series(None, index=frame.index, dtype=object)
        elif name in _MONEY:
            columns[name] = source.astype("Int64")
        elif name in _DATES:
            columns[name] = pd.Series(_date_texts(source), index=frame.index, dtype=object)
        elif name == "extra":
            columns[name] = pd.Series(_extra_texts(source), index=frame.index, dtype=object)
        else:
            columns[name] = source
    return columns


def _hashed_in_chunks(frame: pd.DataFrame) -> bool:
    """Say whether the frame's fingerprints are still to be hashed from its canonical texts."""
    return "fingerprint" not in frame and "canonical" in frame


def _stored_source(frame: pd.DataFrame, name: str) -> pd.Series | None:
    """Give the frame's column for a stored column (cents for money), or None when it is
    absent or empty in every row."""
    source = frame.get(f"{name}_cents" if name in _MONEY else name)
    if source is None or source.isna().all():
        return None
    return source


def _date_texts(source: pd.Series) -> np.ndarray:
    return _distinct_values(pd.to_datetime(source), lambda day: day.strftime("%Y-%m-%d"))


def _extra_texts(source: pd.Series) -> list[str | None]:
    return [json.dumps(value) if value else None for value in source.tolist()]


def _distinct_values(source: pd.Series, render: Callable[[Any], Any]) -> np.ndarray:
    """Render each distinct value once; rows share the resulting objects (None where missing).

    Sharing keeps a million rows of a few hundred makes from costing a million Python strings.
    """
    codes, uniques = pd.factorize(source, use_na_sentinel=True)
    rendered = np.array([*(render(value) for value in uniques), None], dtype=object)
    return rendered[np.where(codes < 0, len(uniques), codes)]


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
