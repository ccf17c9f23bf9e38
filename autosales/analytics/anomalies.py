"""Unusual periods: robust z-scores of decomposition residuals, explained by the parts that moved.

z_t = (r_t - median(r)) / (1.4826 * MAD(r)) on STL residuals; a period is flagged when
|z_t| >= 3.5 (Iglewicz and Hoaglin's cut-off). The explanation compares each make, model and
region in the flagged period with its median over the neighbouring periods.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

from autosales.analytics.decompose import Decomposition
from autosales.analytics.results import PlainResult
from autosales.analytics.series import build_dimension_series, format_period

logger = logging.getLogger(__name__)

MAD_SCALE = 1.4826
MEAN_DEVIATION_SCALE = 1.2533
DEFAULT_THRESHOLD = 3.5
NEIGHBOUR_PERIODS = 3


@dataclass(frozen=True)
class Mover(PlainResult):
    """One make, model or region in a flagged period against its usual level and share."""

    dimension: str
    key: str
    actual: float
    usual: float
    difference: float
    share: float | None
    usual_share: float | None


@dataclass(frozen=True)
class Anomaly(PlainResult):
    """A flagged period: what happened, what was expected and, once explained, who moved."""

    period: pd.Timestamp
    direction: str
    actual: float
    expected: float
    difference: float
    score: float
    movers: tuple[Mover, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class AnomalyResult(PlainResult):
    """Flagged periods, strongest first, with the threshold used."""

    anomalies: tuple[Anomaly, ...]
    threshold: float
    message: str | None = None


def robust_z_scores(residual: np.ndarray) -> np.ndarray | None:
    """(r - median) / (1.4826 * MAD); falls back to 1.2533 * mean absolute deviation when more
    than half the residuals equal the median (MAD = 0). None when the residuals do not vary."""
    values = np.asarray(residual, dtype=float)
    centre = np.median(values)
    spread = MAD_SCALE * np.median(np.abs(values - centre))
    if spread <= 0:
        spread = MEAN_DEVIATION_SCALE * np.mean(np.abs(values - centre))
    if spread <= 0 or not np.isfinite(spread):
        return None
    return (values - centre) / spread


def anomaly_components(series: pd.Series, season: int) -> tuple[pd.Series, pd.Series] | None:
    """Expected values and residuals for anomaly scoring.

    An ordinary STL flags periods with |z| >= 3.5; they are replaced by robust STL's expected
    values (which a spike cannot bend) and the ordinary STL is refitted. Scoring robust STL
    residuals directly is avoided: its reweighting shrinks the bulk of residuals and flagged two to
    three ordinary periods per four years of pure noise.
    """
    values = series.astype(float)
    if len(values) < 2 * season or season < 2:
        return None
    robust = STL(values.to_numpy(), period=season, robust=True).fit()
    stand_in = pd.Series(robust.trend + robust.seasonal, index=values.index)
    cleaned = values
    for _ in range(2):
        fitted = STL(
            cleaned.to_numpy(),
            period=season,
            seasonal=_odd(season + 1),
            seasonal_deg=0,
            robust=False,
        ).fit()
        expected = pd.Series(fitted.trend + fitted.seasonal, index=values.index)
        scores = robust_z_scores((values - expected).to_numpy())
        if scores is None:
            break
        cleaned = values.where(np.abs(scores) < DEFAULT_THRESHOLD, stand_in)
    return expected, values - expected


def _odd(number: int) -> int:
    return number if number % 2 else number + 1


def detect_anomalies(
    decomposition: Decomposition,
    granularity: str,
    threshold: float = DEFAULT_THRESHOLD,
    value: str = "revenue",
) -> AnomalyResult:
    """Periods whose residual has a robust z-score of at least `threshold` in absolute value.

    With two full seasons the residuals come from `anomaly_components`; with less, from the
    decomposition's moving-average trend.
    """
    observed = decomposition.observed
    if observed is None or decomposition.residual is None or len(observed) < 5:
        return AnomalyResult((), threshold, "Need at least five periods to look for anomalies.")
    if decomposition.method == "constant":
        return AnomalyResult(
            (), threshold, "Sales are the same in every period: nothing stands out."
        )
    components = anomaly_components(observed, decomposition.season_length)
    expected, residual = components or (decomposition.expected, decomposition.residual)
    scores = robust_z_scores(residual.to_numpy())
    if scores is None:
        return AnomalyResult((), threshold, "Sales follow their expected level exactly.")
    found = [
        _anomaly(observed, expected, index, float(score), granularity, value)
        for index, score in enumerate(scores)
        if abs(score) >= threshold
    ]
    found.sort(key=lambda item: abs(item.score), reverse=True)
    logger.info("anomalies: %d of %d periods beyond |z| %.1f", len(found), len(scores), threshold)
    return AnomalyResult(tuple(found), threshold)


def _anomaly(
    observed: pd.Series,
    expected: pd.Series,
    position: int,
    score: float,
    granularity: str,
    value: str,
) -> Anomaly:
    actual = float(observed.iloc[position])
    guess = max(0.0, float(expected.iloc[position]))
    period = pd.Timestamp(expected.index[position])
    direction = "above" if score > 0 else "below"
    text = (
        f"{value.capitalize()} in {format_period(period, granularity)} was "
        f"{abs(actual - guess):,.0f} {direction} expected ({actual:,.0f} against {guess:,.0f})."
    )
    return Anomaly(period, direction, actual, guess, actual - guess, score, (), text)


def explain_anomalies(
    result: AnomalyResult,
    frame: pd.DataFrame,
    granularity: str,
    value: str = "revenue",
    dimensions: tuple[str, ...] = ("make", "model", "region"),
    limit: int = 3,
) -> AnomalyResult:
    """The same anomalies, each with the makes, models and regions that moved most in its period.

    A part's usual level is its median over the NEIGHBOUR_PERIODS periods before and after; its
    share is its part of the period total. Parts are ranked by difference from the usual level in
    the direction of the anomaly.
    """
    tables = {
        name: build_dimension_series(frame, name, granularity, value)
        for name in dimensions
        if name in frame.columns
    }
    explained = [_explain(item, tables, granularity, limit) for item in result.anomalies]
    return AnomalyResult(tuple(explained), result.threshold, result.message)


def _explain(
    anomaly: Anomaly, tables: dict[str, pd.DataFrame], granularity: str, limit: int
) -> Anomaly:
    movers: list[Mover] = []
    for dimension, table in tables.items():
        ranked = sorted(
            _movers(dimension, table, anomaly.period),
            key=lambda item: item.difference,
            reverse=anomaly.direction == "above",
        )
        movers.extend(ranked[:limit])
    parts = [
        f"{dimension} {', '.join(_mover_text(item) for item in group)}"
        for dimension in tables
        if (group := [item for item in movers if item.dimension == dimension])
    ]
    text = anomaly.explanation
    if parts:
        text += " Most of it came from " + "; ".join(parts) + "."
    return Anomaly(
        anomaly.period,
        anomaly.direction,
        anomaly.actual,
        anomaly.expected,
        anomaly.difference,
        anomaly.score,
        tuple(movers),
        text,
    )


def _movers(dimension: str, table: pd.DataFrame, period: pd.Timestamp) -> list[Mover]:
    if table.empty or period not in table.index:
        return []
    position = table.index.get_loc(period)
    low, high = max(0, position - NEIGHBOUR_PERIODS), position + NEIGHBOUR_PERIODS + 1
    neighbours = table.iloc[low:high].drop(index=period)
    if neighbours.empty:
        return []
    usual = neighbours.median()
    row = table.loc[period]
    shares = _shares(row)
    usual_shares = neighbours.div(neighbours.sum(axis=1).replace(0, np.nan), axis=0).median()
    return [
        Mover(
            dimension,
            str(key),
            float(row[key]),
            float(usual[key]),
            float(row[key] - usual[key]),
            shares.get(key),
            _finite(usual_shares.get(key)),
        )
        for key in table.columns
    ]


def _shares(row: pd.Series) -> dict[str, float | None]:
    total = float(row.sum())
    return {key: (float(amount) / total if total else None) for key, amount in row.items()}


def _finite(number: float | None) -> float | None:
    return float(number) if number is not None and np.isfinite(number) else None


def _mover_text(mover: Mover) -> str:
    return f"{mover.key} ({mover.difference:+,.0f} against its usual {mover.usual:,.0f})"


def find_anomalies(
    decomposition: Decomposition,
    frame: pd.DataFrame | None,
    granularity: str,
    value: str = "revenue",
    threshold: float = DEFAULT_THRESHOLD,
) -> AnomalyResult:
    """Detect anomalies and, given the detailed frame, explain them by make, model and region."""
    result = detect_anomalies(decomposition, granularity, threshold, value)
    if frame is None or not result.anomalies:
        return result
    return explain_anomalies(result, frame, granularity, value)
