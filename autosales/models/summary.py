"""Monthly summaries: sales added up per month, make, model and region, for fast dashboards.

Each row is an additive part of one cell: a bulk import appends the sums of the rows it stored
and a change by hand rewrites the months it touched, so a cell may be spread over several rows
and readers always add them up. Every figure the dashboard needs over whole months is here; the
rows themselves stay in ``sales``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Date, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId

# Sums of many sales: wider than one sale's Money.
Total = Numeric(16, 2, asdecimal=True)


class MonthlySummary(Owned, db.Model):
    __tablename__ = "monthly_summaries"
    __table_args__ = (Index("ix_monthly_summaries_owner_month", "owner_id", "month"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    make: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(64))
    region: Mapped[str] = mapped_column(String(64))
    revenue: Mapped[Decimal] = mapped_column(Total)
    units: Mapped[int] = mapped_column(BigInteger)
    sales: Mapped[int]
    # Over the sale lines with a unit cost.
    costed_revenue: Mapped[Decimal] = mapped_column(Total)
    cost: Mapped[Decimal] = mapped_column(Total)
    costed_units: Mapped[int]
    # Over the sale lines with a stock-in date: lines, units, days in stock summed, and units
    # per age bucket (0-60, 60-90, 90-120, 120 days or more).
    stocked_sales: Mapped[int]
    stocked_units: Mapped[int]
    stock_days: Mapped[int] = mapped_column(BigInteger)
    aged_0_60: Mapped[int]
    aged_60_90: Mapped[int]
    aged_90_120: Mapped[int]
    aged_120_plus: Mapped[int]
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
