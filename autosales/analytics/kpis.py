"""Headline figures for a date range, their growth, and which parts of the business drove a change.

Works on sale-level frames (sale_date, quantity, revenue, optional unit_cost and stocked_on) and on
period frames aggregated in SQL (period, revenue, units, sales).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from autosales.analytics.results import PlainResult, clean_float
from autosales.analytics.series import date_column_of, value_column

logger = logging.getLogger(__name__)

CONTRIBUTION_DIMENSIONS: tuple[tuple[str, ...], ...] = (
    ("make",),
    ("model",),
    ("region",),
    ("model", "region"),
    ("make", "region"),
)


@dataclass(frozen=True)
class PeriodFigures(PlainResult):
    """Totals for one date range; profit figures are None where cost or stock dates are missing."""

    start: pd.Timestamp
    end: pd.Timestamp
    revenue: float
    units: float
    sales: int
    average_transaction_value: float | None
    gross_profit: float | None = None
    gross_profit_per_unit: float | None = None
    margin: float | None = None
    average_days_to_sell: float | None = None


@dataclass(frozen=True)
class Contribution(PlainResult):
    """How many percentage points of the total change one part (e.g. a model in a region) gave."""

    dimension: str
    key: str
    current: float
    previous: float
    change: float
    points: float
    sentence: str


@dataclass(frozen=True)
class KpiResult(PlainResult):
    """Current figures, the two comparison periods, growth in percent and the main contributors."""

    current: PeriodFigures
    previous: PeriodFigures
    last_year: PeriodFigures
    growth: dict[str, float | None]
    growth_on_last_year: dict[str, float | None]
    contributions: tuple[Contribution, ...]
    summary: str
    message: str | None = None


def select_range(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Rows whose date lies in [start, end], both ends included."""
    dates = pd.to_datetime(frame[date_column_of(frame)])
    return frame[(dates >= start) & (dates <= end)]


def summarise_period(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> PeriodFigures:
    """Revenue, units, number of sales and average transaction value (revenue / sales), plus
    gross profit = sum(quantity * (unit_price - unit_cost)), margin = profit / revenue and mean days
    from stocked_on to sale_date over the rows where those columns are filled."""
    rows = select_range(frame, start, end)
    revenue = float(value_column(rows, "revenue").sum())
    units = float(value_column(rows, "units").sum())
    sales = int(value_column(rows, "sales").sum())
    figures = PeriodFigures(
        start=start,
        end=end,
        revenue=revenue,
        units=units,
        sales=sales,
        average_transaction_value=revenue / sales if sales else None,
    )
    return _add_profit(figures, rows)


def _add_profit(figures: PeriodFigures, rows: pd.DataFrame) -> PeriodFigures:
    values = dict(figures.__dict__)
    if "unit_cost" in rows.columns:
        costed = rows[pd.to_numeric(rows["unit_cost"], errors="coerce").notna()]
        if not costed.empty:
            cost = (costed["quantity"] * pd.to_numeric(costed["unit_cost"])).sum()
            profit = float(costed["revenue"].sum() - cost)
            revenue = float(costed["revenue"].sum())
            values["gross_profit"] = profit
            values["gross_profit_per_unit"] = profit / float(costed["quantity"].sum())
            values["margin"] = profit / revenue if revenue else None
    if "stocked_on" in rows.columns and "sale_date" in rows.columns:
        days = (pd.to_datetime(rows["sale_date"]) - pd.to_datetime(rows["stocked_on"])).dt.days
        days = days.dropna()
        if not days.empty:
            values["average_days_to_sell"] = float(days.mean())
    return PeriodFigures(**values)


def growth_percent(current: float | None, previous: float | None) -> float | None:
    """(current - previous) / previous * 100; None when there is nothing to compare against."""
    if current is None or previous is None or previous == 0:
        return None
    return clean_float((current - previous) / abs(previous) * 100)


def compare_figures(current: PeriodFigures, previous: PeriodFigures) -> dict[str, float | None]:
    """Growth in percent of every headline figure."""
    names = (
        "revenue",
        "units",
        "sales",
        "average_transaction_value",
        "gross_profit_per_unit",
        "margin",
    )
    return {name: growth_percent(getattr(current, name), getattr(previous, name)) for name in names}


def explain_change(
    frame: pd.DataFrame,
    current: tuple[pd.Timestamp, pd.Timestamp],
    previous: tuple[pd.Timestamp, pd.Timestamp],
    value: str = "revenue",
    limit: int = 5,
) -> tuple[Contribution, ...]:
    """Parts that contributed most to the change in `value` between two ranges.

    Points of a part i = (current_i - previous_i) / previous_total * 100, so the points of all the
    parts of one dimension add up to the total growth in percent.
    """
    before = select_range(frame, *previous)
    after = select_range(frame, *current)
    previous_total = float(value_column(before, value).sum())
    if previous_total == 0:
        return ()
    found: list[Contribution] = []
    for dimensions in CONTRIBUTION_DIMENSIONS:
        if all(name in frame.columns for name in dimensions):
            found.extend(_contributions(before, after, dimensions, value, previous_total, limit))
    found.sort(key=lambda item: abs(item.points), reverse=True)
    return tuple(found[:limit])


def _contributions(
    before: pd.DataFrame,
    after: pd.DataFrame,
    dimensions: tuple[str, ...],
    value: str,
    previous_total: float,
    limit: int,
) -> list[Contribution]:
    """The ``limit`` parts of one dimension that moved the total most."""
    table = pd.DataFrame(
        {
            "previous": _totals_by(before, dimensions, value),
            "current": _totals_by(after, dimensions, value),
        }
    ).fillna(0.0)
    previous = table["previous"].to_numpy(dtype=float)
    current = table["current"].to_numpy(dtype=float)
    change = current - previous
    points = change / previous_total * 100
    # Largest moves first; a stable sort keeps equal moves in name order.
    chosen = np.argsort(-np.abs(points), kind="stable")[:limit]
    result = []
    for index in chosen:
        label = str(table.index[index])
        sentence = (
            f"{label} gave {points[index]:+.1f} points "
            f"({previous[index]:,.0f} to {current[index]:,.0f})"
        )
        result.append(
            Contribution(
                " x ".join(dimensions),
                label,
                float(current[index]),
                float(previous[index]),
                float(change[index]),
                float(points[index]),
                sentence,
            )
        )
    return result


def _totals_by(rows: pd.DataFrame, dimensions: tuple[str, ...], value: str) -> pd.Series:
    """Sums of ``value`` per part, labelled "Corolla in North" for two dimensions."""
    keys = [rows[name] for name in dimensions]
    sums = value_column(rows, value).groupby(keys, dropna=False, sort=False).sum()
    parts = sums.index if len(dimensions) > 1 else [(key,) for key in sums.index]
    labels = [" in ".join(_part_name(part) for part in key) for key in parts]
    return pd.Series(sums.to_numpy(), index=labels).groupby(level=0).sum()


def _part_name(part: object) -> str:
    return "(unknown)" if part is None or part is pd.NA or part != part else str(part)


def compute_kpis(
    frame: pd.DataFrame, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None
) -> KpiResult:
    """Figures for [start, end] (default: the whole frame) against the previous range of equal
    length and the same range one year earlier, with the main contributors to the change."""
    dates = pd.to_datetime(frame[date_column_of(frame)]) if len(frame) else pd.Series([])
    if dates.empty and (start is None or end is None):
        today = pd.Timestamp.today().normalize()
        empty = summarise_period(frame, today, today)
        return KpiResult(
            empty,
            empty,
            empty,
            {},
            {},
            (),
            "No sales in this range.",
            message="No sales to summarise: the selection is empty.",
        )
    start = pd.Timestamp(start if start is not None else dates.min()).normalize()
    end = pd.Timestamp(end if end is not None else dates.max()).normalize()
    length = end - start + pd.Timedelta(days=1)
    previous = (start - length, start - pd.Timedelta(days=1))
    last_year = (start - pd.DateOffset(years=1), end - pd.DateOffset(years=1))
    current_figures = summarise_period(frame, start, end)
    previous_figures = summarise_period(frame, *previous)
    growth = compare_figures(current_figures, previous_figures)
    contributions = explain_change(frame, (start, end), previous)
    return KpiResult(
        current=current_figures,
        previous=previous_figures,
        last_year=summarise_period(frame, *last_year),
        growth=growth,
        growth_on_last_year=compare_figures(current_figures, summarise_period(frame, *last_year)),
        contributions=contributions,
        summary=describe_growth(growth.get("revenue"), contributions),
        message=None if previous_figures.sales else "No sales in the previous period to compare.",
    )


def describe_growth(growth: float | None, contributions: tuple[Contribution, ...]) -> str:
    """One sentence such as "Revenue +12.0% on the previous period; Corolla in North gave 8.0
    points of it."."""
    if growth is None:
        return "Revenue has no earlier period of the same length to compare with."
    text = f"Revenue {growth:+.1f}% on the previous period"
    same_sign = [item for item in contributions if np.sign(item.points) == np.sign(growth)]
    if same_sign and growth != 0:
        top = same_sign[0]
        text += f"; {top.key} gave {abs(top.points):.1f} points of it"
    return text + "."
