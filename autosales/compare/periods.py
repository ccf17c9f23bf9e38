"""Date ranges to compare: the presets, and cutting a range still under way to like for like.

Plain functions of dates, no Flask: "today" is always passed in.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from autosales.periods import DateRange

PRESETS = {
    "month": "This month against last month",
    "year": "This year against last year",
    "30days": "The last 30 days against the 30 before",
    "custom": "Two ranges of my choice",
}


@dataclass(frozen=True)
class PeriodPair:
    """The range looked at (first) and the range it is set against (second)."""

    first: DateRange
    second: DateRange
    note: str = ""


def preset_ranges(preset: str, today: date) -> PeriodPair:
    """Give the two ranges of a preset, the second cut to the same days as the first so far.

    1-15 March is set against 1-15 February; 30 March against the whole of February; this year
    to 15 March against last year to 15 March.
    """
    if preset == "month":
        month_start = today.replace(day=1)
        last_month = (month_start - timedelta(days=1)).replace(day=1)
        second_end = _clamped(last_month.year, last_month.month, today.day)
        whole = today.day == calendar.monthrange(today.year, today.month)[1]
        return _pair(
            DateRange(month_start, today), DateRange(last_month, second_end), whole, "last month"
        )
    if preset == "year":
        second_end = _clamped(today.year - 1, today.month, today.day)
        whole = (today.month, today.day) == (12, 31)
        return _pair(
            DateRange(date(today.year, 1, 1), today),
            DateRange(date(today.year - 1, 1, 1), second_end),
            whole,
            "last year",
        )
    if preset == "30days":
        first = DateRange(today - timedelta(days=29), today)
        second = DateRange(first.start - timedelta(days=30), first.start - timedelta(days=1))
        return PeriodPair(first, second)
    raise ValueError(f"no preset called {preset!r}; expected one of {sorted(PRESETS)}")


def custom_ranges(first: DateRange, second: DateRange, today: date) -> PeriodPair:
    """Give two chosen ranges; a first range reaching today or later is cut to today and the
    second to as many days, so days not yet lived are not counted against it."""
    if first.end < today or first.start > today:
        return PeriodPair(first, second)
    cut = DateRange(first.start, today)
    second_end = min(second.end, second.start + timedelta(days=cut.days - 1))
    note = (
        f"The first range is still under way, so it ends today and the second is cut to the "
        f"same {cut.days} days."
    )
    return PeriodPair(cut, DateRange(second.start, second_end), note)


def _pair(first: DateRange, second: DateRange, whole: bool, label: str) -> PeriodPair:
    note = (
        "" if whole else f"Like for like: the days so far are set against the same days of {label}."
    )
    return PeriodPair(first, second, note)


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
