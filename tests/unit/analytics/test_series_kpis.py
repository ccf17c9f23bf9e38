"""Series builders and KPIs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from autosales.analytics.kpis import compute_kpis, explain_change, summarise_period
from autosales.analytics.results import to_plain
from autosales.analytics.series import (
    build_dimension_series,
    build_series,
    choose_granularity,
    default_horizon,
    season_length,
)


def sales(rows: list[tuple[str, str, str, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["sale_date", "model", "region", "quantity", "unit_price"])
    frame["sale_date"] = pd.to_datetime(frame["sale_date"])
    frame["make"] = frame["model"].map({"Corolla": "Toyota", "Golf": "Volkswagen"})
    frame["revenue"] = frame["quantity"] * frame["unit_price"]
    return frame


def test_monthly_series_fills_gaps_with_zero() -> None:
    frame = sales(
        [("2024-01-03", "Corolla", "North", 1, 10.0), ("2024-03-05", "Golf", "South", 2, 20.0)]
    )
    series = build_series(frame, "month")
    assert list(series) == [10.0, 0.0, 40.0]
    assert series.index.freqstr == "MS"


def test_weekly_series_counts_units_from_monday() -> None:
    frame = sales([("2024-01-03", "Corolla", "North", 3, 10.0)])
    series = build_series(frame, "week", value="units")
    assert series.index[0] == pd.Timestamp("2024-01-01")
    assert series.iloc[0] == 3.0


def test_period_frame_is_accepted_like_sales() -> None:
    frame = pd.DataFrame(
        {
            "period": pd.to_datetime(["2024-01-01", "2024-03-01"]),
            "revenue": [5.0, 7.0],
            "units": [1, 2],
            "sales": [1, 1],
        }
    )
    assert list(build_series(frame, "month", value="units")) == [1.0, 0.0, 2.0]


def test_dimension_series_orders_columns_by_total() -> None:
    frame = sales(
        [("2024-01-03", "Corolla", "North", 1, 10.0), ("2024-02-05", "Golf", "South", 1, 50.0)]
    )
    table = build_dimension_series(frame, "model", "month")
    assert list(table.columns) == ["Golf", "Corolla"]
    assert table.loc["2024-01-01", "Golf"] == 0.0


@pytest.mark.parametrize(("days", "expected"), [(30, "day"), (200, "week"), (1000, "month")])
def test_granularity_follows_span(days: int, expected: str) -> None:
    start = pd.Timestamp("2020-01-01")
    assert choose_granularity(start, start + pd.Timedelta(days=days)) == expected


def test_season_and_horizon_per_granularity() -> None:
    assert [season_length(name) for name in ("day", "week", "month")] == [7, 52, 12]
    assert [default_horizon(name) for name in ("day", "week", "month")] == [30, 13, 12]
    with pytest.raises(ValueError, match="Unknown granularity 'year'"):
        season_length("year")


def test_empty_frame_gives_empty_series() -> None:
    assert build_series(sales([]), "month").empty


def test_kpis_growth_and_contribution() -> None:
    frame = sales(
        [
            ("2024-01-10", "Corolla", "North", 1, 100.0),
            ("2024-01-11", "Golf", "South", 1, 100.0),
            ("2024-02-10", "Corolla", "North", 2, 100.0),
            ("2024-02-11", "Golf", "South", 1, 100.0),
        ]
    )
    kpis = compute_kpis(frame, pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))
    assert kpis.current.revenue == 300.0
    assert kpis.current.average_transaction_value == 150.0
    assert kpis.growth["revenue"] == pytest.approx(50.0)
    top = kpis.contributions[0]
    assert top.key in {"Corolla", "Toyota", "Corolla in North", "Toyota in North", "North"}
    assert top.points == pytest.approx(50.0)
    assert "50.0 points" in kpis.summary


def test_contributions_of_one_dimension_add_up_to_growth() -> None:
    frame = sales(
        [
            ("2024-01-10", "Corolla", "North", 1, 100.0),
            ("2024-01-11", "Golf", "South", 3, 100.0),
            ("2024-02-10", "Corolla", "North", 2, 100.0),
            ("2024-02-11", "Golf", "South", 1, 100.0),
        ]
    )
    parts = explain_change(
        frame,
        (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29")),
        (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31")),
        limit=20,
    )
    models = [item.points for item in parts if item.dimension == "model"]
    assert sum(models) == pytest.approx(-25.0)


def test_profit_margin_and_days_to_sell() -> None:
    frame = sales([("2024-01-10", "Corolla", "North", 2, 100.0)])
    frame["unit_cost"] = [80.0]
    frame["stocked_on"] = pd.to_datetime(["2023-12-31"])
    figures = summarise_period(frame, pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"))
    assert figures.gross_profit_per_unit == pytest.approx(20.0)
    assert figures.margin == pytest.approx(0.2)
    assert figures.average_days_to_sell == pytest.approx(10.0)


@pytest.mark.parametrize("rows", [[], [("2024-01-10", "Corolla", "North", 1, 100.0)]])
def test_kpis_on_empty_or_single_sale_explain_themselves(rows: list) -> None:
    kpis = compute_kpis(sales(rows))
    assert kpis.message is not None
    json.dumps(kpis.to_dict())


def test_to_plain_turns_nan_into_none_and_dates_into_iso() -> None:
    plain = to_plain({"x": float("nan"), "when": pd.Timestamp("2024-03-01"), "n": (1, 2.5)})
    assert plain == {"x": None, "when": "2024-03-01", "n": [1, 2.5]}
