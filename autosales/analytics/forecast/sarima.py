"""Seasonal ARIMA(p,d,q)(P,1,Q)m with its orders chosen automatically, estimated by conditional
sum of squares.

Model: phi(B) Phi(B^m) w_t = theta(B) Theta(B^m) e_t on w = (1 - B)^d (1 - B^m) y, with
phi(B) = 1 - phi_1 B - ... and theta(B) = 1 + theta_1 B + .... The residuals are one IIR filter of
w (scipy.signal.lfilter), so a fit takes milliseconds. As in Hyndman & Khandakar (2008), the
regular difference d is decided first, by a KPSS test on the seasonally differenced series (d = 1
only when that series is not level-stationary: a second difference makes the forecast extend the
latest trend a year ahead, which on noisy monthly sales mostly adds error), and then p, q <= 2 and
P, Q <= 1 are found by a stepwise search from (0,d,1)(0,1,1)m, moving to the neighbour with the
lowest AICc until none is lower. The seasonal difference is kept: the series it serves have a
season. Intervals: y_hat(T+h) +/- z * sigma * sqrt(sum_{j<h} psi_j^2), psi the MA(infinity)
weights.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, signal, stats
from statsmodels.tsa.stattools import kpss

logger = logging.getLogger(__name__)

Order = tuple[int, int, int, int, int]  # p, d, q, P, Q (the seasonal difference D is 1)

AIRLINE: Order = (0, 1, 1, 0, 1)
MAX_ORDER: Order = (2, 1, 2, 1, 1)
SEARCHED = (0, 2, 3, 4)  # the positions of p, q, P and Q: d is tested, not searched
KPSS_LEVEL = 0.05
COEFFICIENT_BOUND = 0.98
MAX_STEPS = 6
# An order replaces the current one only when its AICc is lower by more than this: smaller
# differences are noise (Burnham & Anderson), and on the development months of the Norwegian
# makes a margin of 2 kept the backtest MASE of the plain starting model, where 0 lost to it.
AICC_MARGIN = 2.0


def difference_polynomial(season: int, differences: int = 1) -> np.ndarray:
    """Coefficients of (1 - B)^d (1 - B^m) in powers of B, d = `differences` (0 or 1)."""
    seasonal = lag_polynomial([1.0], -1.0, season)
    return np.convolve(seasonal, lag_polynomial([1.0], -1.0)) if differences else seasonal


def regular_differences(values: np.ndarray, season: int) -> int:
    """d for the model: 1 when the seasonally differenced series fails the KPSS test of level
    stationarity at the 5% level, else 0."""
    seasonal = np.asarray(values[season:], dtype=float) - np.asarray(values[:-season], dtype=float)
    if len(seasonal) < 4 or float(np.std(seasonal)) == 0:
        return 0
    with warnings.catch_warnings():
        # Statistics beyond the table's range give its end p-value (0.01 or 0.1), with a warning.
        warnings.simplefilter("ignore")
        p_value = kpss(seasonal, regression="c", nlags="auto")[1]
    return int(p_value < KPSS_LEVEL)


def minimum_length(season: int) -> int:
    """Shortest history for a fit: two seasons and four periods (14+ differenced values)."""
    return 2 * season + 4


def order_label(order: Order, season: int) -> str:
    """The usual notation, e.g. SARIMA(1,0,1)(0,1,1)[12]."""
    p, d, q, seasonal_p, seasonal_q = order
    return f"SARIMA({p},{d},{q})({seasonal_p},1,{seasonal_q})[{season}]"


def coefficient_counts(order: Order) -> tuple[int, int, int, int]:
    """How many p, q, P and Q coefficients the order has."""
    p, _, q, seasonal_p, seasonal_q = order
    return p, q, seasonal_p, seasonal_q


def lag_polynomial(coefficients: Sequence[float], sign: float, spacing: int = 1) -> np.ndarray:
    """1 + sign * (c_1 B^s + c_2 B^2s + ...) as coefficients in powers of B, s = `spacing`
    (1 for the regular part, the season for the seasonal one)."""
    polynomial = np.zeros(spacing * len(coefficients) + 1)
    polynomial[0] = 1.0
    polynomial[spacing::spacing] = sign * np.asarray(coefficients, dtype=float)
    return polynomial


def polynomials(parameters: np.ndarray, order: Order, season: int) -> tuple[np.ndarray, np.ndarray]:
    """AR phi(B)Phi(B^m) and MA theta(B)Theta(B^m) of a parameter vector (p, q, P, Q order)."""
    p, q, seasonal_p, _ = coefficient_counts(order)
    parts = np.split(np.asarray(parameters, dtype=float), np.cumsum([p, q, seasonal_p])[:3])
    ar = np.convolve(lag_polynomial(parts[0], -1.0), lag_polynomial(parts[2], -1.0, season))
    ma = np.convolve(lag_polynomial(parts[1], 1.0), lag_polynomial(parts[3], 1.0, season))
    return ar, ma


def _roots_outside_unit_circle(polynomial: np.ndarray) -> bool:
    """Whether every root of the lag polynomial lies outside the unit circle (stationary or
    invertible), with a small margin."""
    trimmed = np.trim_zeros(polynomial, "b")
    if len(trimmed) <= 1:
        return True
    roots = np.roots(trimmed[::-1])
    return bool(np.all(np.abs(roots) > 1.0 / COEFFICIENT_BOUND - 1e-9))


@dataclass(frozen=True)
class Sarima:
    """A fitted model: data, order, polynomials, in-sample residuals and residual variance."""

    history: np.ndarray
    season: int
    order: Order
    ar: np.ndarray
    ma: np.ndarray
    residuals: np.ndarray
    sigma2: float
    aicc: float

    @property
    def label(self) -> str:
        return order_label(self.order, self.season)

    def _full_ar(self) -> np.ndarray:
        return np.convolve(self.ar, difference_polynomial(self.season, self.order[1]))

    def forecast(self, steps: int) -> np.ndarray:
        """y_t = -sum A_i y_(t-i) + sum M_j e_(t-j), future errors zero."""
        full_ar, ma = self._full_ar(), self.ma
        values = np.concatenate([self.history, np.zeros(steps)])
        errors = np.concatenate([self.residuals, np.zeros(steps)])
        start = len(self.history)
        for time in range(start, start + steps):
            past_values = values[time - len(full_ar) + 1 : time][::-1]
            past_errors = errors[time - len(ma) + 1 : time][::-1]
            values[time] = -float(full_ar[1:] @ past_values) + float(ma[1:] @ past_errors)
        return values[start:]

    def interval(self, steps: int, level: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Normal intervals from the psi weights of the integrated model."""
        impulse = np.zeros(steps)
        impulse[0] = 1.0
        psi = signal.lfilter(self.ma, self._full_ar(), impulse)
        z = float(stats.norm.ppf(0.5 + level / 200))
        width = z * np.sqrt(self.sigma2 * np.cumsum(psi**2))
        mean = self.forecast(steps)
        return mean - width, mean + width


def fit_sarima(values: np.ndarray, season: int, order: Order) -> Sarima:
    """Fit one order by conditional sum of squares after a burn-in of one season; parameters in
    [-0.98, 0.98], and a fit whose AR or MA part has a root near or inside the unit circle gets
    an infinite AICc so the search passes it by."""
    values = np.asarray(values, dtype=float)
    if len(values) < minimum_length(season):
        raise ValueError(f"SARIMA needs {minimum_length(season)} periods, got {len(values)}.")
    difference = difference_polynomial(season, order[1])
    lost = len(difference) - 1
    differenced = signal.lfilter(difference, [1.0], values)[lost:]
    scale = float(np.std(differenced)) or 1.0
    scaled = differenced / scale
    # Zero pre-sample errors distort the first season of residuals; they are left out of the sum.
    burn_in = min(season + 1, len(differenced) // 3)
    counts = coefficient_counts(order)
    count = sum(counts)

    def objective(parameters: np.ndarray) -> float:
        ar, ma = polynomials(parameters, order, season)
        residuals = signal.lfilter(ar, ma, scaled)[burn_in:]
        return float(residuals @ residuals)

    if count:
        guesses = (0.1, -0.3, 0.1, -0.5)  # per p, q, P, Q coefficient
        start = np.concatenate(
            [np.full(size, guess) for size, guess in zip(counts, guesses, strict=True)]
        )
        bounds = [(-COEFFICIENT_BOUND, COEFFICIENT_BOUND)] * count
        parameters = optimize.minimize(objective, start, method="L-BFGS-B", bounds=bounds).x
    else:
        parameters = np.zeros(0)
    ar, ma = polynomials(parameters, order, season)
    residuals = signal.lfilter(ar, ma, differenced)
    used = residuals[burn_in:]
    size = len(used)
    sigma2 = float(used @ used) / max(1, size - count)
    aicc = _aicc(float(used @ used), size, count + 1)
    if not (_roots_outside_unit_circle(ar) and _roots_outside_unit_circle(ma)):
        aicc = np.inf
    full_residuals = np.concatenate([np.zeros(lost), residuals])
    return Sarima(values, season, order, ar, ma, full_residuals, sigma2, aicc)


def _aicc(sum_of_squares: float, size: int, parameters: int) -> float:
    """AICc of a Gaussian model from its conditional sum of squares."""
    if size - parameters - 1 <= 0 or sum_of_squares <= 0:
        return np.inf
    log_likelihood = -0.5 * size * (np.log(2 * np.pi * sum_of_squares / size) + 1)
    penalty = 2 * parameters + 2 * parameters * (parameters + 1) / (size - parameters - 1)
    return -2 * log_likelihood + penalty


def neighbours(order: Order) -> list[Order]:
    """Orders one step away in one of p, q, P, Q, within MAX_ORDER."""
    found = []
    for index in SEARCHED:
        limit = MAX_ORDER[index]
        for change in (-1, 1):
            value = order[index] + change
            if 0 <= value <= limit:
                found.append((*order[:index], value, *order[index + 1 :]))  # type: ignore[arg-type]
    return found


def auto_sarima(values: np.ndarray, season: int) -> Sarima:
    """The fit found stepwise from (0,d,1)(0,1,1)m, d from :func:`regular_differences`, each
    step to the neighbour with the lowest AICc if that beats the current fit by more than
    AICC_MARGIN."""
    start: Order = (0, regular_differences(values, season), 1, 0, 1)
    fits = {start: fit_sarima(values, season, start)}
    best = fits[start]
    for _ in range(MAX_STEPS):
        for order in neighbours(best.order):
            if order not in fits:
                fits[order] = fit_sarima(values, season, order)
        challenger = min(fits.values(), key=lambda fit: fit.aicc)
        if challenger is best or not challenger.aicc < best.aicc - AICC_MARGIN:
            break
        best = challenger
    logger.debug("sarima: chose %s after %d fits", best.label, len(fits))
    return best
