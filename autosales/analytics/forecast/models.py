"""Forecasting candidates: (seasonal) naive, seasonal mean, SES, Theta, additive ETS and seasonal
ARIMA.

Each `Candidate` is a model structure whose `fit` estimates it on any series. Fitted models give
point forecasts and, where the interval is cheap and exact (seasonal ARIMA), 80% and 95%
prediction intervals; the engine builds the others from backtest errors.
Series are passed as numpy arrays; models see a plain integer index, so no frequency is needed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
from scipy import optimize, signal, stats
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel

from autosales.analytics.forecast.sarima import Order, Sarima, auto_sarima, fit_sarima
from autosales.analytics.forecast.sarima import minimum_length as sarima_minimum_length

LEVELS = (80, 95)


class Fitted(Protocol):
    """A model fitted to one training series."""

    def forecast(self, steps: int) -> np.ndarray:
        """Point forecasts for the next `steps` periods."""
        ...

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Lower and upper bounds of the `level`% prediction interval, or None if the model has
        none (empirical intervals are then built from backtest errors)."""
        ...


@dataclass(frozen=True)
class Candidate:
    """A model structure that can be fitted to any training series."""

    name: str
    family: str
    fit: Callable[[np.ndarray], Fitted]


def quiet_fit(function: Callable[[], object]) -> object:
    """Run a model fit with its expected warnings silenced.

    Optimiser ConvergenceWarnings, non-stationary or non-invertible starting values and overflow in
    multiplicative recursions are normal while searching many model forms; a form that really fails
    shows up as a poor AICc or a bad backtest and loses the selection.
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function()


@dataclass(frozen=True)
class SeasonalNaive:
    """y_hat(T+h) = y(T + h - m * ceil(h / m)): the value of the same period one season back,
    or with `seasons` above 1 the mean of that period over the last `seasons` seasons."""

    history: np.ndarray
    season: int
    seasons: int = 1

    def forecast(self, steps: int) -> np.ndarray:
        season = min(self.season, len(self.history))
        count = max(1, min(self.seasons, len(self.history) // season))
        end = len(self.history)
        past = [self.history[end - season * (k + 1) : end - season * k] for k in range(count)]
        pattern = np.mean(past, axis=0)
        return np.array([pattern[step % season] for step in range(steps)], dtype=float)

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        return None


def seasonal_naive(season: int) -> Candidate:
    """The seasonal naive benchmark (naive lag-1 when season is 1)."""
    name = "seasonal naive" if season > 1 else "naive"
    return Candidate(name, "seasonal_naive", lambda values: SeasonalNaive(values, season))


def seasonal_mean(season: int, seasons: int = 2) -> Candidate:
    """Seasonal naive averaged over the last `seasons` seasons: a one-off month last year counts
    half, which suits noisy monthly sales, and it gives the combination a seasonal member that
    is not last year's copy."""
    return Candidate(
        "seasonal mean", "seasonal_mean", lambda values: SeasonalNaive(values, season, seasons)
    )


@dataclass(frozen=True)
class HistoricMean:
    """y_hat = mean of the history: the fallback for a handful of periods."""

    history: np.ndarray

    def forecast(self, steps: int) -> np.ndarray:
        return np.full(steps, float(np.mean(self.history)))

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        return None


def historic_mean() -> Candidate:
    """The mean of all history, for very short series."""
    return Candidate("mean", "mean", HistoricMean)


@dataclass(frozen=True)
class WrappedStatsmodels:
    """A fitted statsmodels ETS or Theta result behind the `Fitted` protocol.

    It offers no model intervals: ETS ones with multiplicative errors are simulated and Theta's
    refit a state-space model (30-50 ms each, more than the fit), so the engine builds them from
    backtest errors instead.
    """

    result: object

    def forecast(self, steps: int) -> np.ndarray:
        return np.asarray(self.result.forecast(steps), dtype=float)

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        return None


ETSForm = tuple[str, str | None, bool, str | None]  # error, trend, damped, seasonal

NO_TREND_SEASONAL: ETSForm = ("add", None, False, "add")
DAMPED_SEASONAL: ETSForm = ("add", "add", True, "add")
DAMPED_NONSEASONAL: ETSForm = ("add", "add", True, None)


def ets_forms(size: int, season: int) -> list[ETSForm]:
    """ETS forms to use as candidates for a history of `size` periods.

    With two full seasons: ETS(A,N,A) and the damped ETS(A,Ad,A), both kept rather than one chosen
    by AICc, because the combination gains from both and an AICc choice on a noisy series is
    itself noisy: one ETS chosen by AICc at the first backtest origin, among these two or also
    the multiplicative-error and multiplicative-season forms, raised the mean MASE on both
    development sets of benchmarks/forecast_benchmark.py (by 0.003 to 0.007). Shorter: the damped
    ETS(A,Ad,N) (SES covers the level-only form). Multiplicative forms and an undamped trend are
    left out: with heuristic starting states their year-ahead forecasts lose in backtests, and
    the log-scale variants tried did not help either.
    """
    if season > 1 and size >= 2 * season:
        return [NO_TREND_SEASONAL, DAMPED_SEASONAL]
    return [DAMPED_NONSEASONAL]


def fit_ets(values: np.ndarray, form: ETSForm, season: int) -> WrappedStatsmodels:
    """statsmodels ETSModel of the given additive form, heuristic initial states when the data
    allow (two seasons for a seasonal form, ten periods otherwise)."""
    error, trend, damped, seasonal = form
    heuristic = len(values) >= max(10, 2 * season if seasonal else 10)
    model = ETSModel(
        pd.Series(values, dtype=float),
        error=error,
        trend=trend,
        damped_trend=damped,
        seasonal=seasonal,
        seasonal_periods=season if seasonal else None,
        initialization_method="heuristic" if heuristic else "estimated",
    )
    result = quiet_fit(lambda: model.fit(disp=False, maxiter=200))
    return WrappedStatsmodels(result)


def ets_name(form: ETSForm) -> str:
    """ETS(error, trend, season) in the usual letters, e.g. ETS(A,Ad,A)."""
    error, trend, damped, seasonal = form
    letter = {None: "N", "add": "A", "mul": "M"}
    trend_letter = letter[trend] + ("d" if damped else "")
    return f"ETS({letter[error]},{trend_letter},{letter[seasonal]})"


def ets(form: ETSForm, season: int) -> Candidate:
    """An ETS form as a candidate, re-estimated on every series it is fitted to."""
    return Candidate(ets_name(form), "ets", lambda values: fit_ets(values, form, season))


@dataclass(frozen=True)
class SimpleSmoothing:
    """Simple exponential smoothing: l_t = alpha * y_t + (1 - alpha) * l_(t-1), y_hat = l_T."""

    level: float

    def forecast(self, steps: int) -> np.ndarray:
        return np.full(steps, self.level)

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        return None


def smoothed_levels(values: np.ndarray, alpha: float) -> np.ndarray:
    """Levels l_1..l_T of simple exponential smoothing started at l_0 = y_0 (a linear filter)."""
    levels, _ = signal.lfilter(
        [alpha], [1.0, alpha - 1.0], values[1:], zi=[(1.0 - alpha) * values[0]]
    )
    return levels


def fit_simple_smoothing(values: np.ndarray) -> SimpleSmoothing:
    """SES with alpha in [0.01, 0.99] minimising the one-step squared errors."""
    values = np.asarray(values, dtype=float)
    if len(values) < 3:
        return SimpleSmoothing(float(np.mean(values)))

    def squared_errors(alpha: float) -> float:
        predictions = np.concatenate([values[:1], smoothed_levels(values, alpha)[:-1]])
        return float(np.sum((values[1:] - predictions) ** 2))

    alpha = optimize.minimize_scalar(squared_errors, bounds=(0.01, 0.99), method="bounded").x
    return SimpleSmoothing(float(smoothed_levels(values, float(alpha))[-1]))


def simple_smoothing() -> Candidate:
    """SES as a candidate: no season and no trend. Per-make monthly sales are noisy enough that
    a smoothed level often forecasts a year ahead as well as the seasonal models, and it pulls
    the combination towards a cautious seasonal amplitude."""
    return Candidate("SES", "ses", fit_simple_smoothing)


def fit_theta(values: np.ndarray, season: int) -> WrappedStatsmodels:
    """statsmodels ThetaModel (theta = 2, SES drift), deseasonalised when two seasons exist and a
    seasonality test says so."""
    seasonal = season > 1 and len(values) >= 2 * season
    model = ThetaModel(
        values.astype(float), period=season if seasonal else 1, deseasonalize=seasonal
    )
    return WrappedStatsmodels(quiet_fit(model.fit))


def theta(season: int) -> Candidate:
    """The Theta method (Assimakopoulos & Nikolopoulos 2000) as a candidate."""
    return Candidate("Theta", "theta", lambda values: fit_theta(values, season))


def z_value(level: int) -> float:
    """Two-sided normal quantile for a `level`% interval."""
    return float(stats.norm.ppf(0.5 + level / 200))


def sarima(season: int) -> Candidate:
    """Seasonal ARIMA(p,d,q)(P,1,Q)m with its orders chosen automatically (see sarima.py).

    The orders are searched once, on the first series the candidate is fitted to (the earliest
    backtest origin), and kept for the later origins and the final fit: the backtest then tests
    the choice on periods it never saw, and a series costs one search instead of four.
    """
    chosen: list[Order] = []

    def fit(values: np.ndarray) -> Sarima:
        if chosen:
            return fit_sarima(values, season, chosen[0])
        fitted = auto_sarima(values, season)
        chosen.append(fitted.order)
        return fitted

    return Candidate("SARIMA", "sarima", fit)


def sarima_fits(size: int, season: int) -> bool:
    """Whether a history of `size` periods is long enough for the seasonal ARIMA."""
    return season > 1 and size >= sarima_minimum_length(season)
