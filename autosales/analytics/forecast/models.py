"""Forecasting candidates: seasonal naive, ETS, the airline SARIMA and Theta.

`choose_ets` picks an ETS form on a training series by AICc and returns a `Candidate` whose `fit`
re-estimates that form on any series; the other candidates have a fixed structure. Fitted models
give point forecasts and, where the interval is cheap and exact (the airline model), 80% and 95%
prediction intervals; the engine builds the others from backtest errors.
Series are passed as numpy arrays; models see a plain integer index, so no frequency is needed.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel

from autosales.analytics.forecast.airline import fit_airline
from autosales.analytics.forecast.airline import minimum_length as airline_minimum_length

logger = logging.getLogger(__name__)

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
    """y_hat(T+h) = y(T + h - m * ceil(h / m)): the value of the same period one season back."""

    history: np.ndarray
    season: int

    def forecast(self, steps: int) -> np.ndarray:
        season = min(self.season, len(self.history))
        last = self.history[-season:]
        return np.array([last[step % season] for step in range(steps)], dtype=float)

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        return None


def seasonal_naive(season: int) -> Candidate:
    """The seasonal naive benchmark (naive lag-1 when season is 1)."""
    name = "seasonal naive" if season > 1 else "naive"
    return Candidate(name, "seasonal_naive", lambda values: SeasonalNaive(values, season))


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


def ets_forms(values: np.ndarray, season: int) -> list[ETSForm]:
    """Additive ETS forms to try: level only, and no trend or a damped trend with an additive
    season when two full seasons exist. Multiplicative forms and an undamped trend are left out:
    with heuristic starting states their AICc often wins and their year-ahead forecasts lose."""
    forms: list[ETSForm] = [("add", None, False, None), ("add", "add", True, None)]
    if season > 1 and len(values) >= 2 * season:
        forms = [
            ("add", None, False, None),
            ("add", None, False, "add"),
            ("add", "add", True, "add"),
        ]
    return forms


def fit_ets(values: np.ndarray, form: ETSForm, season: int) -> WrappedStatsmodels:
    """statsmodels ETSModel of the given form, heuristic initial states when the data allow."""
    error, trend, damped, seasonal = form
    if not np.all(values > 0):
        # A form chosen on positive data meets a zero later: use its additive counterpart.
        error, seasonal = "add", "add" if seasonal else None
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
    """ETS(error, trend, season) in the usual letters, e.g. ETS(M,Ad,M)."""
    error, trend, damped, seasonal = form
    letter = {None: "N", "add": "A", "mul": "M"}
    trend_letter = letter[trend] + ("d" if damped else "")
    return f"ETS({letter[error]},{trend_letter},{letter[seasonal]})"


def choose_ets(values: np.ndarray, season: int) -> Candidate | None:
    """The ETS form with the lowest AICc on `values`."""
    best: tuple[float, ETSForm] | None = None
    for form in ets_forms(values, season):
        try:
            aicc = float(fit_ets(values, form, season).result.aicc)
        except (ValueError, np.linalg.LinAlgError) as error:
            logger.debug("ets: %s failed: %s", ets_name(form), error)
            continue
        if np.isfinite(aicc) and (best is None or aicc < best[0]):
            best = (aicc, form)
    if best is None:
        return None
    form = best[1]
    return Candidate(ets_name(form), "ets", lambda data: fit_ets(data, form, season))


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


def airline(season: int) -> Candidate:
    """The airline model SARIMA(0,1,1)(0,1,1)m, the usual benchmark for seasonal monthly sales."""
    return Candidate(
        f"SARIMA(0,1,1)(0,1,1)[{season}]", "sarima", lambda values: fit_airline(values, season)
    )


def airline_fits(size: int, season: int) -> bool:
    """Whether a history of `size` periods is long enough for the airline model."""
    return season > 1 and size >= airline_minimum_length(season)
