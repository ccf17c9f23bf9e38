"""Forecast selection, intervals, short-history fallbacks and reconciliation."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from scipy import signal

from autosales.analytics.accuracy import mase_scale, score_forecast
from autosales.analytics.forecast import forecast_series, reconcile_forecasts
from autosales.analytics.forecast.engine import (
    COMBINATION_RATIO,
    Backtest,
    backtest_plan,
    choose,
    empirical_sd,
)
from autosales.analytics.forecast.models import fit_simple_smoothing, seasonal_mean
from autosales.analytics.forecast.sarima import (
    AIRLINE,
    auto_sarima,
    fit_sarima,
    regular_differences,
)


def test_seasonal_series_forecast_follows_season(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(periods=48, level=200, slope=1.0, amplitude=40.0, seed=1)
    result = forecast_series(series, 12, 12, fast=True)
    assert len(result.mean) == 12
    assert result.dates[0] == pd.Timestamp("2024-01-01")
    assert np.argmax(result.mean) == 3
    assert result.candidates[0].mase < 1.0
    assert {item.family for item in result.candidates} >= {"seasonal_naive", "ets", "theta"}
    assert all(
        lo <= mid <= hi
        for lo, mid, hi in zip(result.lower_95, result.mean, result.upper_95, strict=True)
    )
    assert all(a <= b for a, b in zip(result.lower_95, result.lower_80, strict=True))
    assert result.coverage_80 is not None


def test_sarima_is_a_candidate_when_not_fast(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(periods=40, level=200, amplitude=40.0, seed=4)
    result = forecast_series(series, 12, 6)
    assert any(item.family == "sarima" for item in result.candidates)
    assert any(item.family == "combination" for item in result.candidates)


def test_forecasts_never_go_below_zero(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(periods=36, level=60, slope=-2.0, noise=5.0, seed=2).clip(lower=0)
    result = forecast_series(series, 12, 12, fast=True)
    assert min(result.lower_95) >= 0
    assert min(result.mean) >= 0


def test_short_history_falls_back_and_says_so(make_series: Callable[..., pd.Series]) -> None:
    result = forecast_series(make_series(periods=14, seed=3), 12, 12, fast=True)
    assert "seasonal models were left out" in result.message
    assert len(result.mean) == 12


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], "No sales history"), ([5.0], "Only 1 periods"), ([4.0] * 20, "the same every period")],
)
def test_degenerate_histories_give_reasons(values: list[float], expected: str) -> None:
    index = pd.date_range("2020-01-01", periods=len(values), freq="MS")
    result = forecast_series(pd.Series(values, index=index, dtype=float), 12, 3)
    assert expected in result.message
    assert len(result.mean) == 3


def test_mase_scale_uses_seasonal_differences_then_naive() -> None:
    seasonal = np.tile([1.0, 5.0, 3.0, 2.0], 3)
    assert mase_scale(seasonal, 4) == pytest.approx(np.mean(np.abs(np.diff(seasonal))))
    assert mase_scale(np.full(5, 3.0), 4) is None
    assert mase_scale(np.array([1.0, 2.0, 4.0]), 12) == pytest.approx(1.5)


def test_accuracy_ignores_zero_actuals_in_mape() -> None:
    scores = score_forecast(np.array([0.0, 10.0]), np.array([1.0, 12.0]), 2.0)
    assert scores.mape == pytest.approx(20.0)
    assert scores.mase == pytest.approx(0.75)
    assert score_forecast(np.array([0.0]), np.array([1.0]), 1.0).mape is None


def test_backtest_plan_shrinks_for_short_history() -> None:
    assert backtest_plan(60, 12) == ([36, 42, 48], 12)
    origins, horizon = backtest_plan(14, 12)
    assert horizon == 4 and all(origin >= 8 for origin in origins)


def test_empirical_sd_never_falls_with_horizon() -> None:
    sd = empirical_sd(np.array([[1.0, 3.0, 1.0], [1.0, 3.0, 1.0]]))
    assert list(sd) == sorted(sd)


def test_reconciled_parts_add_up_to_total(make_series: Callable[..., pd.Series]) -> None:
    total = forecast_series(make_series(level=300, amplitude=30, seed=1), 12, 6, fast=True)
    parts = {
        name: forecast_series(make_series(level=level, seed=seed), 12, 6, fast=True)
        for name, level, seed in (("Toyota", 200, 2), ("Volkswagen", 50, 3))
    }
    result = reconcile_forecasts(total, parts, {"Toyota": 0.6, "Volkswagen": 0.3})
    summed = np.sum([result.parts[name] for name in result.parts], axis=0)
    assert np.allclose(summed, total.mean)
    assert set(result.parts) == {"Toyota", "Volkswagen", "other"}
    ratio = np.array(result.parts["Toyota"]) / np.array(result.parts["Volkswagen"])
    expected = np.array(parts["Toyota"].mean) / np.array(parts["Volkswagen"].mean)
    assert np.allclose(ratio, expected)


def test_airline_model_follows_trend_and_season(make_series: Callable[..., pd.Series]) -> None:
    series = make_series(periods=60, level=200, slope=2.0, amplitude=40.0, noise=1.0, seed=5)
    fitted = fit_sarima(series.to_numpy(), 12, AIRLINE)
    steps = np.arange(60, 72)
    truth = 200 + 2.0 * steps + 40.0 * np.sin(2 * np.pi * steps / 12)
    assert np.max(np.abs(fitted.forecast(12) - truth)) < 10
    lower, upper = fitted.interval(12, 80)
    assert np.all(np.diff(upper - lower) >= 0)


def test_sarima_needs_two_seasons_and_four_periods() -> None:
    with pytest.raises(ValueError, match="needs 28 periods, got 20"):
        fit_sarima(np.arange(20, dtype=float), 12, AIRLINE)


def test_order_search_finds_a_planted_autoregression() -> None:
    # (1 - 0.7B) w_t = (1 - 0.5B^12) e_t on w = (1 - B)(1 - B^12) y: an AR(1) the airline lacks.
    rng = np.random.default_rng(11)
    errors = rng.normal(0, 1, 240)
    w = signal.lfilter(np.r_[1.0, np.zeros(11), -0.5], [1.0, -0.7], errors)
    series = signal.lfilter([1.0], np.r_[1.0, -1.0, np.zeros(10), -1.0, 1.0], w) + 500
    fitted = auto_sarima(series, 12)
    assert fitted.order[0] >= 1
    assert fitted.label.startswith(f"SARIMA({fitted.order[0]},1,")
    assert fitted.aicc < fit_sarima(series, 12, AIRLINE).aicc - 2


def test_the_regular_difference_is_taken_only_for_a_trend_that_wanders() -> None:
    rng = np.random.default_rng(3)
    months = np.arange(120)
    season = 30 * np.sin(2 * np.pi * months / 12)
    steady = 200 + season + rng.normal(0, 5, 120)
    # Seasonal differences that follow a random walk: the trend itself keeps changing.
    wandering = signal.lfilter(
        [1.0], np.r_[1.0, np.zeros(11), -1.0], np.cumsum(rng.normal(0, 5, 120))
    )

    assert regular_differences(steady, 12) == 0
    assert regular_differences(wandering + season + 500, 12) == 1
    fitted = auto_sarima(steady, 12)
    assert re.fullmatch(r"SARIMA\(\d,0,\d\)\(\d,1,\d\)\[12\]", fitted.label)
    # No second difference: a year ahead, the steady level is not extended along a trend.
    assert abs(float(np.mean(fitted.forecast(12))) - 200) < 10
    assert auto_sarima(wandering + season + 500, 12).order[1] == 1


def _backtest(name: str, errors: list[float]) -> Backtest:
    actuals = np.zeros((len(errors), 2))
    return Backtest(None, name, actuals + np.array(errors)[:, None], actuals, np.ones(3), {})


def test_mean_of_all_is_kept_unless_beaten_clearly_at_every_origin() -> None:
    default = _backtest("mean of all", [1.0, 1.0, 1.0])
    lucky = _backtest("lucky", [0.5, 0.5, 1.0])
    steady = _backtest("steady", [0.8, 0.85, 0.85])
    assert choose([lucky, default], default) is default
    assert choose([steady, lucky, default], default) is steady


def test_default_choice_combines_the_candidates_near_the_best(
    make_series: Callable[..., pd.Series],
) -> None:
    series = make_series(periods=60, level=200, amplitude=40.0, noise=20.0, seed=6)
    result = forecast_series(series, 12, 12)
    singles = [item for item in result.candidates if item.family != "combination"]
    pooled = next(item for item in result.candidates if item.family == "combination")
    best = min(item.mase for item in singles)
    near = {item.name for item in singles if item.mase <= COMBINATION_RATIO * best}
    assert {item.family for item in singles} >= {"ets", "sarima", "theta", "ses"}
    assert set(pooled.members) == near
    assert result.method == pooled.name
    assert result.interval_method == "backtest errors (normal)"


def test_level_only_model_is_left_out_on_a_strongly_seasonal_series(
    make_series: Callable[..., pd.Series],
) -> None:
    series = make_series(periods=72, level=300, amplitude=100.0, noise=5.0, seed=8)
    result = forecast_series(series, 12, 12)
    pooled = next(item for item in result.candidates if item.family == "combination")
    assert "SES" not in pooled.members
    assert np.ptp(result.mean) > 100


def _held_out_runs(
    make_series: Callable[..., pd.Series], seeds: range
) -> list[tuple[np.ndarray, np.ndarray, object]]:
    """Trending seasonal series with the last 12 months held out: (train, actual, forecast)."""
    runs = []
    for seed in seeds:
        series = make_series(periods=72, level=150, slope=1.5, amplitude=30.0, noise=8.0, seed=seed)
        train, actual = series.iloc[:-12], series.iloc[-12:].to_numpy()
        runs.append((train.to_numpy(), actual, forecast_series(train, 12, 12)))
    return runs


def test_choice_beats_seasonal_naive_on_trending_seasonal_series(
    make_series: Callable[..., pd.Series],
) -> None:
    ours, naive = [], []
    for train, actual, result in _held_out_runs(make_series, range(10, 14)):
        scale = mase_scale(train, 12)
        ours.append(np.mean(np.abs(actual - np.array(result.mean))) / scale)
        naive.append(np.mean(np.abs(actual - train[-12:])) / scale)
    assert np.mean(ours) < 0.8 * np.mean(naive)


def test_intervals_contain_most_held_out_values(make_series: Callable[..., pd.Series]) -> None:
    inside_80, inside_95 = [], []
    for _, actual, result in _held_out_runs(make_series, range(20, 25)):
        inside_80.extend((actual >= result.lower_80) & (actual <= result.upper_80))
        inside_95.extend((actual >= result.lower_95) & (actual <= result.upper_95))
    assert np.mean(inside_80) >= 0.65
    assert np.mean(inside_95) >= np.mean(inside_80)
    assert np.mean(inside_95) >= 0.85


def test_simple_smoothing_follows_a_level_shift() -> None:
    values = np.concatenate([np.full(30, 100.0), np.full(10, 160.0)])
    values += np.random.default_rng(0).normal(0, 1.0, len(values))
    level = fit_simple_smoothing(values).forecast(3)
    assert np.allclose(level, level[0])
    assert abs(level[0] - 160) < 5


def test_seasonal_mean_halves_a_one_off_month_of_last_year() -> None:
    pattern = np.array([100.0, 120, 150, 130, 110, 90, 80, 85, 100, 115, 140, 160])
    last_year = pattern.copy()
    last_year[2] = 450  # a fleet deal, once
    history = np.concatenate([pattern, pattern, last_year])

    forecast = seasonal_mean(12).fit(history).forecast(14)

    assert forecast[2] == pytest.approx((150 + 450) / 2)
    expected = np.delete(pattern, 2)
    assert np.allclose(np.delete(forecast[:12], 2), expected)
    assert forecast[12:].tolist() == forecast[:2].tolist()


def test_seasonal_mean_is_a_candidate_from_two_seasons(
    make_series: Callable[..., pd.Series],
) -> None:
    longer = forecast_series(make_series(periods=60, level=200, amplitude=40.0, seed=4), 12, 6)
    shorter = forecast_series(make_series(periods=30, level=200, amplitude=40.0, seed=4), 12, 6)

    assert any(item.name == "seasonal mean" for item in longer.candidates)
    assert not any(item.name == "seasonal mean" for item in shorter.candidates)
