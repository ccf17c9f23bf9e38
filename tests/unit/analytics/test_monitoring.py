"""Realised accuracy of a stored forecast once the actual sales are in."""

from __future__ import annotations

import pandas as pd
import pytest

from autosales.analytics.monitoring import realised_accuracy


def stored_forecast(**changes: object) -> dict[str, object]:
    forecast: dict[str, object] = {
        "method": "Theta",
        "season_length": 1,
        "dates": ["2025-01-01", "2025-02-01", "2025-03-01"],
        "mean": [100.0, 110.0, 120.0],
        "lower_80": [90.0, 100.0, 110.0],
        "upper_80": [110.0, 120.0, 130.0],
        "candidates": [{"name": "Theta", "mase": 0.5}],
    }
    return forecast | changes


def observed(values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range("2024-10-01", periods=len(values), freq="MS"))


def test_errors_are_measured_on_the_periods_seen_so_far() -> None:
    # History 100, 104, 108 (naive MAE 4), then January and February came in at 104 and 130.
    found = realised_accuracy(stored_forecast(), observed([100, 104, 108, 104, 130]))

    assert found is not None
    assert found["periods"] == 2
    assert found["mae"] == pytest.approx(12.0)
    assert found["mase"] == pytest.approx(3.0)
    assert found["mape"] == pytest.approx((4 / 104 + 20 / 130) / 2 * 100)
    assert found["coverage_80"] == pytest.approx(0.5)
    assert found["clearly_worse"] is True


def test_a_forecast_as_good_as_promised_is_not_flagged() -> None:
    found = realised_accuracy(stored_forecast(), observed([100, 104, 108, 101, 111, 119]))

    assert found is not None
    assert found["mase"] == pytest.approx(0.25)
    assert found["clearly_worse"] is False


def test_nothing_to_say_before_the_first_forecast_period_is_seen() -> None:
    assert realised_accuracy(stored_forecast(), observed([100, 104, 108])) is None
    assert realised_accuracy(stored_forecast(dates=[]), observed([100, 104, 108])) is None
