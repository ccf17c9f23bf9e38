"""How forecasts did once the actual sales came in: realised accuracy against the backtest's.

Plain functions over the stored forecast (``ForecastResult.to_dict()``) and the observed series.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from autosales.analytics.results import clean_float

# Realised MASE this many times the backtest's counts as clearly worse than promised.
CLEARLY_WORSE = 1.5


def realised_accuracy(forecast: dict[str, Any], observed: pd.Series) -> dict[str, Any] | None:
    """Compare a stored forecast with the periods of ``observed`` it covered.

    MAE = mean |actual - forecast|; MAPE over non-zero actuals; MASE = MAE divided by the
    in-sample seasonal-naive MAE of ``observed`` before the forecast began; coverage is the
    share of actuals inside the 80% interval. None when no forecast period has been observed yet
    or the history is too short to scale.
    """
    dates = pd.to_datetime(forecast.get("dates") or [])
    if not len(dates):
        return None
    frame = pd.DataFrame(
        {key: forecast[key] for key in ("mean", "lower_80", "upper_80")}, index=dates
    )
    covered = frame.index.intersection(observed.index)
    if not len(covered):
        return None
    actual = observed.loc[covered].to_numpy(dtype=float)
    predicted = frame.loc[covered]
    errors = np.abs(actual - predicted["mean"].to_numpy(dtype=float))
    scale = _naive_scale(
        observed[observed.index < dates[0]], int(forecast.get("season_length") or 1)
    )
    mae = float(errors.mean())
    mase = mae / scale if scale else None
    expected = _chosen_mase(forecast)
    inside = (actual >= predicted["lower_80"].to_numpy()) & (
        actual <= predicted["upper_80"].to_numpy()
    )
    return {
        "start": dates[0].date().isoformat(),
        "method": forecast.get("method"),
        "periods": len(covered),
        "mae": clean_float(mae),
        "mape": clean_float(_mape(actual, errors)),
        "mase": clean_float(mase),
        "expected_mase": clean_float(expected),
        "coverage_80": clean_float(float(inside.mean())),
        "clearly_worse": bool(mase and expected and mase > CLEARLY_WORSE * expected),
    }


def _naive_scale(history: pd.Series, season: int) -> float | None:
    lag = season if len(history) > season else 1
    if len(history) <= lag:
        return None
    scale = float(np.abs(history.to_numpy()[lag:] - history.to_numpy()[:-lag]).mean())
    return scale or None


def _mape(actual: np.ndarray, errors: np.ndarray) -> float | None:
    nonzero = actual != 0
    return (
        float((errors[nonzero] / np.abs(actual[nonzero])).mean() * 100) if nonzero.any() else None
    )


def _chosen_mase(forecast: dict[str, Any]) -> float | None:
    for candidate in forecast.get("candidates") or []:
        if candidate.get("name") == forecast.get("method"):
            return candidate.get("mase")
    return None
