"""Trend, seasonal and residual parts of a period series, and how strong trend and season are."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

from autosales.analytics.results import PlainResult, clean_float

logger = logging.getLogger(__name__)

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Decomposition(PlainResult):
    """Series = trend + seasonal + residual. Seasonal is None when there is too little history.

    Strengths follow Wang, Smith & Hyndman (2006): F_T = max(0, 1 - Var(R) / Var(T + R)) and
    F_S = max(0, 1 - Var(R) / Var(S + R)), both between 0 and 1.
    """

    method: str
    season_length: int
    observed: pd.Series | None
    trend: pd.Series | None
    seasonal: pd.Series | None
    residual: pd.Series | None
    trend_strength: float | None
    seasonal_strength: float | None
    peak_season: str | None = None
    low_season: str | None = None
    message: str | None = None

    @property
    def expected(self) -> pd.Series | None:
        """Trend plus seasonal: what the series would be without its residual."""
        if self.observed is None or self.residual is None:
            return None
        return self.observed - self.residual


def strength(component: np.ndarray, residual: np.ndarray) -> float | None:
    """max(0, 1 - Var(R) / Var(C + R)); None when C + R does not vary."""
    total = np.var(np.asarray(component) + np.asarray(residual))
    if not np.isfinite(total) or total <= 0:
        return None
    return clean_float(min(1.0, max(0.0, 1 - np.var(residual) / total)))


def centred_trend(series: pd.Series, window: int) -> pd.Series:
    """Centred rolling mean over `window` periods (shorter at the ends)."""
    window = max(1, min(window, len(series)))
    return series.rolling(window, center=True, min_periods=1).mean()


def decompose_series(series: pd.Series, season: int) -> Decomposition:
    """Robust STL (statsmodels, period = season length) when the series covers at least two full
    seasons; otherwise a centred moving-average trend alone, with a message saying why."""
    values = series.astype(float)
    if len(values) < 3:
        return Decomposition(
            "none",
            season,
            values,
            None,
            None,
            None,
            None,
            None,
            message="Need at least three periods of sales to show a trend.",
        )
    if float(values.std()) == 0:
        return _constant(values, season)
    if len(values) < 2 * season or season < 2:
        return _trend_only(values, season)
    return _stl(values, season)


def _constant(values: pd.Series, season: int) -> Decomposition:
    zeros = values * 0.0
    return Decomposition(
        "constant",
        season,
        values,
        values.copy(),
        None,
        zeros,
        0.0,
        None,
        message="Sales are the same in every period: there is no trend or season to show.",
    )


def _trend_only(values: pd.Series, season: int) -> Decomposition:
    window = season if season % 2 else season + 1
    trend = centred_trend(values, min(window, max(3, len(values) // 3 * 2 + 1)))
    residual = values - trend
    unit = {12: "months", 52: "weeks", 7: "days"}.get(season, "periods")
    return Decomposition(
        "moving average",
        season,
        values,
        trend,
        None,
        residual,
        strength(trend.to_numpy(), residual.to_numpy()),
        None,
        message=(
            f"Need at least two full seasons ({2 * season} {unit}) of history for seasonal "
            f"decomposition; showing the trend only."
        ),
    )


def _stl(values: pd.Series, season: int) -> Decomposition:
    with warnings.catch_warnings():
        # STL's inner loess can divide by zero on long runs of identical values; results stay
        # finite and the robustness weights handle the rest.
        warnings.simplefilter("ignore", RuntimeWarning)
        fitted = STL(values.to_numpy(), period=season, robust=True).fit()
    trend = pd.Series(fitted.trend, index=values.index)
    seasonal = pd.Series(fitted.seasonal, index=values.index)
    residual = pd.Series(fitted.resid, index=values.index)
    peak, low = season_extremes(seasonal, season)
    return Decomposition(
        "stl",
        season,
        values,
        trend,
        seasonal,
        residual,
        strength(fitted.trend, fitted.resid),
        strength(fitted.seasonal, fitted.resid),
        peak_season=peak,
        low_season=low,
    )


def season_extremes(seasonal: pd.Series, season: int) -> tuple[str | None, str | None]:
    """Names of the highest and lowest position in the seasonal cycle (month, weekday or week)."""
    index = pd.DatetimeIndex(seasonal.index)
    if season == 12:
        labels, names = index.month - 1, MONTH_NAMES
    elif season == 7:
        labels, names = index.day_of_week, DAY_NAMES
    else:
        labels = np.minimum(index.isocalendar().week.to_numpy() - 1, 51)
        names = tuple(f"week {number}" for number in range(1, 53))
    means = pd.Series(seasonal.to_numpy()).groupby(np.asarray(labels)).mean()
    if means.empty:
        return None, None
    return names[int(means.idxmax())], names[int(means.idxmin())]
