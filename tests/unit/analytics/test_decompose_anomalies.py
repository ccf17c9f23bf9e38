"""Decomposition strengths and anomaly detection on planted series."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from autosales.analytics.anomalies import explain_anomalies, find_anomalies
from autosales.analytics.decompose import decompose_series


def test_planted_trend_and_season_are_strong(make_series: Callable[..., pd.Series]) -> None:
    result = decompose_series(make_series(slope=2.0, amplitude=20.0), 12)
    assert result.method == "stl"
    assert result.trend_strength > 0.9
    assert result.seasonal_strength > 0.9
    assert result.peak_season == "April"


def test_noise_has_weak_season(make_series: Callable[..., pd.Series]) -> None:
    result = decompose_series(make_series(noise=10.0), 12)
    assert result.seasonal_strength < 0.5


def test_short_history_shows_trend_only(make_series: Callable[..., pd.Series]) -> None:
    result = decompose_series(make_series(periods=18, slope=3.0), 12)
    assert result.seasonal is None
    assert result.trend is not None
    assert "two full seasons (24 months)" in result.message


@pytest.mark.parametrize(
    ("periods", "level", "method"), [(0, 1.0, "none"), (1, 1.0, "none"), (30, 50.0, "constant")]
)
def test_degenerate_series_give_reasons(periods: int, level: float, method: str) -> None:
    index = pd.date_range("2020-01-01", periods=periods, freq="MS")
    result = decompose_series(pd.Series(level, index=index, dtype=float), 12)
    assert result.method == method
    assert result.message


def test_planted_spike_is_found_and_explained(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(slope=1.0, amplitude=20.0, seed=3)
    spike = series.index[30]
    series[spike] += 60
    frame = pd.DataFrame(
        {
            "sale_date": list(series.index) * 2,
            "make": ["Toyota"] * len(series) + ["Volkswagen"] * len(series),
            "model": ["Corolla"] * len(series) + ["Golf"] * len(series),
            "region": ["North"] * len(series) + ["South"] * len(series),
            "quantity": 1,
            "revenue": list(series - 30) + [30.0] * len(series),
        }
    )
    frame.loc[30, "revenue"] = series[spike] - 30
    result = find_anomalies(decompose_series(series, 12), frame, "month")
    anomaly = result.anomalies[0]
    assert anomaly.period == spike
    assert len(result.anomalies) <= 2
    assert anomaly.direction == "above"
    assert anomaly.difference == pytest.approx(60, abs=12)
    assert anomaly.movers[0].key == "Toyota"
    assert "Corolla" in anomaly.explanation and "July 2022" in anomaly.explanation


def test_dip_is_below_expected(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(amplitude=20.0, seed=5)
    series.iloc[20] -= 50
    result = find_anomalies(decompose_series(series, 12), None, "month")
    assert result.anomalies[0].direction == "below"
    assert result.anomalies[0].period == series.index[20]


def test_huge_outlier_does_not_break_detection(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(amplitude=20.0, seed=2)
    series.iloc[40] *= 1000
    result = find_anomalies(decompose_series(series, 12), None, "month")
    assert result.anomalies[0].period == series.index[40]
    assert len(result.anomalies) <= 3


def test_constant_series_has_no_anomalies() -> None:
    series = pd.Series(10.0, index=pd.date_range("2020-01-01", periods=30, freq="MS"))
    result = find_anomalies(decompose_series(series, 12), None, "month")
    assert result.anomalies == ()
    assert result.message


def test_explaining_without_dimensions_keeps_anomalies(
    make_series: Callable[..., pd.Series],
) -> None:
    series = make_series(amplitude=20.0, seed=5)
    series.iloc[20] += 50
    found = find_anomalies(decompose_series(series, 12), None, "month")
    frame = pd.DataFrame({"sale_date": series.index, "quantity": 1, "revenue": series.to_numpy()})
    explained = explain_anomalies(found, frame, "month")
    assert explained.anomalies[0].period == series.index[20]
    assert explained.anomalies[0].movers == ()
