"""Ranked plain-language findings drawn from the other analyses.

Each finding has a score in 0..1 used for ranking: growth |g| / 50% (capped), contributions
|points| / 20, anomalies |z| / 10, peak season = seasonal strength, forecast growth |g| / 50% times
a confidence factor 1 / max(1, MASE), rules (lift - 1) / 3 times confidence, classes 0.5 for a
rising or declining A-class item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autosales.analytics.anomalies import AnomalyResult
from autosales.analytics.classify import ItemClass
from autosales.analytics.decompose import Decomposition
from autosales.analytics.forecast.results import ForecastResult
from autosales.analytics.kpis import KpiResult
from autosales.analytics.results import PlainResult
from autosales.analytics.rules import RuleResult


@dataclass(frozen=True)
class Insight(PlainResult):
    """One finding: its kind, a sentence, the figures behind it and its ranking score."""

    kind: str
    text: str
    score: float
    figures: dict[str, object] = field(default_factory=dict)


def _cap(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def growth_insights(kpis: KpiResult) -> list[Insight]:
    """Revenue growth and its biggest contributors."""
    found = []
    growth = kpis.growth.get("revenue")
    if growth is not None:
        found.append(
            Insight("growth", kpis.summary, _cap(abs(growth) / 50), {"growth_percent": growth})
        )
    for item in kpis.contributions[:3]:
        found.append(
            Insight(
                "mover",
                item.sentence + ".",
                _cap(abs(item.points) / 20),
                {"points": item.points, "change": item.change},
            )
        )
    return found


def anomaly_insights(anomalies: AnomalyResult) -> list[Insight]:
    """One finding per flagged period."""
    return [
        Insight(
            "anomaly",
            item.explanation,
            _cap(abs(item.score) / 10),
            {"period": item.period, "actual": item.actual, "expected": item.expected},
        )
        for item in anomalies.anomalies[:5]
    ]


def season_insights(decomposition: Decomposition) -> list[Insight]:
    """The peak and low of the seasonal cycle when there is a season."""
    strength = decomposition.seasonal_strength
    if strength is None or decomposition.peak_season is None or strength < 0.3:
        return []
    text = (
        f"Sales peak in {decomposition.peak_season} and are lowest in "
        f"{decomposition.low_season} (seasonal strength {strength:.2f})."
    )
    return [Insight("season", text, _cap(strength), {"seasonal_strength": strength})]


def forecast_insights(forecast: ForecastResult | None, recent_total: float) -> list[Insight]:
    """Expected change of the next horizon against the same number of past periods."""
    if forecast is None or recent_total <= 0 or not forecast.mean:
        return []
    growth = (forecast.total - recent_total) / recent_total * 100
    best = forecast.candidates[0].mase if forecast.candidates else None
    confidence = 1 / max(1.0, best) if best else 0.5
    text = (
        f"The next {forecast.horizon} periods are expected to bring {forecast.total:,.0f} "
        f"({growth:+.1f}% on the last {forecast.horizon}), by {forecast.method}."
    )
    return [
        Insight(
            "forecast",
            text,
            _cap(abs(growth) / 50 * confidence),
            {"expected_total": forecast.total, "growth_percent": growth, "mase": best},
        )
    ]


def rule_insights(rules: list[RuleResult]) -> list[Insight]:
    """The strongest rules of each kind."""
    return [
        Insight(
            "rule",
            rule.sentence,
            _cap((rule.lift - 1) / 3 * rule.confidence),
            {"support": rule.support, "confidence": rule.confidence, "lift": rule.lift},
        )
        for result in rules
        for rule in result.rules[:3]
    ]


def class_insights(classes: tuple[ItemClass, ...]) -> list[Insight]:
    """Rising or declining items in the A class."""
    return [
        Insight(
            "class",
            f"{item.key} ({item.dimension}, class A) is {item.trend.label}: {item.trend.reason}",
            0.5,
            {"change_per_season": item.trend.change_per_season, "share": item.revenue_share},
        )
        for item in classes
        if item.abc == "A" and item.trend.label in ("rising", "declining")
    ]


def rank_insights(findings: list[Insight], limit: int = 12) -> tuple[Insight, ...]:
    """Findings by score, highest first."""
    return tuple(sorted(findings, key=lambda item: item.score, reverse=True)[:limit])
