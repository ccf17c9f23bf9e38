"""Result objects of forecasting and reconciliation."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from autosales.analytics.results import PlainResult


@dataclass(frozen=True)
class CandidateScore(PlainResult):
    """Backtest accuracy of one candidate (MAPE None when all actuals were zero)."""

    name: str
    family: str
    mae: float | None
    mse: float | None
    rmse: float | None
    mape: float | None
    mase: float | None
    coverage_80: float | None
    coverage_95: float | None
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForecastResult(PlainResult):
    """The chosen model's forecast with 80% and 95% intervals, never below zero.

    `candidates` holds every candidate's backtest accuracy, best first; `coverage_80` and
    `coverage_95` are the chosen model's interval coverage on those backtests.
    """

    target: str
    method: str
    horizon: int
    season_length: int
    dates: tuple[pd.Timestamp, ...]
    mean: tuple[float, ...]
    lower_80: tuple[float, ...]
    upper_80: tuple[float, ...]
    lower_95: tuple[float, ...]
    upper_95: tuple[float, ...]
    candidates: tuple[CandidateScore, ...] = ()
    coverage_80: float | None = None
    coverage_95: float | None = None
    interval_method: str = "model"
    backtest_origins: int = 0
    backtest_horizon: int = 0
    message: str | None = None

    @property
    def total(self) -> float:
        """Sum of the point forecasts over the horizon."""
        return float(sum(self.mean))
