"""Planted sales data for the analytics tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

MODELS = {"Corolla": "Toyota", "Yaris": "Toyota", "Golf": "Volkswagen", "Polo": "Volkswagen"}


@pytest.fixture
def make_series() -> Callable[..., pd.Series]:
    """Factory: monthly series = level + slope * t + amplitude * sin(2 pi t / 12) + noise."""

    def build(
        periods: int = 48,
        level: float = 100.0,
        slope: float = 0.0,
        amplitude: float = 0.0,
        noise: float = 2.0,
        seed: int = 0,
    ) -> pd.Series:
        steps = np.arange(periods)
        values = (
            level
            + slope * steps
            + amplitude * np.sin(2 * np.pi * steps / 12)
            + np.random.default_rng(seed).normal(0, noise, periods)
        )
        index = pd.date_range("2020-01-01", periods=periods, freq="MS", name="period")
        return pd.Series(values, index=index, name="revenue")

    return build


@pytest.fixture
def make_sales() -> Callable[..., pd.DataFrame]:
    """Factory: a sale-level frame with daily sales between two dates, four models in two makes,
    three regions, and automatics planted on Corollas sold in North."""

    def build(
        start: str = "2022-01-01", end: str = "2023-12-31", per_day: int = 3, seed: int = 0
    ) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        days = pd.date_range(start, end, freq="D")
        dates = np.repeat(days, per_day)
        size = len(dates)
        model = rng.choice(list(MODELS), size)
        region = rng.choice(["North", "South", "East"], size)
        planted = (model == "Corolla") & (region == "North")
        automatic = np.where(planted, rng.random(size) < 0.9, rng.random(size) < 0.3)
        price = rng.normal(30000, 4000, size).round(0)
        quantity = rng.integers(1, 3, size)
        return pd.DataFrame(
            {
                "sale_date": pd.DatetimeIndex(dates).astype("datetime64[ns]"),
                "make": [MODELS[name] for name in model],
                "model": model,
                "region": region,
                "quantity": quantity.astype("int64"),
                "unit_price": price,
                "revenue": quantity * price,
                "transmission": np.where(automatic, "automatic", "manual"),
                "customer": rng.choice([f"customer {number}" for number in range(60)], size),
            }
        )

    return build
