"""SQL aggregates over the signed-in owner's sales; only what a model needs reaches pandas.

Queries here are ORM selects on :class:`Sale`, so the owner scope applies to each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Date, Integer, Select, and_, case, func, or_, select
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


class days_between(FunctionElement[int]):  # noqa: N801 - reads as the SQL function it is
    """Whole days from ``earlier`` to ``later`` (later - earlier)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between)
def _days_between_mysql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"DATEDIFF({later}, {earlier})"


@dataclass(frozen=True)
class PeriodTotals:
    """Headline figures of one date range; cost figures cover only the rows with a unit cost."""

    start: date
    end: date
    revenue: Decimal
    units: int
    sales: int
    costed_revenue: Decimal
    cost: Decimal
    costed_units: int
    average_days_to_sell: float | None

    @property
    def average_sale(self) -> Decimal | None:
        return _quantize(self.revenue / self.sales) if self.sales else None

    @property
    def gross_profit(self) -> Decimal | None:
        return self.costed_revenue - self.cost if self.costed_units else None

    @property
    def profit_per_unit(self) -> Decimal | None:
        profit = self.gross_profit
        return _quantize(profit / self.costed_units) if profit is not None else None

    @property
    def margin(self) -> float | None:
        """Gross profit / revenue, in percent, over the rows with a cost."""
        profit = self.gross_profit
        if profit is None or not self.costed_revenue:
            return None
        return float(profit / self.costed_revenue * 100)


def period_totals(start: date, end: date, sales_filter: SalesFilter | None = None) -> PeriodTotals:
    """Give the figures of [start, end] (both included) under the filter's other conditions."""
    costed = Sale.unit_cost.is_not(None)
    line_revenue = Sale.unit_price * Sale.quantity
    statement = select(
        revenue_column(),
        func.sum(Sale.quantity),
        func.count(Sale.id),
        func.sum(case((costed, line_revenue), else_=0)),
        func.sum(case((costed, Sale.unit_cost * Sale.quantity), else_=0)),
        func.sum(case((costed, Sale.quantity), else_=0)),
        func.avg(days_between(Sale.sale_date, Sale.stocked_on)),
    )
    statement = _in_range(_filtered(statement, _without_dates(sales_filter)), start, end)
    row = db.session.execute(statement).one()
    return PeriodTotals(
        start=start,
        end=end,
        revenue=_quantize(row[0]),
        units=int(row[1] or 0),
        sales=int(row[2] or 0),
        costed_revenue=_quantize(row[3]),
        cost=_quantize(row[4]),
        costed_units=int(row[5] or 0),
        average_days_to_sell=float(row[6]) if row[6] is not None else None,
    )


def totals_by_part(
    ranges: dict[str, tuple[date, date]], sales_filter: SalesFilter | None = None
) -> pd.DataFrame:
    """Give revenue, units and sales per make, model and region in each named date range.

    One row per (range name, make, model, region); ranges must not overlap.
    """
    label = case(
        *[(Sale.sale_date.between(*span), name) for name, span in ranges.items()], else_=None
    ).label("range")
    statement = select(
        label, Sale.make, Sale.model, Sale.region,
        revenue_column(), func.sum(Sale.quantity), func.count(Sale.id),
    )  # fmt: skip
    statement = _filtered(statement, _without_dates(sales_filter)).where(
        or_(*[Sale.sale_date.between(*span) for span in ranges.values()])
    )
    rows = db.session.execute(statement.group_by(label, Sale.make, Sale.model, Sale.region)).all()
    frame = pd.DataFrame(rows, columns=["range", "make", "model", "region", "revenue", "units",
                                        "sales"])  # fmt: skip
    frame["revenue"] = frame["revenue"].astype(float)
    return frame


def revenue_by_period_and(
    column_name: str, freq: str, sales_filter: SalesFilter | None = None
) -> pd.DataFrame:
    """Give revenue per period and make (or model, region): columns period, key, revenue."""
    column = getattr(Sale, column_name)
    period = period_start(Sale.sale_date, freq).label("period")
    statement = _filtered(select(period, column, revenue_column()), sales_filter)
    rows = db.session.execute(statement.group_by(period, column)).all()
    frame = pd.DataFrame(rows, columns=["period", "key", "revenue"])
    frame["period"] = pd.to_datetime(frame["period"])
    frame["revenue"] = frame["revenue"].astype(float)
    return frame


AGEING_BUCKETS = ((0, 60, "0–60 days"), (60, 90, "60–90 days"), (90, 120, "90–120 days"),
                  (120, None, "120 days or more"))  # fmt: skip


@dataclass(frozen=True)
class StockAgeing:
    """How long sold cars stood in stock: units per age bucket and the average."""

    buckets: tuple[tuple[str, int], ...]
    average_days: float | None
    units: int


def stock_ageing(sales_filter: SalesFilter | None = None) -> StockAgeing:
    """Give units sold per days-in-stock bucket (0-60, 60-90, 90-120, 120+) over the rows with
    a stock-in date."""
    days = days_between(Sale.sale_date, Sale.stocked_on)
    sums = [
        func.sum(case((_bucket_condition(days, low, high), Sale.quantity), else_=0))
        for low, high, _ in AGEING_BUCKETS
    ]
    statement = select(*sums, func.avg(days), func.sum(Sale.quantity))
    statement = _filtered(statement, sales_filter).where(Sale.stocked_on.is_not(None))
    row = db.session.execute(statement).one()
    buckets = tuple(
        (label, int(value or 0)) for (_, _, label), value in zip(AGEING_BUCKETS, row, strict=False)
    )
    average = row[len(AGEING_BUCKETS)]
    return StockAgeing(
        buckets=buckets,
        average_days=float(average) if average is not None else None,
        units=int(row[-1] or 0),
    )


def _bucket_condition(days: ColumnElement[int], low: int, high: int | None) -> Any:
    return and_(days >= low, days < high) if high is not None else days >= low


def _without_dates(sales_filter: SalesFilter | None) -> SalesFilter | None:
    if sales_filter is None:
        return None
    return replace(sales_filter, date_from=None, date_to=None)


def _in_range(statement: Select[Any], start: date, end: date) -> Select[Any]:
    return statement.where(Sale.sale_date >= start, Sale.sale_date <= end)


def _quantize(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def makes_of_models(models: list[str]) -> dict[str, str]:
    """Give the make each model is sold under (the one with most sales when there are several)."""
    if not models:
        return {}
    statement = (
        select(Sale.model, Sale.make, func.count(Sale.id).label("sales"))
        .where(Sale.model.in_(models))
        .group_by(Sale.model, Sale.make)
        .order_by(func.count(Sale.id))
    )
    return {model: make for model, make, _ in db.session.execute(statement).all()}
