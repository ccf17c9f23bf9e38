"""Forecast accuracy measures: MAE, MSE, RMSE, MAPE and MASE."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autosales.analytics.results import PlainResult, clean_float


@dataclass(frozen=True)
class Accuracy(PlainResult):
    """Errors of a forecast against actuals; MAPE is None when every actual is zero."""

    mae: float | None
    mse: float | None
    rmse: float | None
    mape: float | None
    mase: float | None


def mase_scale(history: np.ndarray, season: int) -> float | None:
    """In-sample MAE of the seasonal naive forecast (y_t - y_{t-m}), the MASE denominator.

    Falls back to the lag-1 naive MAE when the history is shorter than two seasons or the seasonal
    differences are all zero; None when no positive scale exists (constant history).
    """
    values = np.asarray(history, dtype=float)
    for lag in (season, 1):
        if lag >= 1 and len(values) > lag + 1 and (lag == 1 or len(values) >= 2 * lag):
            scale = float(np.mean(np.abs(values[lag:] - values[:-lag])))
            if scale > 0:
                return scale
    return None


def mean_absolute_percentage_error(actual: np.ndarray, forecast: np.ndarray) -> float | None:
    """MAPE in percent, mean of |e_t / y_t| over non-zero actuals; None if all actuals are zero."""
    actual = np.asarray(actual, dtype=float)
    mask = actual != 0
    if not mask.any():
        return None
    return float(np.mean(np.abs((actual[mask] - forecast[mask]) / actual[mask])) * 100)


def score_forecast(actual: np.ndarray, forecast: np.ndarray, scale: float | None) -> Accuracy:
    """MAE, MSE, RMSE, MAPE and MASE (= MAE / scale) of `forecast` against `actual`."""
    actual = np.asarray(actual, dtype=float)
    forecast = np.asarray(forecast, dtype=float)
    if actual.size == 0:
        return Accuracy(None, None, None, None, None)
    errors = actual - forecast
    mae = float(np.mean(np.abs(errors)))
    mse = float(np.mean(errors**2))
    return Accuracy(
        mae=clean_float(mae),
        mse=clean_float(mse),
        rmse=clean_float(np.sqrt(mse)),
        mape=mean_absolute_percentage_error(actual, forecast),
        mase=clean_float(mae / scale) if scale else None,
    )


def interval_coverage(actual: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float | None:
    """Share of actuals inside [lower, upper]; None without actuals."""
    actual = np.asarray(actual, dtype=float)
    if actual.size == 0:
        return None
    inside = (actual >= np.asarray(lower)) & (actual <= np.asarray(upper))
    return float(np.mean(inside))
