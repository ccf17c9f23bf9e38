"""Which dates the dashboard's figures cover, what they are set against, and the date presets.

Comparisons are like for like: a range that starts on the first of a month is set against the
same days of the month(s) before and of the year before (1-15 March against 1-15 February);
any other range against the equal number of days just before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from autosales.formatting import local_date
from autosales.periods import DateRange, is_month_end, shift_months
from autosales.sales.filters import SalesFilter


@dataclass(frozen=True)
class Comparison:
    """The range the figures cover, the two it is set against, and how to name them."""

    current: DateRange
    previous: DateRange
    last_year: DateRange
    previous_name: str
    description: str


def compare_range(current: DateRange) -> Comparison:
    """Set ``current`` against the range before it and the same range a year earlier."""
    months = (current.end.year - current.start.year) * 12 + current.end.month - current.start.month
    last_year = DateRange(shift_months(current.start, -12), _shift_end(current.end, -12))
    if current.start.day == 1:
        span = months + 1
        previous = DateRange(shift_months(current.start, -span), _shift_end(current.end, -span))
        name = "the month before" if span == 1 else f"the {span} months before"
        if span == 1 and not is_month_end(current.end):
            name = "the same days of the month before"
    else:
        previous = DateRange(
            current.start - timedelta(days=current.days), current.start - timedelta(days=1)
        )
        name = f"the {current.days} days before"
    description = f"{_describe(current)} against {_describe(previous)} and {_describe(last_year)}"
    return Comparison(current, previous, last_year, name, description)


def _shift_end(day: date, months: int) -> date:
    return shift_months(day, months, to_month_end=is_month_end(day))


def _describe(span: DateRange) -> str:
    same_month = (span.start.year, span.start.month) == (span.end.year, span.end.month)
    if span.start.day == 1 and is_month_end(span.end) and same_month:
        return span.start.strftime("%B %Y")
    return f"{local_date(span.start)} to {local_date(span.end)}"


def choose_comparison(
    sales_filter: SalesFilter, first_sale: date | None, last_sale: date | None, today: date
) -> Comparison | None:
    """Give the filter's date range, or by default the last complete month of sales, compared.

    A month is complete once it is over (before today's month); without dates in the filter the
    figures cover the latest complete month that has sales.
    """
    if last_sale is None or first_sale is None:
        return None
    if sales_filter.date_from or sales_filter.date_to:
        start = sales_filter.date_from or first_sale
        end = sales_filter.date_to or min(max(last_sale, start), today)
        return compare_range(DateRange(start, max(start, end)))
    anchor = min(last_sale, today)
    if (anchor.year, anchor.month) == (today.year, today.month) and not is_month_end(anchor):
        anchor = anchor.replace(day=1) - timedelta(days=1)
    start = anchor.replace(day=1)
    return compare_range(DateRange(start, shift_months(start, 0, to_month_end=True)))


def date_presets(today: date) -> list[tuple[str, str, DateRange]]:
    """Give (key, label, range) of the quick date choices, relative to ``today``."""
    month_start = today.replace(day=1)
    return [
        ("month", "This month so far", DateRange(month_start, today)),
        ("30d", "Last 30 days", DateRange(today - timedelta(days=29), today)),
        ("12m", "Last 12 months", DateRange(shift_months(month_start, -12),
                                            month_start - timedelta(days=1))),
        ("ytd", "This year", DateRange(date(today.year, 1, 1), today)),
        ("last-year", "Last year", DateRange(date(today.year - 1, 1, 1),
                                             date(today.year - 1, 12, 31))),
    ]  # fmt: skip
