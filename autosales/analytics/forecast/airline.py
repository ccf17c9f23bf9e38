"""The airline model SARIMA(0,1,1)(0,1,1)m, estimated by conditional sum of squares.

Model (Box & Jenkins 1976): (1 - B)(1 - B^m) y_t = (1 + theta B)(1 + Theta B^m) e_t. The
differenced series w_t = y_t - y_{t-1} - y_{t-m} + y_{t-m-1} is an MA(m+1) process whose
residuals are an IIR filter of w (scipy.signal.lfilter), so one likelihood evaluation is a single
vectorised call and a fit takes a few milliseconds instead of a state-space search. Intervals are
y_hat(T+h) +/- z * sigma * sqrt(sum_{j<h} psi_j^2), psi the MA(infinity) weights of the model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from scipy import optimize, signal, stats

logger = logging.getLogger(__name__)

MA_BOUND = 0.98
START = (-0.4, -0.6)


def ma_polynomial(theta: float, seasonal_theta: float, season: int) -> np.ndarray:
    """Coefficients of (1 + theta B)(1 + Theta B^m) in powers of B."""
    coefficients = np.zeros(season + 2)
    coefficients[[0, 1, season, season + 1]] = (1.0, theta, seasonal_theta, theta * seasonal_theta)
    return coefficients


def difference_polynomial(season: int) -> np.ndarray:
    """Coefficients of (1 - B)(1 - B^m) in powers of B."""
    coefficients = np.zeros(season + 2)
    coefficients[[0, 1, season, season + 1]] = (1.0, -1.0, -1.0, 1.0)
    return coefficients


def minimum_length(season: int) -> int:
    """Shortest history for a fit: two seasons and four periods (14+ differenced values)."""
    return 2 * season + 4


@dataclass(frozen=True)
class Airline:
    """A fitted airline model: data, MA parameters, residuals and residual variance."""

    history: np.ndarray
    season: int
    theta: float
    seasonal_theta: float
    residuals: np.ndarray
    sigma2: float

    def forecast(self, steps: int) -> np.ndarray:
        """Recursion y_t = y_{t-1} + y_{t-m} - y_{t-m-1} + MA terms, future errors zero."""
        season = self.season
        values = np.concatenate([self.history, np.zeros(steps)])
        errors = np.concatenate([self.residuals, np.zeros(steps)])
        ma = ma_polynomial(self.theta, self.seasonal_theta, season)
        for time in range(len(self.history), len(values)):
            past = errors[time - season - 1 : time][::-1]
            values[time] = (
                values[time - 1]
                + values[time - season]
                - values[time - season - 1]
                + float(ma[1:] @ past)
            )
        return values[len(self.history) :]

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Normal intervals from the psi weights of the integrated model."""
        impulse = np.zeros(steps)
        impulse[0] = 1.0
        ma = ma_polynomial(self.theta, self.seasonal_theta, self.season)
        psi = signal.lfilter(ma, difference_polynomial(self.season), impulse)
        z = float(stats.norm.ppf(0.5 + level / 200))
        width = z * np.sqrt(self.sigma2 * np.cumsum(psi**2))
        mean = self.forecast(steps)
        return mean - width, mean + width


def _residuals(
    differenced: np.ndarray, theta: float, seasonal_theta: float, season: int
) -> np.ndarray:
    """Residuals e = w / MA(B) with zero pre-sample errors."""
    return signal.lfilter([1.0], ma_polynomial(theta, seasonal_theta, season), differenced)


def fit_airline(values: np.ndarray, season: int) -> Airline:
    """Airline model with theta, Theta in [-0.98, 0.98] minimising the conditional sum of squares
    of the residuals after the first season (pre-sample errors zero)."""
    values = np.asarray(values, dtype=float)
    if len(values) < minimum_length(season):
        raise ValueError(
            f"The airline model needs {minimum_length(season)} periods, got {len(values)}."
        )
    differenced = signal.lfilter(difference_polynomial(season), [1.0], values)[season + 1 :]
    scale = float(np.std(differenced)) or 1.0
    scaled = differenced / scale
    # Zero pre-sample errors make the first season of residuals large whatever Theta is, which
    # biases Theta towards zero; leaving one season out of the sum removes part of that. (Exact
    # maximum likelihood would remove it all but costs a state-space fit, some 30 times slower.)
    burn_in = min(season + 1, len(differenced) // 3)

    def objective(parameters: np.ndarray) -> float:
        return float(np.sum(_residuals(scaled, *parameters, season)[burn_in:] ** 2))

    solution = optimize.minimize(
        objective, START, method="L-BFGS-B", bounds=[(-MA_BOUND, MA_BOUND)] * 2
    )
    theta, seasonal_theta = (float(item) for item in solution.x)
    residuals = _residuals(differenced, theta, seasonal_theta, season)
    sigma2 = float(np.mean(residuals[burn_in:] ** 2) * len(residuals) / max(1, len(residuals) - 2))
    full_residuals = np.concatenate([np.zeros(season + 1), residuals])
    return Airline(values, season, theta, seasonal_theta, full_residuals, sigma2)
