"""The periods a user may choose as the dashboard's default, and the dates each one covers.

The keys match the dashboard's date presets (``autosales.dashboard.periods.date_presets``) where
one exists, so the dashboard can open on the preset of the same key; "all" sets no date limit
and "90d" is the last 90 days up to today.
"""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_PERIODS = {
    "all": "All sales",
    "12m": "The last 12 full months",
    "ytd": "This year so far",
    "last-year": "Last year",
    "90d": "The last 90 days",
}


def period_range(key: str, today: date) -> tuple[date | None, date | None]:
    """Give the first and last day of a default period as of ``today``; None means open-ended."""
    if key == "12m":
        month_start = today.replace(day=1)
        year_before = month_start.replace(year=month_start.year - 1)
        return year_before, month_start - timedelta(days=1)
    if key == "ytd":
        return date(today.year, 1, 1), today
    if key == "last-year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if key == "90d":
        return today - timedelta(days=89), today
    return None, None
