"""Comparisons side by side: period against period, make against make, region against region.

Each side's figures come from SQL aggregates; the difference is first minus second and the
change is (first - second) / second, in percent, with no change when the second is zero.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from autosales.compare import queries
from autosales.compare.forms import ComparisonForm
from autosales.compare.periods import DateRange, PeriodPair, custom_ranges, preset_ranges
from autosales.compare.queries import Figures
from autosales.sales.filters import SalesFilter

log = logging.getLogger(__name__)

MEASURES = (
    ("revenue", "Revenue"),
    ("units", "Units"),
    ("sales", "Sales"),
    ("average_sale", "Average sale"),
)
BREAKDOWN_LIMIT = 8


@dataclass(frozen=True)
class MeasureRow:
    key: str
    label: str
    first: Decimal | int | None
    second: Decimal | int | None

    @property
    def difference(self) -> Decimal | int | None:
        if self.first is None or self.second is None:
            return None
        return self.first - self.second

    @property
    def change(self) -> Decimal | None:
        return percent_change(self.first, self.second)


@dataclass(frozen=True)
class PeriodComparison:
    pair: PeriodPair
    rows: list[MeasureRow]
    breakdown: str
    chart_data: dict[str, tuple[Decimal, Decimal]]
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupRow:
    name: str
    figures: Figures
    revenue_share: Decimal | None
    units_share: Decimal | None
    revenue_change: Decimal | None


@dataclass(frozen=True)
class GroupComparison:
    kind: str
    rows: list[GroupRow]
    breakdown: str
    chart_data: dict[tuple[str, str], Decimal]
    messages: list[str] = field(default_factory=list)


def percent_change(first: Decimal | int | None, second: Decimal | int | None) -> Decimal | None:
    """Give (first - second) / second in percent, to 0.1; None when second is zero or missing."""
    if first is None or not second:
        return None
    return (Decimal(first - second) * 100 / Decimal(second)).quantize(Decimal("0.1"))


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def compare_periods(form: ComparisonForm, today: date) -> PeriodComparison:
    """Give the figures of two date ranges with the same make and region filters."""
    pair = _period_pair(form, today)
    breakdown = "region" if form.make else "make"
    sides = [_scoped(form, period) for period in (pair.first, pair.second)]
    first, second = (queries.totals(sales_filter) for sales_filter in sides)
    rows = [
        MeasureRow(key, label, getattr(first, key), getattr(second, key)) for key, label in MEASURES
    ]
    messages = [note for note in [pair.note] if note]
    messages += [
        _no_sales(period)
        for period, side in ((pair.first, first), (pair.second, second))
        if not side.sales
    ]
    chart = _period_chart_data(breakdown, sides)
    log.info("compare: periods %s and %s", pair.first, pair.second)
    return PeriodComparison(pair, rows, breakdown, chart, messages)


def compare_groups(form: ComparisonForm) -> GroupComparison:
    """Give each picked make or region's figures, its share of all sales in the range, and its
    revenue change against the first pick."""
    column = "make" if form.kind == "makes" else "region"
    start, end = form.scope
    sales_filter = SalesFilter(date_from=start, date_to=end)
    figures = queries.totals_by(column, sales_filter, form.picks)
    whole = queries.totals(sales_filter)
    base = figures.get(form.picks[0], Figures()).revenue
    rows = [
        GroupRow(
            name,
            side := figures.get(name, Figures()),
            share(side.revenue, whole.revenue),
            share(side.units, whole.units),
            None if index == 0 else percent_change(side.revenue, base),
        )
        for index, name in enumerate(form.picks)
    ]
    breakdown = "region" if column == "make" else "make"
    chart = queries.revenue_by_pair(column, breakdown, sales_filter, form.picks)
    messages = [f"No sales of {row.name} in this range." for row in rows if not row.figures.sales]
    return GroupComparison(form.kind, rows, breakdown, _top_pairs(chart), messages)


def unknown_picks(form: ComparisonForm) -> list[str]:
    """Give a message for each picked make or region (or filter) the owner has never sold."""
    column = "make" if form.kind == "makes" else "region"
    messages = []
    if form.kind != "periods":
        known = set(queries.known_values(column))
        messages += [_unknown(column, name) for name in form.picks if name not in known]
    for name, value in (("make", form.make), ("region", form.region)):
        if form.kind == "periods" and value and value not in queries.known_values(name):
            messages.append(_unknown(name, value))
    return messages


def _unknown(column: str, name: str) -> str:
    return f"There are no sales of a {column} called '{name}'; pick one from the list."


def _period_pair(form: ComparisonForm, today: date) -> PeriodPair:
    if form.preset != "custom":
        return preset_ranges(form.preset, today)
    first, second = form.parsed_range("a_"), form.parsed_range("b_")
    assert first is not None and second is not None, "the form checks all four dates"
    return custom_ranges(first, second, today)


def _scoped(form: ComparisonForm, period: DateRange) -> SalesFilter:
    return SalesFilter(
        date_from=period.start, date_to=period.end, make=form.make, region=form.region
    )


def _no_sales(period: DateRange) -> str:
    return f"There are no sales from {period.start} to {period.end} with these filters."


def _period_chart_data(
    breakdown: str, sides: list[SalesFilter]
) -> dict[str, tuple[Decimal, Decimal]]:
    first, second = (queries.totals_by(breakdown, side) for side in sides)
    names = sorted(
        set(first) | set(second), key=lambda name: -(_revenue(first, name) + _revenue(second, name))
    )
    return {
        name: (_revenue(first, name), _revenue(second, name)) for name in names[:BREAKDOWN_LIMIT]
    }


def _revenue(figures: dict[str, Figures], name: str) -> Decimal:
    return figures.get(name, Figures()).revenue


def _top_pairs(chart: dict[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    totals: dict[str, Decimal] = {}
    for (_, part), revenue in chart.items():
        totals[part] = totals.get(part, Decimal(0)) + revenue
    top = set(sorted(totals, key=lambda part: -totals[part])[:BREAKDOWN_LIMIT])
    return {key: revenue for key, revenue in chart.items() if key[1] in top}
