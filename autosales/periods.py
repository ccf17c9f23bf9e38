"""Calendar arithmetic shared by the dashboard and the comparisons: date ranges and months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DateRange:
    """A range of days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def shift_months(day: date, months: int, *, to_month_end: bool = False) -> date:
    """Give the same day ``months`` later (earlier when negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, last if to_month_end else min(day.day, last))


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1
