"""Classes for makes, models, regions and customers, each with the numbers behind it.

Trend classes (checked in this order):
- "too little data": fewer than 6 periods or no sales;
- "rising" / "declining": OLS slope of the deseasonalised series is significant (p < 0.05) and
  changes the level by at least 10% of the mean per season length;
- "seasonal": STL seasonal strength >= 0.6;
- "erratic": irregular coefficient of variation (sd of series minus trend, / mean) >= 0.5; the
  season is left in because by this rule it is weaker than 0.6, i.e. mostly noise;
- "stable": otherwise.
ABC by revenue share (A: first 80% cumulative, B: next 15%, C: the rest); XYZ by coefficient of
variation of period units (X < 0.5, Y < 1.0, Z otherwise).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from autosales.analytics.decompose import decompose_series
from autosales.analytics.results import PlainResult, clean_float
from autosales.analytics.series import build_dimension_series

SILHOUETTE_SAMPLE = 2_000

logger = logging.getLogger(__name__)

TREND_P_VALUE, TREND_MIN_CHANGE = 0.05, 0.10
SEASONAL_STRENGTH, ERRATIC_CV = 0.6, 0.5
ABC_LIMITS, XYZ_LIMITS = (0.80, 0.95), (0.5, 1.0)


@dataclass(frozen=True)
class SeriesClass(PlainResult):
    """Trend class of one series with its features."""

    label: str
    change_per_season: float | None
    p_value: float | None
    seasonal_strength: float | None
    residual_cv: float | None
    reason: str


@dataclass(frozen=True)
class ItemClass(PlainResult):
    """One make, model or region: trend class, ABC and XYZ with their figures."""

    dimension: str
    key: str
    trend: SeriesClass
    abc: str
    revenue_share: float
    xyz: str
    units_cv: float | None


@dataclass(frozen=True)
class CustomerSegment(PlainResult):
    """A k-means cluster of customers by recency, frequency and monetary value (medians)."""

    name: str
    customers: int
    recency_days: float
    frequency: float
    monetary: float


@dataclass(frozen=True)
class CustomerSegmentation(PlainResult):
    """Customer segments with the k and silhouette that chose them."""

    segments: tuple[CustomerSegment, ...]
    k: int | None
    silhouette: float | None
    assignments: dict[str, str]
    message: str | None = None


def classify_series(series: pd.Series, season: int) -> SeriesClass:
    """Trend class of a period series by the rules in the module docstring."""
    values = series.astype(float)
    mean = float(values.mean()) if len(values) else 0.0
    if len(values) < 6 or mean <= 0:
        return SeriesClass(
            "too little data", None, None, None, None, "Fewer than 6 periods or no sales."
        )
    parts = decompose_series(values, season)
    deseasonalised = values - (parts.seasonal if parts.seasonal is not None else 0.0)
    fit = stats.linregress(np.arange(len(values)), deseasonalised.to_numpy())
    change = float(fit.slope) * season / mean
    p_value = float(fit.pvalue) if np.isfinite(fit.pvalue) else 1.0
    irregular = values - parts.trend if parts.trend is not None else values - mean
    residual_cv = float(np.std(irregular)) / mean
    strength = parts.seasonal_strength
    label, reason = _trend_label(change, p_value, strength, residual_cv)
    return SeriesClass(
        label, clean_float(change), clean_float(p_value), strength, clean_float(residual_cv), reason
    )


def _trend_label(
    change: float, p_value: float, strength: float | None, residual_cv: float
) -> tuple[str, str]:
    if p_value < TREND_P_VALUE and abs(change) >= TREND_MIN_CHANGE:
        label = "rising" if change > 0 else "declining"
        return label, f"Level changes {change:+.0%} of the mean per season (p = {p_value:.3f})."
    if strength is not None and strength >= SEASONAL_STRENGTH:
        return "seasonal", f"Seasonal strength {strength:.2f} (0.6 or more)."
    if residual_cv >= ERRATIC_CV:
        return "erratic", f"Irregular part is {residual_cv:.0%} of the mean (50% or more)."
    return "stable", "No significant trend, weak season and modest irregular variation."


def abc_classes(revenue: pd.Series) -> dict[str, tuple[str, float]]:
    """key -> (A/B/C, revenue share): ranked by revenue, a key is A while the cumulative share
    before it is under 80%, B under 95%, else C."""
    total = float(revenue.sum())
    if total <= 0:
        return {str(key): ("C", 0.0) for key in revenue.index}
    ordered = revenue.sort_values(ascending=False) / total
    before = ordered.cumsum() - ordered
    return {
        str(key): (
            "A" if before[key] < ABC_LIMITS[0] else "B" if before[key] < ABC_LIMITS[1] else "C",
            float(ordered[key]),
        )
        for key in ordered.index
    }


def xyz_class(units: pd.Series) -> tuple[str, float | None]:
    """X / Y / Z by coefficient of variation (sd / mean) of period units; Z without sales."""
    mean = float(units.mean()) if len(units) else 0.0
    if mean <= 0:
        return "Z", None
    cv = float(units.std(ddof=0)) / mean
    return ("X" if cv < XYZ_LIMITS[0] else "Y" if cv < XYZ_LIMITS[1] else "Z"), cv


def classify_dimension(
    frame: pd.DataFrame, dimension: str, granularity: str, season: int, limit: int = 50
) -> tuple[ItemClass, ...]:
    """Trend, ABC and XYZ classes for each value of `dimension`, largest revenue first."""
    revenue = build_dimension_series(frame, dimension, granularity, "revenue")
    if revenue.empty:
        return ()
    units = build_dimension_series(frame, dimension, granularity, "units")
    abc = abc_classes(revenue.sum())
    items = []
    for key in list(revenue.columns)[:limit]:
        xyz, cv = xyz_class(units[key])
        items.append(
            ItemClass(
                dimension,
                key,
                classify_series(revenue[key], season),
                abc[key][0],
                abc[key][1],
                xyz,
                clean_float(cv),
            )
        )
    return tuple(items)


def rfm_table(frame: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per customer: recency (days from last purchase to the day after the last sale), frequency
    (distinct purchase days) and monetary (revenue)."""
    rows = frame[frame["customer"].notna()]
    dates = pd.to_datetime(rows["sale_date"])
    as_of = pd.Timestamp(as_of) if as_of is not None else dates.max() + pd.Timedelta(days=1)
    grouped = rows.assign(sale_date=dates).groupby(rows["customer"].astype("string"))
    return pd.DataFrame(
        {
            "recency_days": (as_of - grouped["sale_date"].max()).dt.days.astype(float),
            "frequency": grouped["sale_date"].nunique().astype(float),
            "monetary": grouped["revenue"].sum().astype(float),
        }
    )


def segment_customers(frame: pd.DataFrame, random_state: int = 0) -> CustomerSegmentation:
    """k-means on standardised log1p(recency, frequency, monetary); k in 2..6 by silhouette."""
    if "customer" not in frame.columns or frame["customer"].notna().sum() == 0:
        return CustomerSegmentation((), None, None, {}, "No customer names in these sales.")
    table = rfm_table(frame)
    if len(table) < 10:
        return CustomerSegmentation(
            (), None, None, {}, "Need at least 10 customers to find segments."
        )
    features = StandardScaler().fit_transform(np.log1p(table.clip(lower=0).to_numpy()))
    best: tuple[float, int, np.ndarray] | None = None
    distinct = len(np.unique(features.round(9), axis=0))
    for k in range(2, min(6, distinct, len(table) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=3, random_state=random_state).fit_predict(features)
        if len(set(labels)) < 2:
            continue
        # A sample keeps the silhouette (quadratic in customers) to a fraction of a second.
        quality = float(
            silhouette_score(
                features,
                labels,
                sample_size=min(len(features), SILHOUETTE_SAMPLE),
                random_state=random_state,
            )
        )
        if best is None or quality > best[0]:
            best = (quality, k, labels)
    if best is None:
        return CustomerSegmentation((), None, None, {}, "Customers are too alike to segment.")
    return _named_segments(table, best[2], best[1], best[0])


def _named_segments(
    table: pd.DataFrame, labels: np.ndarray, k: int, quality: float
) -> CustomerSegmentation:
    overall = table.median()
    medians = table.groupby(labels).median()
    names: dict[int, str] = {}
    for label, row in medians.iterrows():
        name = segment_name(row, overall)
        while name in names.values():
            name += " (more)"
        names[int(label)] = name
    segments = tuple(
        CustomerSegment(
            names[int(label)],
            int((labels == label).sum()),
            float(row.recency_days),
            float(row.frequency),
            float(row.monetary),
        )
        for label, row in medians.sort_values("monetary", ascending=False).iterrows()
    )
    assignments = {
        str(customer): names[int(label)]
        for customer, label in zip(table.index, labels, strict=True)
    }
    return CustomerSegmentation(segments, k, quality, assignments)


def segment_name(row: pd.Series, overall: pd.Series) -> str:
    """Plain name from how a segment's medians compare with all customers' medians."""
    lapsed = row.recency_days > 1.5 * overall.recency_days
    frequent = row.frequency > overall.frequency
    spender = row.monetary > overall.monetary
    if lapsed:
        return "lapsed high spenders" if spender else "lapsed"
    if frequent and spender:
        return "loyal high spenders"
    if spender:
        return "big one-off buyers"
    if frequent:
        return "frequent small buyers"
    if row.recency_days < overall.recency_days:
        return "recent occasional buyers"
    return "occasional buyers"
