"""SQL aggregates over the signed-in owner's sales; only what a model needs reaches pandas.

Queries here are ORM selects on :class:`Sale`, so the owner scope applies to each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Date, Select, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from autosales.extensions import db
from autosales.models import Sale
from autosales.sales.filters import SalesFilter

FREQUENCIES = ("D", "W", "M")


class period_start(FunctionElement[date]):  # noqa: N801 - reads as the SQL function it is
    """The first day of the day, ISO week (Monday) or month a date falls in."""

    type = Date()
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any], freq: str) -> None:
        if freq not in FREQUENCIES:
            raise ValueError(f"frequency must be one of {FREQUENCIES}, not {freq!r}")
        self.freq = freq
        super().__init__(column)


@compiles(period_start, "sqlite")
def _period_start_sqlite(element: period_start, compiler: Any, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    modifiers = {"D": "", "W": ", 'weekday 0', '-6 days'", "M": ", 'start of month'"}
    return f"date({column}{modifiers[element.freq]})"


@compiles(period_start)
def _period_start_mysql(element: period_start, compiler: Any, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    if element.freq == "W":
        return f"SUBDATE({column}, WEEKDAY({column}))"
    if element.freq == "M":
        return f"SUBDATE({column}, DAYOFMONTH({column}) - 1)"
    return column


@dataclass(frozen=True)
class SalesTotals:
    revenue: Decimal
    units: int
    sales: int
    first_date: date | None
    last_date: date | None

    @property
    def average_sale(self) -> Decimal | None:
        if not self.sales:
            return None
        return (self.revenue / self.sales).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def revenue_column() -> ColumnElement[Decimal]:
    return func.sum(Sale.unit_price * Sale.quantity)


def _filtered(statement: Select[Any], sales_filter: SalesFilter | None) -> Select[Any]:
    return sales_filter.apply(statement) if sales_filter is not None else statement


def sales_totals(sales_filter: SalesFilter | None = None) -> SalesTotals:
    """Give revenue, units, number of sale lines and the date span of the owner's sales."""
    statement = select(
        revenue_column(),
        func.sum(Sale.quantity),
        func.count(Sale.id),
        func.min(Sale.sale_date),
        func.max(Sale.sale_date),
    )
    row = db.session.execute(_filtered(statement, sales_filter)).one()
    return SalesTotals(
        revenue=Decimal(row[0] or 0).quantize(Decimal("0.01")),
        units=int(row[1] or 0),
        sales=int(row[2] or 0),
        first_date=_as_date(row[3]),
        last_date=_as_date(row[4]),
    )


def totals_by_period(freq: str, sales_filter: SalesFilter | None = None) -> pd.DataFrame:
    """Give revenue, units and sale lines per period start, oldest first; empty periods absent."""
    period = period_start(Sale.sale_date, freq).label("period")
    statement = select(period, revenue_column(), func.sum(Sale.quantity), func.count(Sale.id))
    statement = _filtered(statement, sales_filter).group_by(period).order_by(period)
    rows = db.session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=["period", "revenue", "units", "sales"])
    frame["period"] = pd.to_datetime(frame["period"])
    frame["revenue"] = frame["revenue"].astype(float)
    frame["units"] = frame["units"].astype("int64")
    return frame


def top_values(
    column_name: str, limit: int = 5, sales_filter: SalesFilter | None = None
) -> list[tuple[str, Decimal, int]]:
    """Give the makes, models or regions with the most revenue, with their revenue and units."""
    column = getattr(Sale, column_name)
    statement = select(column, revenue_column().label("revenue"), func.sum(Sale.quantity))
    statement = _filtered(statement, sales_filter).group_by(column)
    rows = db.session.execute(statement.order_by(revenue_column().desc()).limit(limit)).all()
    return [
        (name, Decimal(revenue).quantize(Decimal("0.01")), int(units))
        for name, revenue, units in rows
    ]


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
