"""SQL for comparisons: totals grouped by one or two columns, over owner-scoped selects on Sale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from autosales.extensions import db
from autosales.models import Sale
from autosales.sales.aggregates import revenue_column
from autosales.sales.filters import SalesFilter

GROUPABLE = ("make", "region")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figures:
    """Revenue, units and sale lines of one side of a comparison."""

    revenue: Decimal = Decimal("0.00")
    units: int = 0
    sales: int = 0

    @property
    def average_sale(self) -> Decimal | None:
        if not self.sales:
            return None
        return (self.revenue / self.sales).quantize(CENT, rounding=ROUND_HALF_UP)


def known_values(column_name: str) -> list[str]:
    """Give the distinct makes or regions of the owner's sales, sorted."""
    column = getattr(Sale, _groupable(column_name))
    return list(db.session.execute(select(column).distinct().order_by(column)).scalars())


def totals(sales_filter: SalesFilter) -> Figures:
    statement = sales_filter.apply(
        select(revenue_column(), func.sum(Sale.quantity), func.count(Sale.id))
    )
    return _figures(db.session.execute(statement).one())


def totals_by(
    column_name: str, sales_filter: SalesFilter, only: Sequence[str] = ()
) -> dict[str, Figures]:
    """Give the figures of each make or region, limited to ``only`` when given."""
    column = getattr(Sale, _groupable(column_name))
    statement = select(column, revenue_column(), func.sum(Sale.quantity), func.count(Sale.id))
    statement = sales_filter.apply(statement)
    if only:
        statement = statement.where(column.in_(only))
    rows = db.session.execute(statement.group_by(column)).all()
    return {row[0]: _figures(row[1:]) for row in rows}


def revenue_by_pair(
    group_name: str, breakdown_name: str, sales_filter: SalesFilter, only: Sequence[str]
) -> dict[tuple[str, str], Decimal]:
    """Give revenue per (group value, breakdown value): each make's revenue in each region."""
    group = getattr(Sale, _groupable(group_name))
    breakdown = getattr(Sale, _groupable(breakdown_name))
    statement = sales_filter.apply(select(group, breakdown, revenue_column()))
    statement = statement.where(group.in_(only)).group_by(group, breakdown)
    return {
        (name, part): Decimal(revenue or 0).quantize(CENT)
        for name, part, revenue in db.session.execute(statement).all()
    }


def _figures(row: Sequence[object]) -> Figures:
    revenue, units, sales = row
    return Figures(Decimal(str(revenue or 0)).quantize(CENT), int(units or 0), int(sales or 0))


def _groupable(column_name: str) -> str:
    if column_name not in GROUPABLE:
        raise ValueError(f"comparisons group by {GROUPABLE}, not {column_name!r}")
    return column_name
