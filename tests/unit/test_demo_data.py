"""The demo sales generator: valid rows, and the structure it promises to plant."""

from __future__ import annotations

import datetime
import time

import numpy as np
import pandas as pd
import pytest

from autosales.demo_data import (
    BODY_STYLES,
    DEMO_COLUMNS,
    LAUNCHED_MODEL,
    MIN_REPEAT_GAP_DAYS,
    REGIONS,
    demo_anomalies,
    demo_launch_date,
    generate_demo_sales,
)

# Four whole years, whole months, all in the past.
START = datetime.date(2022, 12, 1)
END = datetime.date(2026, 11, 30)
MAKES = {
    "Toyota", "Volkswagen", "Ford", "Honda", "BMW", "Mercedes-Benz", "Hyundai", "Kia", "Nissan",
    "Skoda", "Volvo", "Tesla",
}  # fmt: skip
VIN_VALUES = {
    **{str(digit): digit for digit in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "J": 1, "K": 2, "L": 3,
    "M": 4, "N": 5, "P": 7, "R": 9, "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8,
    "Z": 9,
}  # fmt: skip
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    """Four years of demo sales with the default seed; tests must not modify it."""
    return generate_demo_sales(start=START, end=END)


@pytest.fixture(scope="module")
def anomalies() -> dict[str, dict]:
    """The anomalies planted in `sales`, by kind."""
    return {anomaly["kind"]: anomaly for anomaly in demo_anomalies(START, END)}


def units(frame: pd.DataFrame) -> int:
    """Give the vehicles sold in a frame of sale lines."""
    return int(frame["quantity"].sum())


def units_by(frame: pd.DataFrame, key: pd.Series | str) -> pd.Series:
    """Give the vehicles sold per value of a key."""
    return frame.groupby(key)["quantity"].sum()


def between(frame: pd.DataFrame, first: datetime.date, last: datetime.date) -> pd.DataFrame:
    """Give the lines sold from `first` to `last`, inclusive."""
    dates = frame["sale_date"].dt.date
    return frame[(dates >= first) & (dates <= last)]


def vin_check_character(vin: str) -> str:
    """Give the check character a VIN should carry in position 9."""
    remainder = (
        sum(VIN_VALUES[char] * weight for char, weight in zip(vin, VIN_WEIGHTS, strict=True)) % 11
    )
    return "X" if remainder == 10 else str(remainder)


def test_same_seed_gives_same_frame(sales: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(generate_demo_sales(start=START, end=END, seed=7), sales)


def test_other_seed_gives_other_frame(sales: pd.DataFrame) -> None:
    other = generate_demo_sales(start=START, end=END, seed=8)

    assert len(other) != len(sales) or not other["vin"].equals(sales["vin"])


def test_four_years_take_under_two_seconds() -> None:
    began = time.perf_counter()
    generate_demo_sales(start=START, end=END, seed=11)

    assert time.perf_counter() - began < 2.0


def test_four_years_give_25_to_40_thousand_lines(sales: pd.DataFrame) -> None:
    assert 25_000 <= len(sales) <= 40_000


def test_columns_are_complete_with_documented_dtypes(sales: pd.DataFrame) -> None:
    assert tuple(sales.columns) == DEMO_COLUMNS
    assert not sales.isna().any().any()
    for column in ("quantity", "unit_price_cents", "unit_cost_cents"):
        assert sales[column].dtype == np.int64
    for column in ("sale_date", "stocked_on"):
        assert sales[column].dtype == "datetime64[ns]"
    numbers_and_dates = {
        "quantity",
        "unit_price_cents",
        "unit_cost_cents",
        "sale_date",
        "stocked_on",
    }
    for column in set(DEMO_COLUMNS) - numbers_and_dates:
        assert pd.api.types.is_string_dtype(sales[column]), column
        assert (sales[column].str.len() > 0).all(), column


def test_values_are_valid(sales: pd.DataFrame) -> None:
    days_in_stock = (sales["sale_date"] - sales["stocked_on"]).dt.days

    assert (sales["quantity"] >= 1).all()
    assert (sales["unit_price_cents"] > sales["unit_cost_cents"]).all()
    assert (sales["unit_cost_cents"] > 0).all()
    assert days_in_stock.between(5, 150).all()
    assert sales["sale_date"].min() >= pd.Timestamp(START)
    assert sales["sale_date"].max() <= pd.Timestamp(END)
    assert sales["sale_date"].is_monotonic_increasing
    assert set(sales["transmission"]) == {"Automatic", "Manual"}


def test_period_ending_today_has_no_future_dates() -> None:
    today = datetime.date.today()

    recent = generate_demo_sales(start=today - datetime.timedelta(days=400), end=today)

    assert recent["sale_date"].max() <= pd.Timestamp(today)
    assert recent["stocked_on"].max() <= pd.Timestamp(today)


def test_period_without_open_days_gives_empty_frame_with_same_dtypes(
    sales: pd.DataFrame,
) -> None:
    christmas = generate_demo_sales(
        start=datetime.date(2025, 12, 25), end=datetime.date(2025, 12, 26)
    )

    assert christmas.empty
    pd.testing.assert_series_equal(christmas.dtypes, sales.dtypes)


def test_future_end_is_rejected() -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    with pytest.raises(ValueError, match="is in the future"):
        generate_demo_sales(start=START, end=tomorrow)


def test_start_after_end_is_rejected() -> None:
    with pytest.raises(ValueError, match="is after end"):
        generate_demo_sales(start=END, end=START)


def test_datetime_instead_of_date_is_rejected() -> None:
    with pytest.raises(TypeError, match=r"start must be a datetime\.date"):
        generate_demo_sales(start=datetime.datetime(2024, 1, 1), end=END)


def test_twelve_makes_with_two_to_five_models_in_five_regions(sales: pd.DataFrame) -> None:
    models_per_make = sales.groupby("make")["model"].nunique()

    assert set(models_per_make.index) == MAKES
    assert models_per_make.between(2, 5).all()
    assert set(sales["region"]) == set(REGIONS)
    assert set(sales["body_style"]) == set(BODY_STYLES)
    assert (sales.groupby(["make", "model"])["body_style"].nunique() == 1).all()


def test_regions_prefer_different_makes(sales: pd.DataFrame) -> None:
    share = pd.crosstab(sales["make"], sales["region"], normalize="columns")

    assert share.loc["Volvo", "North"] > 2 * share.loc["Volvo"].drop("North").max()
    assert share.loc["Tesla"].idxmax() == "Central"
    assert share.loc["Skoda"].idxmax() == "East"


def test_spring_months_outsell_december(sales: pd.DataFrame) -> None:
    dates = sales["sale_date"].dt
    monthly = units_by(sales, [dates.year, dates.month]).groupby(level=1).mean()

    assert monthly[[3, 4, 5]].mean() > 1.4 * monthly[12]


def test_sundays_are_quiet(sales: pd.DataFrame) -> None:
    daily = units_by(sales, "sale_date")
    weekday = daily.groupby(daily.index.day_of_week).mean()

    assert weekday[6] < 0.5 * weekday.drop(6).mean()


def test_last_year_outsells_first_year(sales: pd.DataFrame) -> None:
    first_year = between(sales, START, START + datetime.timedelta(days=364))
    last_year = between(sales, END - datetime.timedelta(days=364), END)

    assert units(last_year) > 1.1 * units(first_year)


def test_makes_follow_their_own_trends(sales: pd.DataFrame) -> None:
    by_year = pd.crosstab(sales["make"], (sales["sale_date"] - pd.Timestamp(START)).dt.days // 365)

    assert by_year.loc["Nissan", 3] < 0.8 * by_year.loc["Nissan", 0]
    assert by_year.loc["Tesla", 3] > 1.5 * by_year.loc["Tesla", 0]
    tesla = by_year.loc["Tesla"]
    assert tesla[1] / tesla[0] > tesla[3] / tesla[2]  # booming, then flattening


def test_launched_model_sells_only_after_launch_and_rises(sales: pd.DataFrame) -> None:
    make, model = LAUNCHED_MODEL
    launch = demo_launch_date(START, END)
    launched = sales[(sales["make"] == make) & (sales["model"] == model)]
    after_launch = (launched["sale_date"] - pd.Timestamp(launch)).dt.days

    assert launched["sale_date"].min() >= pd.Timestamp(launch)
    assert (after_launch >= 365).sum() > 2 * (after_launch < 182).sum()


def test_prices_rise_about_three_percent_a_year(sales: pd.DataFrame) -> None:
    years = (sales["sale_date"] - pd.Timestamp(START)).dt.days // 365
    median = sales.groupby(["model", years])["unit_price_cents"].median().unstack()
    common = median.dropna()

    assert 1.05 < (common[3] / common[0]).median() < 1.15


def test_margins_differ_by_make_between_5_and_15_percent(sales: pd.DataFrame) -> None:
    margin = 1 - sales["unit_cost_cents"] / sales["unit_price_cents"]
    by_make = margin.groupby(sales["make"]).mean()

    assert by_make.between(0.045, 0.155).all()
    assert by_make.max() - by_make.min() > 0.06


def test_days_in_stock_are_skewed_to_the_right(sales: pd.DataFrame) -> None:
    days_in_stock = (sales["sale_date"] - sales["stocked_on"]).dt.days

    assert days_in_stock.median() < days_in_stock.mean()


def test_pickups_in_north_are_mostly_automatic(sales: pd.DataFrame) -> None:
    pickups = sales[sales["body_style"] == "Pickup"]
    automatic = (pickups["transmission"] == "Automatic").groupby(pickups["region"]).mean()

    assert automatic["North"] > 0.85
    assert automatic["South"] < 0.65
    tesla = sales[sales["make"] == "Tesla"]
    assert (tesla["transmission"] == "Automatic").all()


def test_anomalies_are_deterministic_and_inside_the_period() -> None:
    listed = demo_anomalies(START, END)

    assert listed == demo_anomalies(START, END, seed=7)
    kinds = {anomaly["kind"] for anomaly in listed}

    assert kinds == {"fleet_spike", "region_closure", "promotion"}
    for anomaly in listed:
        assert START <= anomaly["start"] <= anomaly["end"] <= END
        assert anomaly["description"]
    assert any(demo_anomalies(START, END, seed=seed) != listed for seed in range(1, 6))


def test_periods_shorter_than_a_year_have_no_anomalies() -> None:
    assert demo_anomalies(START, START + datetime.timedelta(days=200)) == []


def test_fleet_spike_week_has_several_times_the_usual_units(
    sales: pd.DataFrame, anomalies: dict[str, dict]
) -> None:
    spike = anomalies["fleet_spike"]
    local = sales[(sales["make"] == spike["make"]) & (sales["region"] == spike["region"])]
    week = (local["sale_date"] - pd.Timestamp(spike["start"])).dt.days // 7
    weekly = units_by(local, week)

    assert weekly[0] > 5 * weekly.drop(0).median()
    assert weekly.idxmax() == 0


def test_closed_region_month_collapses(sales: pd.DataFrame, anomalies: dict[str, dict]) -> None:
    closure = anomalies["region_closure"]
    region = sales[sales["region"] == closure["region"]]
    monthly = units_by(region, region["sale_date"].dt.to_period("M"))
    closed = pd.Period(closure["start"], "M")

    assert monthly[closed] < 0.3 * monthly[[closed - 1, closed + 1]].mean()
    assert monthly.idxmin() == closed


def test_promotion_day_spikes(sales: pd.DataFrame, anomalies: dict[str, dict]) -> None:
    promotion = anomalies["promotion"]
    make = sales[sales["make"] == promotion["make"]]
    saturdays = units_by(make[make["sale_date"].dt.day_of_week == 5], "sale_date")
    day = pd.Timestamp(promotion["start"])

    assert saturdays[day] > 5 * saturdays.drop(day).mean()
    assert units_by(make, "sale_date").idxmax() == day


def test_multi_vehicle_orders_share_customer_date_and_region(sales: pd.DataFrame) -> None:
    lines = sales.groupby("order_ref").size()
    multi = sales[sales["order_ref"].isin(lines[lines > 1].index)]
    shared = multi.groupby("order_ref")[["customer", "sale_date", "region", "salesperson"]]

    assert lines.max() <= 8
    assert (lines > 1).sum() > 200
    assert set(range(2, 8)) <= set(lines)
    assert (shared.nunique() == 1).all().all()
    assert multi["customer"].str.endswith(" Ltd").all()


def test_order_refs_number_orders_within_their_year(sales: pd.DataFrame) -> None:
    refs = sales["order_ref"]

    assert refs.str.fullmatch(r"SO\d{4}-\d{5}").all()
    assert (refs.str[2:6].astype(int) == sales["sale_date"].dt.year).all()


def test_private_customers_return_after_a_gap(sales: pd.DataFrame) -> None:
    private = sales[~sales["customer"].str.endswith(" Ltd")]
    orders = private.drop_duplicates("order_ref").sort_values(["customer", "sale_date"])
    per_customer = orders.groupby("customer").size()
    gaps = orders.groupby("customer")["sale_date"].diff().dropna().dt.days

    assert (per_customer >= 2).mean() > 0.1
    assert per_customer.max() >= 4
    assert gaps.min() >= MIN_REPEAT_GAP_DAYS


def test_business_customers_buy_fleets_again(sales: pd.DataFrame) -> None:
    business = sales[sales["customer"].str.endswith(" Ltd")]

    assert business.groupby("customer")["order_ref"].nunique().max() >= 10


def test_vins_are_unique_and_well_formed(sales: pd.DataFrame) -> None:
    vins = sales["vin"]

    assert vins.is_unique
    assert vins.str.fullmatch(r"[0-9A-HJ-NPR-Z]{17}").all()
    assert all(vin[8] == vin_check_character(vin) for vin in vins.head(2_000))
