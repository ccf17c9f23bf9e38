"""Keeping the monthly summaries in step with the sales, and reading figures from them.

Writers: a bulk import adds the sums of the rows it stored (:func:`summary_rows` in pandas, then
:func:`write_summary_rows`, no second pass over the table); any change made through the ORM
(a sale typed in, edited, deleted or restored) rewrites the months it touched from the sales
themselves, through a session event, so no view has to remember; a bulk delete calls
:func:`refresh_months`.

Reader: :func:`grouped_figures` gives the sums of the sales a filter keeps, grouped by any of
period, make, model and region. Whole months come from the summaries; the days of a partly
covered month, and filters the summaries cannot answer (prices, search, weeks, days) come from
the sales rows, so every answer is exact.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Float,
    and_,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from autosales.extensions import db
from autosales.models import MonthlySummary, Sale
from autosales.periods import shift_months
from autosales.sales.filters import SalesFilter
from autosales.sales.sql_dates import days_between, period_start

log = logging.getLogger(__name__)

DIMENSIONS = ("make", "model", "region")
AGE_BUCKETS = (
    ("aged_0_60", 0, 60),
    ("aged_60_90", 60, 90),
    ("aged_90_120", 90, 120),
    ("aged_120_plus", 120, None),
)
MONEY = ("revenue", "costed_revenue", "cost")
COUNTS = (
    "units", "sales", "costed_units", "stocked_sales", "stocked_units", "stock_days",
    *(name for name, _, _ in AGE_BUCKETS),
)  # fmt: skip
SUMS = (*MONEY, *COUNTS)
KEYS = ("period", *DIMENSIONS)


# --- reading ---------------------------------------------------------------------------------


def grouped_figures(
    sales_filter: SalesFilter | None, keys: Iterable[str] = (), freq: str = "M"
) -> pd.DataFrame:
    """Give the sums (revenue, units, sales, costs, stock figures, first and last day) of the
    sales the filter keeps, one row per combination of ``keys`` (period, make, model, region;
    the period is the start of the ``freq`` period). Money is float; with no keys, one row."""
    keys = tuple(keys)
    if unknown := set(keys) - set(KEYS):
        raise ValueError(f"cannot group by {sorted(unknown)}")
    sales_filter = sales_filter or SalesFilter()
    parts = []
    months, raw_ranges = _split(sales_filter, freq)
    if months is not None:
        parts.append(_from_summaries(sales_filter, months, keys))
    for start, end in raw_ranges:
        ranged = replace(sales_filter, date_from=start, date_to=end)
        parts.append(_from_sales(ranged, keys, freq))
    return _combine(parts, keys)


def _split(
    sales_filter: SalesFilter, freq: str
) -> tuple[tuple[date | None, date | None] | None, list[tuple[date | None, date | None]]]:
    """Split the filter's dates into whole months the summaries answer (first and last month,
    None for open) and the ranges left to the sales rows."""
    low, high = sales_filter.date_from, sales_filter.date_to
    if freq != "M" or sales_filter.price_min is not None or sales_filter.price_max is not None:
        return None, [(low, high)]
    if sales_filter.search:
        return None, [(low, high)]
    first = low if low is None or low.day == 1 else shift_months(low.replace(day=1), 1)
    after = None if high is None else high + timedelta(days=1)
    last = None if after is None else shift_months(after.replace(day=1), -1)
    if first is not None and last is not None and first > last:
        return None, [(low, high)]
    raw = []
    if low is not None and first is not None and low < first:
        raw.append((low, first - timedelta(days=1)))
    if high is not None and last is not None and after is not None:
        covered_to = shift_months(last, 1) - timedelta(days=1)
        if covered_to < high:
            raw.append((covered_to + timedelta(days=1), high))
    return (first, last), raw


def _from_summaries(
    sales_filter: SalesFilter, months: tuple[date | None, date | None], keys: tuple[str, ...]
) -> pd.DataFrame:
    columns = {key: _summary_key(key) for key in keys}
    sums = {name: _as_float(func.sum(getattr(MonthlySummary, name))) for name in SUMS}
    sums |= {
        "first_day": func.min(MonthlySummary.first_day),
        "last_day": func.max(MonthlySummary.last_day),
    }
    first, last = months
    conditions = [
        MonthlySummary.month >= first if first is not None else None,
        MonthlySummary.month <= last if last is not None else None,
        *[
            getattr(MonthlySummary, name) == getattr(sales_filter, name)
            for name in DIMENSIONS
            if getattr(sales_filter, name)
        ],
    ]
    statement = select(*[column.label(name) for name, column in (columns | sums).items()])
    statement = statement.where(*[condition for condition in conditions if condition is not None])
    if columns:
        statement = statement.group_by(*columns.values())
    return _frame(db.session.execute(statement).all(), [*columns, *sums])


def _summary_key(key: str) -> ColumnElement[Any]:
    return MonthlySummary.month if key == "period" else getattr(MonthlySummary, key)


def _from_sales(sales_filter: SalesFilter, keys: tuple[str, ...], freq: str) -> pd.DataFrame:
    columns = {
        key: period_start(Sale.sale_date, freq) if key == "period" else getattr(Sale, key)
        for key in keys
    }
    sums = {
        name: _as_float(column) if name in SUMS else column for name, column in sales_sums().items()
    }
    statement = select(*[column.label(name) for name, column in (columns | sums).items()])
    statement = sales_filter.apply(statement)
    if columns:
        statement = statement.group_by(*columns.values())
    return _frame(db.session.execute(statement).all(), [*columns, *sums])


def _as_float(column: ColumnElement[Any]) -> ColumnElement[float]:
    """Read a sum as a float: pandas needs floats, and Decimal objects cost a conversion each."""
    return type_coerce(column, Float())


def _frame(rows: list[Any], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for name in SUMS:
        frame[name] = frame[name].astype(float).fillna(0.0)
    for name in ("period", "first_day", "last_day"):
        if name in frame:
            frame[name] = pd.to_datetime(frame[name])
    return frame[frame["sales"] > 0] if len(frame) else frame


def _combine(parts: list[pd.DataFrame], keys: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not keys:
        return pd.DataFrame(
            [{name: frame[name].sum() for name in SUMS}
             | {"first_day": frame["first_day"].min(), "last_day": frame["last_day"].max()}],
        )  # fmt: skip
    if len(parts) == 1:
        return frame.reset_index(drop=True)
    aggregations = dict.fromkeys(SUMS, "sum") | {"first_day": "min", "last_day": "max"}
    return frame.groupby(list(keys), sort=False, as_index=False).agg(aggregations)


def sales_sums() -> dict[str, ColumnElement[Any]]:
    """The SQL sums over sale rows behind each summary figure."""
    line = Sale.unit_price * Sale.quantity
    costed = Sale.unit_cost.is_not(None)
    stocked = Sale.stocked_on.is_not(None)
    days = days_between(Sale.sale_date, Sale.stocked_on)
    sums: dict[str, ColumnElement[Any]] = {
        "revenue": func.sum(line),
        "costed_revenue": func.sum(case((costed, line), else_=0)),
        "cost": func.sum(case((costed, Sale.unit_cost * Sale.quantity), else_=0)),
        "units": func.sum(Sale.quantity),
        "sales": func.count(Sale.id),
        "costed_units": func.sum(case((costed, Sale.quantity), else_=0)),
        "stocked_sales": func.sum(case((stocked, 1), else_=0)),
        "stocked_units": func.sum(case((stocked, Sale.quantity), else_=0)),
        "stock_days": func.coalesce(func.sum(days), 0),
    }
    for name, low, high in AGE_BUCKETS:
        in_bucket = and_(stocked, days >= low, days < high) if high else and_(stocked, days >= low)
        sums[name] = func.sum(case((in_bucket, Sale.quantity), else_=0))
    return sums | {"first_day": func.min(Sale.sale_date), "last_day": func.max(Sale.sale_date)}


# --- writing ---------------------------------------------------------------------------------


def summary_rows(owner_id: int, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Give the summary table rows for a frame of stored sales: sale_date, make, model, region,
    quantity and unit_price_cents, with unit_cost_cents and stocked_on where known. No database
    work, so it can run in a thread while the sales themselves are written."""
    if frame.empty:
        return []
    cells = summary_cells(frame)
    rows = [{"owner_id": owner_id, **record} for record in cells.to_dict("records")]
    for row in rows:
        for name in MONEY:
            row[name] = Decimal(int(row[name])).scaleb(-2)
        row["month"], row["first_day"], row["last_day"] = (
            row[name].date() for name in ("month", "first_day", "last_day")
        )
    return rows


def write_summary_rows(owner_id: int, rows: list[dict[str, Any]]) -> int:
    """Add rows from :func:`summary_rows` to the summary table; give how many."""
    if rows:
        db.session.connection().execute(insert(MonthlySummary.__table__), rows)
    log.debug("summary: %d cells added for account %s", len(rows), owner_id)
    return len(rows)


def summary_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the monthly sums of a frame of sales (money in integer cents)."""
    dates = pd.to_datetime(frame["sale_date"])
    quantity = frame["quantity"].astype("int64").to_numpy()
    line = frame["unit_price_cents"].astype("int64").to_numpy() * quantity
    costs = _optional(frame, "unit_cost_cents")
    costed = costs.notna().to_numpy()
    stocked_on = pd.to_datetime(_optional(frame, "stocked_on"))
    stocked = stocked_on.notna().to_numpy()
    days = (dates - stocked_on).dt.days.fillna(0).astype("int64").to_numpy()
    day_numbers = dates.to_numpy().astype("datetime64[D]").astype("int64")
    values = {
        "revenue": line,
        "costed_revenue": np.where(costed, line, 0),
        "cost": np.where(costed, costs.fillna(0).astype("int64").to_numpy() * quantity, 0),
        "units": quantity,
        "sales": np.ones(len(frame), dtype="int64"),
        "costed_units": np.where(costed, quantity, 0),
        "stocked_sales": stocked.astype("int64"),
        "stocked_units": np.where(stocked, quantity, 0),
        "stock_days": np.where(stocked, days, 0),
    }
    for name, low, high in AGE_BUCKETS:
        inside = stocked & (days >= low) & ((days < high) if high else True)
        values[name] = np.where(inside, quantity, 0)
    # Number the cells (month, make, model, region) with hash tables and sum per number with
    # bincount: pandas' groupby on four string columns takes seconds for a million rows.
    months = dates.to_numpy().astype("datetime64[M]")
    keys = [pd.factorize(months)]
    keys += [pd.factorize(frame[name], use_na_sentinel=False) for name in DIMENSIONS]
    sizes = tuple(max(len(uniques), 1) for _, uniques in keys)
    combined = np.ravel_multi_index(tuple(codes for codes, _ in keys), sizes)
    cell_of_row, cells = pd.factorize(combined)
    count = len(cells)
    result = {
        name: np.rint(np.bincount(cell_of_row, weights=column, minlength=count)).astype("int64")
        for name, column in values.items()
    }
    span = pd.Series(day_numbers).groupby(cell_of_row).agg(["min", "max"])
    positions = np.unravel_index(cells, sizes)
    labels = {
        name: np.asarray(uniques, dtype=object)[codes]
        for name, (_, uniques), codes in zip(("month", *DIMENSIONS), keys, positions, strict=True)
    }
    table = pd.DataFrame(labels | result)
    table["month"] = pd.to_datetime(table["month"].astype("datetime64[ns]"))
    table["first_day"] = pd.to_datetime(span["min"].to_numpy().astype("datetime64[D]"))
    table["last_day"] = pd.to_datetime(span["max"].to_numpy().astype("datetime64[D]"))
    return table


def _optional(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def refresh_months(connection: Connection, owner_id: int, months: Iterable[date]) -> None:
    """Rewrite the owner's summaries of the given months (any day in them) from the sales."""
    starts = sorted({day.replace(day=1) for day in months})
    table = MonthlySummary.__table__
    sums = sales_sums()
    month = period_start(Sale.sale_date, "M")
    names = ["owner_id", "month", *DIMENSIONS, *sums]
    for start in starts:
        end = shift_months(start, 1) - timedelta(days=1)
        connection.execute(delete(table).where(table.c.owner_id == owner_id,
                                               table.c.month == start))  # fmt: skip
        rows = (
            select(Sale.owner_id, month, Sale.make, Sale.model, Sale.region, *sums.values())
            .where(Sale.owner_id == owner_id, Sale.sale_date.between(start, end))
            .group_by(Sale.owner_id, month, Sale.make, Sale.model, Sale.region)
        )
        connection.execute(insert(table).from_select(names, rows))
    if starts:
        log.debug("summary: %d months rewritten for account %s", len(starts), owner_id)


def refresh_between(connection: Connection, owner_id: int, first: object, last: object) -> None:
    """Rewrite the owner's summaries of every month from ``first`` to ``last`` (dates; None
    when there is nothing to rewrite)."""
    if first is None or last is None:
        return
    months = []
    current = _as_date(first).replace(day=1)
    while current <= _as_date(last):
        months.append(current)
        current = shift_months(current, 1)
    refresh_months(connection, owner_id, months)


def sales_span(connection: Connection, owner_id: int, import_id: int | None = None) -> Any:
    """Give the first and last sale date of the owner's sales (or of one import's)."""
    statement = select(func.min(Sale.sale_date), func.max(Sale.sale_date)).where(
        Sale.owner_id == owner_id
    )
    if import_id is not None:
        statement = statement.where(Sale.import_id == import_id)
    return connection.execute(statement).one()


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


_PENDING = "summary_months"


@event.listens_for(Session, "before_flush")
def _note_changed_months(session: Session, _context: object, _instances: object) -> None:
    """Note the months of sales about to be changed or removed (while their rows still load)."""
    pending: dict[int, set[date]] = session.info.setdefault(_PENDING, {})
    for record in session.deleted:
        if isinstance(record, Sale):
            pending.setdefault(record.owner_id, set()).add(_as_date(record.sale_date))
    for record in session.dirty:
        if isinstance(record, Sale) and session.is_modified(record):
            history = inspect(record).attrs.sale_date.history
            dates = [*history.deleted, *(history.added or [record.sale_date])]
            pending.setdefault(record.owner_id, set()).update(_as_date(day) for day in dates)


@event.listens_for(Session, "after_flush")
def _rewrite_changed_months(session: Session, _context: object) -> None:
    """Months of sales added, changed or removed through the ORM are rewritten in the same
    transaction, so the summaries never disagree with the rows."""
    pending: dict[int, set[date]] = session.info.pop(_PENDING, {})
    for record in session.new:
        if isinstance(record, Sale):
            pending.setdefault(record.owner_id, set()).add(_as_date(record.sale_date))
    if not pending:
        return
    connection = session.connection()
    for owner_id, months in pending.items():
        refresh_months(connection, owner_id, months)
