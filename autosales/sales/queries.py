"""Reading sales for the table, suggestions and exports (owner-scoped ORM selects)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Date, Float, Numeric, String, func, select, type_coerce

from autosales.extensions import db
from autosales.models import Sale
from autosales.models.ownership import owner_condition
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS
from autosales.sales.filters import SalesFilter, escape_like

SUGGESTABLE = ("make", "model", "region", "customer", "body_style", "colour", "transmission")
EXPORT_FIELDS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS, "extra")


@dataclass(frozen=True)
class SalesPage:
    sales: list[Sale]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_row(self) -> int:
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last_row(self) -> int:
        return min(self.total, self.page * self.per_page)


def sales_page(sales_filter: SalesFilter) -> SalesPage:
    """Give one page of the filtered, sorted sales and how many there are in all."""
    total = db.session.execute(sales_filter.apply(select(func.count(Sale.id)))).scalar_one()
    pages = max(1, -(-total // sales_filter.per_page))
    page = min(sales_filter.page, pages)
    statement = sales_filter.order(sales_filter.apply(select(Sale)))
    statement = statement.limit(sales_filter.per_page).offset((page - 1) * sales_filter.per_page)
    rows = list(db.session.execute(statement).scalars())
    return SalesPage(sales=rows, total=total, page=page, per_page=sales_filter.per_page)


def distinct_values(field: str, *, prefix: str = "", make: str = "", limit: int = 50) -> list[str]:
    """Give the owner's distinct values of a field, most used first, optionally by prefix."""
    if field not in SUGGESTABLE:
        raise ValueError(f"no suggestions for {field!r}")
    column = getattr(Sale, field)
    statement = select(column).where(column.is_not(None)).group_by(column)
    if prefix:
        statement = statement.where(column.ilike(f"{escape_like(prefix)}%", escape="\\"))
    if make and field == "model":
        statement = statement.where(Sale.make == make)
    statement = statement.order_by(func.count(Sale.id).desc(), column).limit(limit)
    return [value for value in db.session.execute(statement).scalars() if value]


def search_suggestions(text: str, limit: int = 10) -> list[tuple[str, str]]:
    """Give (kind, value) pairs of makes, models and customers that contain the text."""
    found: list[tuple[str, str]] = []
    for field in ("make", "model", "customer"):
        column = getattr(Sale, field)
        statement = (
            select(column)
            .where(column.ilike(f"%{escape_like(text)}%", escape="\\"))
            .group_by(column)
            .order_by(func.count(Sale.id).desc())
            .limit(limit)
        )
        found.extend((field, value) for value in db.session.execute(statement).scalars() if value)
    return found[:limit]


def filtered_frame(sales_filter: SalesFilter) -> pd.DataFrame:
    """Give every filtered sale (not just a page) as a frame of the canonical fields."""
    columns: list[Any] = [getattr(Sale, name) for name in EXPORT_FIELDS]
    statement = sales_filter.order(sales_filter.apply(select(*columns)))
    rows = db.session.execute(statement).all()
    return pd.DataFrame(rows, columns=list(EXPORT_FIELDS)).astype(object)


ANALYSIS_FIELDS = (
    "sale_date",
    "make",
    "model",
    "region",
    "quantity",
    "unit_price",
    "order_ref",
    "customer",
    "salesperson",
    "body_style",
    "colour",
    "transmission",
    "unit_cost",
    "stocked_on",
)


def analysis_frame(sales_filter: SalesFilter) -> pd.DataFrame:
    """Give the filtered sales as the analytics package takes them: one row per sale line,
    dates as datetime64, money as float, and ``revenue`` = quantity times unit price.

    The whole selection is loaded, as plain tuples with money read as floats and dates left
    as the driver gives them (converting a million values one by one costs seconds). Accounts
    with many millions of rows would be better served by SQL period aggregates; that is left
    for when one needs it.
    """
    columns: list[Any] = [_raw(getattr(Sale, name)) for name in ANALYSIS_FIELDS]
    statement = sales_filter.apply(select(*columns)).where(owner_condition(Sale))
    # Run as Core on the session's connection and fetch the driver's own tuples: building a
    # million ORM rows costs more than reading them.
    result = db.session.connection().execute(statement)
    frame = pd.DataFrame.from_records(result.cursor.fetchall(), columns=list(ANALYSIS_FIELDS))
    for name in ("sale_date", "stocked_on"):
        frame[name] = pd.to_datetime(frame[name])
    for name in ("unit_price", "unit_cost"):
        frame[name] = frame[name].astype("float64")  # MariaDB's driver gives Decimal objects
    frame["quantity"] = frame["quantity"].astype("int64")
    frame["revenue"] = frame["quantity"] * frame["unit_price"]
    return frame


def _raw(column: Any) -> Any:
    """Read money as float and dates without a per-value conversion to Python objects."""
    if isinstance(column.type, Numeric):
        return type_coerce(column, Float()).label(column.key)
    if isinstance(column.type, Date):
        return type_coerce(column, String()).label(column.key)
    return column
