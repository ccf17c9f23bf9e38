"""The dashboard's headline figures from SQL: KPI cards with growth, sparklines and a sentence
that says where each change came from.

Growth = (current - previous) / previous * 100. The sentence names the part (make, model,
region, or a model in a region) that gave the most points of it, points of a part being
(its current - its previous) / previous total * 100, so a dimension's points add up to the growth.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
from markupsafe import Markup

from autosales.analytics.kpis import Contribution, explain_change, growth_percent
from autosales.charts.sparkline import sparkline_svg
from autosales.dashboard.periods import Comparison, DateRange, shift_months
from autosales.formatting import format_number, format_percent
from autosales.sales import aggregates
from autosales.sales.aggregates import PeriodTotals
from autosales.sales.filters import SalesFilter

log = logging.getLogger(__name__)

HELP = {
    "revenue": "Price times quantity of every sale in the period, before costs.",
    "units": "Cars sold: the quantities of all sales added up.",
    "average_sale": "Average transaction value: revenue divided by the number of sales.",
    "sales": "Sale lines (transactions) in the period; one line may hold several cars.",
    "profit_per_unit": "Gross profit (price minus unit cost) per car, over sales with a cost.",
    "margin": "Gross profit as a share of revenue, over sales with a unit cost.",
    "days_to_sell": "Average days from the stock-in date to the sale, over sales with one.",
}

# Figures where a fall is the good news.
LOWER_IS_BETTER = frozenset({"days_to_sell"})


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    kind: str  # money, number, percent or days: how the template shows the values
    current: Decimal | float | int | None
    previous: Decimal | float | int | None
    last_year: Decimal | float | int | None
    growth: float | None
    growth_on_last_year: float | None
    sentence: str
    sparkline: Markup | None
    help: str

    def tone(self, growth: float | None) -> str:
        """Say whether a change is good or bad news ("good", "bad" or "" when flat or unknown):
        more days to sell is bad news, more of anything else is good."""
        if not growth:
            return ""
        better = growth < 0 if self.key in LOWER_IS_BETTER else growth > 0
        return "good" if better else "bad"


def kpi_cards(comparison: Comparison, sales_filter: SalesFilter) -> list[KpiCard]:
    """Give the KPI cards of the comparison's ranges under the filter's other conditions."""
    current, previous, last_year = (
        aggregates.period_totals(span.start, span.end, sales_filter)
        for span in (comparison.current, comparison.previous, comparison.last_year)
    )
    parts = parts_frame(comparison, sales_filter)
    months = monthly_series(comparison.current.end, sales_filter)
    cards = [
        _card("revenue", "Revenue", "money", (current, previous, last_year), comparison, parts,
              months["revenue"]),
        _card("units", "Units sold", "number", (current, previous, last_year), comparison, parts,
              months["units"]),
        _card("average_sale", "Average sale", "money", (current, previous, last_year),
              comparison, None, months["revenue"] / months["sales"].replace(0, np.nan)),
        _card("sales", "Number of sales", "number", (current, previous, last_year), comparison,
              parts, months["sales"]),
    ]  # fmt: skip
    if current.costed_units:
        cards.append(_card("profit_per_unit", "Gross profit per unit", "money",
                           (current, previous, last_year), comparison, None, None))  # fmt: skip
        cards.append(_card("margin", "Margin", "percent", (current, previous, last_year),
                           comparison, None, None))  # fmt: skip
    if current.average_days_to_sell is not None:
        cards.append(_card("days_to_sell", "Days to sell", "days", (current, previous, last_year),
                           comparison, None, None))  # fmt: skip
    return cards


FIELDS = {
    "revenue": "revenue",
    "units": "units",
    "sales": "sales",
    "average_sale": "average_sale",
    "profit_per_unit": "profit_per_unit",
    "margin": "margin",
    "days_to_sell": "average_days_to_sell",
}


def _card(
    key: str,
    label: str,
    kind: str,
    totals: tuple[PeriodTotals, PeriodTotals, PeriodTotals],
    comparison: Comparison,
    parts: pd.DataFrame | None,
    history: pd.Series | None,
) -> KpiCard:
    current, previous, last_year = (getattr(item, FIELDS[key]) for item in totals)
    growth = _growth(current, previous)
    growth_on_last_year = _growth(current, last_year)
    sentence = change_sentence(
        growth, comparison.previous_name, _explain(parts, key, comparison, "previous")
    )
    if growth_on_last_year is not None:
        sentence += " " + change_sentence(
            growth_on_last_year, "the same period last year",
            _explain(parts, key, comparison, "last_year"),
        )  # fmt: skip
    spark = None
    if history is not None:
        spark = sparkline_svg(list(history), label=f"{label}, last 12 months")
    return KpiCard(key, label, kind, current, previous, last_year, growth, growth_on_last_year,
                   sentence, spark, HELP[key])  # fmt: skip


def _growth(current: object, previous: object) -> float | None:
    if current is None or previous is None:
        return None
    return growth_percent(float(current), float(previous))  # type: ignore[arg-type]


def change_sentence(
    growth: float | None, against: str, contributions: tuple[Contribution, ...]
) -> str:
    """Give "+12.0% on the month before; Corolla in North gave 8.0 points of it." from the
    growth and the parts' contributions (largest first)."""
    if growth is None:
        return f"No figure for {against} to compare with."
    text = f"{format_percent(growth)} on {against}"
    same_sign = [item for item in contributions if np.sign(item.points) == np.sign(growth)]
    if same_sign and growth != 0:
        top = same_sign[0]
        text += f"; {top.key} gave {format_number(abs(top.points), 1)} points of it"
    return text + "."


def _explain(
    parts: pd.DataFrame | None, key: str, comparison: Comparison, against: str
) -> tuple[Contribution, ...]:
    if parts is None or parts.empty or key not in ("revenue", "units", "sales"):
        return ()
    before: DateRange = getattr(comparison, against)
    rows = parts[parts["range"].isin(("current", against))]
    frame = rows.assign(
        sale_date=np.where(rows["range"] == "current", pd.Timestamp(comparison.current.start),
                           pd.Timestamp(before.start))
    )  # fmt: skip
    current = (pd.Timestamp(comparison.current.start), pd.Timestamp(comparison.current.end))
    previous = (pd.Timestamp(before.start), pd.Timestamp(before.end))
    found = explain_change(frame.drop(columns="range"), current, previous, value=key, limit=20)
    # On a make's page "Toyota gave all of it" says nothing: name only parts that can differ.
    fixed = {name for name in ("make", "model", "region") if parts[name].nunique() == 1}
    return tuple(item for item in found if not set(item.dimension.split(" x ")) <= fixed)


def parts_frame(comparison: Comparison, sales_filter: SalesFilter) -> pd.DataFrame:
    """Give revenue, units and sales per make, model and region of the three ranges.

    One query per range: each is a range scan of the (owner, date) index, where one query over
    all three with OR would read every row.
    """
    ranges = {
        "current": comparison.current,
        "previous": comparison.previous,
        "last_year": comparison.last_year,
    }
    return pd.concat([_parts({name: span}, sales_filter) for name, span in ranges.items()])


def _parts(ranges: dict[str, DateRange], sales_filter: SalesFilter) -> pd.DataFrame:
    spans = {name: (span.start, span.end) for name, span in ranges.items()}
    return aggregates.totals_by_part(spans, sales_filter)


def monthly_series(end: date, sales_filter: SalesFilter) -> pd.DataFrame:
    """Give revenue, units and sales of the 12 months up to ``end``, oldest first."""
    start = shift_months(end.replace(day=1), -11)
    scoped = replace(sales_filter, date_from=start, date_to=end)
    return aggregates.totals_by_period("M", scoped)
