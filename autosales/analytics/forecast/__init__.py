"""Automatic sales forecasting with backtested model choice and reconciliation."""

from autosales.analytics.forecast.engine import forecast_series
from autosales.analytics.forecast.reconcile import ReconciledForecast, reconcile_forecasts
from autosales.analytics.forecast.results import CandidateScore, ForecastResult

__all__ = [
    "CandidateScore",
    "ForecastResult",
    "ReconciledForecast",
    "forecast_series",
    "reconcile_forecasts",
]
