"""run_analysis end to end, including the awkward inputs a real account produces."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import pytest

from autosales.analytics.report import run_analysis

TOP_KEYS = {
    "parameters",
    "kpis",
    "series",
    "decomposition",
    "anomalies",
    "forecast",
    "dimension_forecasts",
    "reconciliation",
    "rules",
    "classes",
    "insights",
    "messages",
    "seconds",
}


def test_full_run_finds_planted_structure(make_sales: Callable[..., pd.DataFrame]) -> None:
    frame = make_sales(start="2021-01-01", end="2023-12-31", per_day=2)
    spike = frame["sale_date"].dt.to_period("M") == pd.Period("2022-06", "M")
    frame.loc[spike & (frame["model"] == "Golf"), "quantity"] *= 6
    frame["revenue"] = frame["quantity"] * frame["unit_price"]
    result = run_analysis(frame, horizon=6)
    plain = json.loads(json.dumps(result.to_dict()))
    assert set(plain) == TOP_KEYS
    assert plain["parameters"]["granularity"] == "month"
    assert plain["anomalies"]["anomalies"][0]["period"] == "2022-06-01"
    assert "Golf" in plain["anomalies"]["anomalies"][0]["explanation"]
    assert len(plain["forecast"]["mean"]) == 6
    assert plain["forecast"]["candidates"][0]["mase"] is not None
    parts = plain["reconciliation"]["parts"]
    assert sum(values[0] for values in parts.values()) == pytest.approx(
        plain["forecast"]["mean"][0]
    )
    assert any(
        "Corolla in North chose an automatic" in rule["sentence"]
        for kind in plain["rules"]
        for rule in kind["rules"]
    )
    assert plain["insights"] and plain["insights"][0]["score"] >= plain["insights"][-1]["score"]


@pytest.mark.parametrize("per_day", [1, 5])
def test_a_single_day_gives_a_result_with_its_reason(
    make_sales: Callable[..., pd.DataFrame], per_day: int
) -> None:
    result = run_analysis(make_sales(start="2024-01-01", end="2024-01-01", per_day=per_day))
    plain = json.loads(json.dumps(result.to_dict()))
    assert plain["messages"]
    assert plain["forecast"]["mean"] is not None
    assert all(value >= 0 for value in plain["forecast"]["lower_95"])


def test_six_weeks_of_days_are_forecast_by_a_backtested_model(
    make_sales: Callable[..., pd.DataFrame],
) -> None:
    result = run_analysis(make_sales(start="2024-01-01", end="2024-02-15", per_day=1))
    plain = json.loads(json.dumps(result.to_dict()))
    assert plain["parameters"]["granularity"] == "day"
    assert plain["forecast"]["backtest_origins"] >= 1
    assert plain["forecast"]["candidates"]
    assert all(value >= 0 for value in plain["forecast"]["lower_95"])


def test_empty_frame_says_so(make_sales: Callable[..., pd.DataFrame]) -> None:
    result = run_analysis(make_sales().head(0))
    assert result.messages == ("No sales in this selection: nothing to analyse yet.",)
    assert json.dumps(result.to_dict())


def test_missing_columns_are_named() -> None:
    result = run_analysis(pd.DataFrame({"sale_date": pd.to_datetime(["2024-01-01"])}))
    assert "quantity, revenue" in result.messages[0]


def test_constant_sales_are_reported_as_constant(make_sales: Callable[..., pd.DataFrame]) -> None:
    frame = make_sales(start="2023-01-01", end="2023-06-30", per_day=1)
    frame["quantity"], frame["unit_price"] = 1, 100.0
    frame["revenue"] = 100.0
    result = run_analysis(frame, freq="day", forecast_dimension=None)
    assert result.decomposition.method == "constant"
    assert result.anomalies.anomalies == ()
    assert set(result.forecast.mean) == {100.0}


def test_zero_and_negative_values_and_huge_outlier(
    make_sales: Callable[..., pd.DataFrame],
) -> None:
    frame = make_sales(start="2022-01-01", end="2023-12-31", per_day=1)
    frame.loc[frame.index[:40], "revenue"] = 0.0
    frame.loc[frame.index[50], "revenue"] = -5000.0
    frame.loc[frame.index[400], "revenue"] = 1e9
    result = run_analysis(frame, freq="month", horizon=3, forecast_dimension=None)
    plain = json.loads(json.dumps(result.to_dict()))
    assert plain["anomalies"]["anomalies"][0]["period"] == "2023-02-01"
    assert min(plain["forecast"]["lower_80"]) >= 0


def test_period_frame_from_sql(make_sales: Callable[..., pd.DataFrame]) -> None:
    sales = make_sales(start="2021-01-01", end="2023-12-31", per_day=1)
    month = sales["sale_date"].dt.to_period("M").dt.start_time
    frame = (
        sales.groupby([month, "make"])
        .agg(revenue=("revenue", "sum"), units=("quantity", "sum"), sales=("revenue", "size"))
        .reset_index()
    )
    frame = frame.rename(columns={"sale_date": "period"})
    result = run_analysis(frame, horizon=3)
    assert result.rules == ()
    assert result.series["revenue"].sum() == pytest.approx(sales["revenue"].sum())
    assert set(result.dimension_forecasts) == {"Toyota", "Volkswagen"}
