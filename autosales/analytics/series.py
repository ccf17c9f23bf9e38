"""Period series built from a sales frame or from pre-aggregated period frames.

Two inputs are accepted. A sale-level frame has one row per sale line with `sale_date`,
`quantity` and `revenue`. A period frame, aggregated in SQL for large accounts, has `period`
(the period start), `revenue`, `units` and `sales`. Both resample by sum into one value per period;
periods without sales are zero, never interpolated.
"""

from __future__ import annotations

import logging
from typing import Literal

import pandas as pd

logger = logging.getLogger(__name__)

Granularity = Literal["day", "week", "month"]
Value = Literal["revenue", "units", "sales"]

GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")
PANDAS_FREQUENCY: dict[str, str] = {"day": "D", "week": "W-MON", "month": "MS"}
SEASON_LENGTH: dict[str, int] = {"day": 7, "week": 52, "month": 12}
DEFAULT_HORIZON: dict[str, int] = {"day": 30, "week": 13, "month": 12}
DAY_SPAN_LIMIT = 90
WEEK_SPAN_LIMIT = 730


def choose_granularity(start: pd.Timestamp, end: pd.Timestamp) -> Granularity:
    """Granularity from the span of the data: under 90 days daily, under two years weekly, else
    monthly."""
    span_days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    if span_days < DAY_SPAN_LIMIT:
        return "day"
    if span_days < WEEK_SPAN_LIMIT:
        return "week"
    return "month"


def check_granularity(granularity: str) -> Granularity:
    """The granularity itself, or ValueError naming the accepted values."""
    if granularity not in GRANULARITIES:
        raise ValueError(
            f"Unknown granularity {granularity!r}; expected one of {', '.join(GRANULARITIES)}."
        )
    return granularity  # type: ignore[return-value]


def season_length(granularity: str) -> int:
    """Periods per seasonal cycle: 7 days, 52 weeks or 12 months."""
    return SEASON_LENGTH[check_granularity(granularity)]


def default_horizon(granularity: str) -> int:
    """Forecast horizon used when the caller gives none: 30 days, 13 weeks or 12 months."""
    return DEFAULT_HORIZON[check_granularity(granularity)]


def date_column_of(frame: pd.DataFrame) -> str:
    """`sale_date` for sale-level frames, `period` for pre-aggregated ones."""
    for name in ("sale_date", "period"):
        if name in frame.columns:
            return name
    raise ValueError("The sales frame needs a 'sale_date' column (or 'period' when aggregated).")


def is_period_frame(frame: pd.DataFrame) -> bool:
    """True for frames pre-aggregated by period (columns period, revenue, units, sales)."""
    return "period" in frame.columns and "sale_date" not in frame.columns


def period_start(dates: pd.Series | pd.DatetimeIndex, granularity: str) -> pd.Series:
    """The start of the day, week (Monday) or month that each date falls in."""
    values = pd.Series(pd.to_datetime(dates)).dt.normalize()
    if granularity == "day":
        return values
    if granularity == "week":
        return values - pd.to_timedelta(values.dt.day_of_week, unit="D")
    return values.dt.to_period("M").dt.start_time


def value_column(frame: pd.DataFrame, value: str) -> pd.Series:
    """Per-row amounts to sum for `value`: revenue, units (quantity) or sales (one per row)."""
    if value == "revenue":
        return pd.to_numeric(frame["revenue"], errors="coerce").fillna(0.0).astype(float)
    if value == "units":
        column = "units" if "units" in frame.columns else "quantity"
        return pd.to_numeric(frame[column], errors="coerce").fillna(0.0).astype(float)
    if value == "sales":
        if "sales" in frame.columns:
            return pd.to_numeric(frame["sales"], errors="coerce").fillna(0.0).astype(float)
        return pd.Series(1.0, index=frame.index)
    raise ValueError(f"Unknown value {value!r}; expected revenue, units or sales.")


def period_index(start: pd.Timestamp, end: pd.Timestamp, granularity: str) -> pd.DatetimeIndex:
    """Every period start from the period holding `start` to the one holding `end`."""
    first, last = period_start(pd.Series([pd.Timestamp(start), pd.Timestamp(end)]), granularity)
    return pd.date_range(first, last, freq=PANDAS_FREQUENCY[granularity], name="period")


def build_series(
    frame: pd.DataFrame,
    granularity: str,
    value: str = "revenue",
    date_column: str | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.Series:
    """Sum of `value` per period, with every period from start to end present (missing = 0).

    Start and end default to the first and last date in the frame; an empty frame without them
    gives an empty series.
    """
    check_granularity(granularity)
    column = date_column or date_column_of(frame)
    dates = pd.to_datetime(frame[column])
    if start is None and end is None and dates.empty:
        return pd.Series([], index=pd.DatetimeIndex([], name="period"), dtype=float, name=value)
    index = period_index(
        start if start is not None else dates.min(),
        end if end is not None else dates.max(),
        granularity,
    )
    periods = period_start(dates, granularity).to_numpy()
    totals = value_column(frame, value).groupby(periods).sum()
    series = totals.reindex(index, fill_value=0.0).astype(float)
    series.index = pd.DatetimeIndex(index, freq=PANDAS_FREQUENCY[granularity], name="period")
    return series.rename(value)


def build_dimension_series(
    frame: pd.DataFrame,
    dimension: str,
    granularity: str,
    value: str = "revenue",
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One column per value of `dimension` (make, model or region), one row per period, zeros
    where that value had no sales. Columns are ordered by their total, largest first."""
    if dimension not in frame.columns:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    column = date_column_of(frame)
    dates = pd.to_datetime(frame[column])
    if dates.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    index = period_index(
        start if start is not None else dates.min(),
        end if end is not None else dates.max(),
        granularity,
    )
    keys = frame[dimension].astype("string").fillna("(unknown)")
    table = (
        pd.DataFrame(
            {
                "period": period_start(dates, granularity).to_numpy(),
                "key": keys.to_numpy(),
                "amount": value_column(frame, value).to_numpy(),
            }
        )
        .pivot_table(index="period", columns="key", values="amount", aggfunc="sum", fill_value=0.0)
        .reindex(index, fill_value=0.0)
        .astype(float)
    )
    table.index = pd.DatetimeIndex(index, freq=PANDAS_FREQUENCY[granularity], name="period")
    table.columns = [str(name) for name in table.columns]
    return table[table.sum().sort_values(ascending=False).index]


def format_period(stamp: pd.Timestamp, granularity: str) -> str:
    """A period as people say it: "March 2024", "week of 4 Mar 2024" or "4 Mar 2024"."""
    stamp = pd.Timestamp(stamp)
    if granularity == "month":
        return stamp.strftime("%B %Y")
    if granularity == "week":
        return f"week of {stamp.day} {stamp.strftime('%b %Y')}"
    return f"{stamp.day} {stamp.strftime('%b %Y')}"
