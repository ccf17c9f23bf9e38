"""Figures over the signed-in owner's sales; only what a model needs reaches pandas.

Sums come from :func:`autosales.sales.summary.grouped_figures`, which reads whole months from
the monthly summaries and the rest from the sales rows. Queries are ORM selects on owned
models, so the owner scope applies to each of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import func
from sqlalchemy.sql.expression import ColumnElement

from autosales.models import Sale
from autosales.sales.filters import SalesFilter
from autosales.sales.summary import AGE_BUCKETS, grouped_figures


def revenue_column() -> ColumnElement[Decimal]:
    return func.sum(Sale.unit_price * Sale.quantity)


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


def sales_totals(sales_filter: SalesFilter | None = None) -> SalesTotals:
    """Give revenue, units, number of sale lines and the date span of the owner's sales."""
    row = grouped_figures(sales_filter).iloc[0]
    return SalesTotals(
        revenue=_quantize(row["revenue"]),
        units=int(row["units"]),
        sales=int(row["sales"]),
        first_date=_as_date(row["first_day"]),
        last_date=_as_date(row["last_day"]),
    )


def totals_by_period(freq: str, sales_filter: SalesFilter | None = None) -> pd.DataFrame:
    """Give revenue, units and sale lines per period start, oldest first; empty periods absent."""
    frame = grouped_figures(sales_filter, ["period"], freq)
    frame = frame.sort_values("period").reset_index(drop=True)
    frame = frame[["period", "revenue", "units", "sales"]].copy()
    frame["units"] = frame["units"].astype("int64")
    frame["sales"] = frame["sales"].astype("int64")
    return frame


def top_values(
    column_name: str, limit: int = 5, sales_filter: SalesFilter | None = None
) -> list[tuple[str, Decimal, int]]:
    """Give the makes, models or regions with the most revenue, with their revenue and units."""
    frame = grouped_figures(sales_filter, [column_name])
    frame = frame.sort_values(["revenue", column_name], ascending=[False, True]).head(limit)
    return [
        (name, _quantize(revenue), int(units))
        for name, revenue, units in frame[[column_name, "revenue", "units"]].itertuples(index=False)
    ]


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
    row = grouped_figures(_within(sales_filter, start, end)).iloc[0]
    return PeriodTotals(
        start=start,
        end=end,
        revenue=_quantize(row["revenue"]),
        units=int(row["units"]),
        sales=int(row["sales"]),
        costed_revenue=_quantize(row["costed_revenue"]),
        cost=_quantize(row["cost"]),
        costed_units=int(row["costed_units"]),
        average_days_to_sell=_average_days(row),
    )


def totals_by_part(
    ranges: dict[str, tuple[date, date]], sales_filter: SalesFilter | None = None
) -> pd.DataFrame:
    """Give revenue, units and sales per make, model and region in each named date range.

    One row per (range name, make, model, region); ranges must not overlap.
    """
    columns = ["range", "make", "model", "region", "revenue", "units", "sales"]
    frames = []
    for name, (start, end) in ranges.items():
        frame = grouped_figures(_within(sales_filter, start, end), ["make", "model", "region"])
        frames.append(frame.assign(range=name)[columns])
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)


def revenue_by_period_and(
    column_name: str, freq: str, sales_filter: SalesFilter | None = None
) -> pd.DataFrame:
    """Give revenue per period and make (or model, region): columns period, key, revenue."""
    frame = grouped_figures(sales_filter, ["period", column_name], freq)
    return frame[["period", column_name, "revenue"]].rename(columns={column_name: "key"})


AGEING_LABELS = ("0–60 days", "60–90 days", "90–120 days", "120 days or more")


@dataclass(frozen=True)
class StockAgeing:
    """How long sold cars stood in stock: units per age bucket and the average."""

    buckets: tuple[tuple[str, int], ...]
    average_days: float | None
    units: int


def stock_ageing(sales_filter: SalesFilter | None = None) -> StockAgeing:
    """Give units sold per days-in-stock bucket (0-60, 60-90, 90-120, 120+) over the rows with
    a stock-in date."""
    row = grouped_figures(sales_filter).iloc[0]
    buckets = tuple(
        (label, int(row[name]))
        for label, (name, _, _) in zip(AGEING_LABELS, AGE_BUCKETS, strict=True)
    )
    return StockAgeing(
        buckets=buckets, average_days=_average_days(row), units=int(row["stocked_units"])
    )


def makes_of_models(models: list[str]) -> dict[str, str]:
    """Give the make each model is sold under (the one with most sales when there are several)."""
    if not models:
        return {}
    frame = grouped_figures(None, ["model", "make"])
    frame = frame[frame["model"].isin(models)].sort_values("sales")
    return dict(zip(frame["model"], frame["make"], strict=True))


def _within(sales_filter: SalesFilter | None, start: date, end: date) -> SalesFilter:
    return replace(sales_filter or SalesFilter(), date_from=start, date_to=end)


def _average_days(row: pd.Series) -> float | None:
    return float(row["stock_days"] / row["stocked_sales"]) if row["stocked_sales"] else None


def _as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _quantize(value: object) -> Decimal:
    number = float(value or 0)
    return Decimal(repr(number)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
