"""Make per-part forecasts (e.g. per make) add up to the total forecast.

Method: top-down by forecast proportions (Athanasopoulos, Ahmed & Hyndman 2009). The total is
usually the most accurate forecast, so it is kept; each part gets
    part_rec(h) = total(h) * part(h) / sum_j part_j(h),
keeping the parts' own shapes. Where the parts sum to zero at a step, their historical shares are
used. An "other" part takes up any remainder when not every part was forecast separately.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from autosales.analytics.forecast.results import ForecastResult
from autosales.analytics.results import PlainResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReconciledForecast(PlainResult):
    """Per-part point forecasts that sum to the total at every step."""

    method: str
    dates: tuple
    total: tuple[float, ...]
    parts: dict[str, tuple[float, ...]]
    adjustment: dict[str, float]
    message: str | None = None


def reconcile_forecasts(
    total: ForecastResult,
    parts: dict[str, ForecastResult],
    history_shares: dict[str, float] | None = None,
) -> ReconciledForecast:
    """Scale the parts' forecasts so they add up to `total` (forecast-proportion top-down).

    `history_shares` (part -> share of the total in the history, summing to at most 1) says how
    much of the total the listed parts cover; the rest goes to an "other" part. `adjustment` is
    the ratio of reconciled to original forecast total per part.
    """
    if not parts:
        return ReconciledForecast(
            "top-down (forecast proportions)",
            total.dates,
            total.mean,
            {},
            {},
            "No parts to reconcile.",
        )
    target = np.asarray(total.mean, dtype=float)
    names = list(parts)
    matrix = np.array([parts[name].mean for name in names], dtype=float)
    covered = min(1.0, sum((history_shares or {}).get(name, 0.0) for name in names))
    if history_shares is not None and covered < 0.999:
        names.append("other")
        other = target * (1 - covered)
        matrix = np.vstack([matrix * covered / np.maximum(1e-12, _ratio(matrix, target)), other])
    reconciled = _proportional(matrix, target, names, history_shares or {})
    adjustment = {
        name: float(reconciled[row].sum() / matrix[row].sum()) if matrix[row].sum() else 1.0
        for row, name in enumerate(names)
    }
    return ReconciledForecast(
        "top-down (forecast proportions)",
        total.dates,
        total.mean,
        {name: tuple(float(value) for value in reconciled[row]) for row, name in enumerate(names)},
        adjustment,
    )


def _ratio(matrix: np.ndarray, target: np.ndarray) -> float:
    total = float(target.sum())
    return float(matrix.sum() / total) if total else 1.0


def _proportional(
    matrix: np.ndarray, target: np.ndarray, names: list[str], shares: dict[str, float]
) -> np.ndarray:
    sums = matrix.sum(axis=0)
    fallback = np.array([shares.get(name, 1.0) for name in names], dtype=float)
    fallback = fallback / fallback.sum() if fallback.sum() else np.full(len(names), 1 / len(names))
    proportions = np.where(sums > 0, matrix / np.where(sums > 0, sums, 1.0), fallback[:, None])
    return proportions * target
