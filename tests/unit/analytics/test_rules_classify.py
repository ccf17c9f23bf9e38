"""Association rules, trend classes, ABC/XYZ and customer segments on planted data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from autosales.analytics.classify import (
    abc_classes,
    classify_dimension,
    classify_series,
    segment_customers,
    xyz_class,
)
from autosales.analytics.rules import find_basket_rules, find_sale_rules, sale_items


@pytest.fixture
def one_year(make_sales: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    return make_sales(start="2023-01-01", end="2023-12-31", per_day=4)


def test_planted_rule_is_found_with_its_numbers(one_year: pd.DataFrame) -> None:
    result = find_sale_rules(one_year)
    wanted = [
        rule
        for rule in result.rules
        if set(rule.antecedent) == {"model=Corolla", "region=North"}
        and rule.consequent == "transmission=automatic"
    ]
    assert wanted, [rule.sentence for rule in result.rules[:5]]
    rule = wanted[0]
    planted = one_year[(one_year.model == "Corolla") & (one_year.region == "North")]
    assert rule.support == pytest.approx(
        (planted.transmission == "automatic").mean() * len(planted) / len(one_year)
    )
    usual = (one_year.transmission == "automatic").mean()
    assert rule.lift == pytest.approx(rule.confidence / usual)
    assert rule.lift > 2
    assert rule.sentence.startswith("Buyers of a Corolla in North chose an automatic")


def test_a_sample_of_many_sales_finds_the_planted_rule_and_says_it_sampled(
    one_year: pd.DataFrame,
) -> None:
    result = find_sale_rules(one_year, sample_size=len(one_year) // 2)

    planted = [
        rule
        for rule in result.rules
        if set(rule.antecedent) == {"model=Corolla", "region=North"}
        and rule.consequent == "transmission=automatic"
    ]
    assert planted and planted[0].lift > 2
    assert result.transactions == len(one_year) // 2
    assert f"random sample of {len(one_year) // 2:,} of the {len(one_year):,} sales" in (
        result.message or ""
    )


def test_hierarchy_and_redundant_rules_are_dropped(one_year: pd.DataFrame) -> None:
    rules = find_sale_rules(one_year).rules
    assert not any(
        rule.consequent.startswith("make=")
        and any(item.startswith("model=") for item in rule.antecedent)
        for rule in rules
    )
    assert all(rule.lift > 1.05 for rule in rules)
    pairs = {(rule.antecedent, rule.consequent): rule.confidence for rule in rules}
    for (antecedent, consequent), confidence in pairs.items():
        for other in antecedent:
            smaller = tuple(item for item in antecedent if item != other)
            if smaller and (smaller, consequent) in pairs:
                assert confidence > pairs[(smaller, consequent)]


def test_onehot_table_is_boolean(one_year: pd.DataFrame) -> None:
    table = sale_items(one_year)
    assert set(table.dtypes) == {np.dtype(bool)}
    assert {"season=winter", "price_band=premium", "make=Toyota"} <= set(table.columns)


def test_basket_rule_for_models_bought_together() -> None:
    orders = []
    for number in range(60):
        models = (
            ["Corolla", "Yaris"]
            if number % 3 == 0
            else ["Golf"]
            if number % 3 == 1
            else ["Polo", "Golf"]
        )
        orders += [(f"order {number}", model) for model in models]
    frame = pd.DataFrame(orders, columns=["order_ref", "model"])
    result = find_basket_rules(frame)
    found = {(rule.antecedent, rule.consequent): rule for rule in result.rules}
    rule = found[(("model=Corolla",), "model=Yaris")]
    assert rule.confidence == pytest.approx(1.0)
    assert rule.lift == pytest.approx(3.0)
    assert rule.support == pytest.approx(1 / 3)
    assert "Orders who bought a Corolla also bought a Yaris" in rule.sentence


def test_rules_on_tiny_data_explain_why(one_year: pd.DataFrame) -> None:
    assert "at least 10" in find_sale_rules(one_year.head(3)).message
    assert "several models" in find_basket_rules(one_year.drop(columns="customer")).message


@pytest.mark.parametrize(
    ("slope", "amplitude", "noise", "label"),
    [
        (3.0, 0.0, 2.0, "rising"),
        (-3.0, 0.0, 2.0, "declining"),
        (0.0, 40.0, 2.0, "seasonal"),
        (0.0, 0.0, 2.0, "stable"),
        (0.0, 0.0, 150.0, "erratic"),
    ],
)
def test_series_classes(
    make_series: Callable[..., pd.Series], slope: float, amplitude: float, noise: float, label: str
) -> None:
    series = make_series(periods=36, level=200, slope=slope, amplitude=amplitude, noise=noise)
    assert classify_series(series.clip(lower=0), 12).label == label


def test_abc_and_xyz_limits() -> None:
    classes = abc_classes(pd.Series({"a": 70.0, "b": 15.0, "c": 10.0, "d": 5.0}))
    assert {key: value[0] for key, value in classes.items()} == {
        "a": "A",
        "b": "A",
        "c": "B",
        "d": "C",
    }
    assert xyz_class(pd.Series([10.0, 10.0, 11.0]))[0] == "X"
    assert xyz_class(pd.Series([0.0, 0.0, 30.0]))[0] == "Z"
    assert xyz_class(pd.Series([0.0, 0.0]))[0] == "Z"


def test_dimension_classes_carry_numbers(one_year: pd.DataFrame) -> None:
    items = classify_dimension(one_year, "model", "week", 52)
    assert {item.key for item in items} == {"Corolla", "Yaris", "Golf", "Polo"}
    assert sum(item.revenue_share for item in items) == pytest.approx(1.0)
    assert all(item.units_cv is not None for item in items)


def test_customer_segments_separate_loyal_from_lapsed() -> None:
    rows = []
    for number in range(15):
        rows += [(f"loyal {number}", f"2023-{month:02d}-10", 60000.0) for month in range(1, 13)]
        rows += [(f"lapsed {number}", "2023-01-05", 20000.0)]
    frame = pd.DataFrame(rows, columns=["customer", "sale_date", "revenue"])
    frame["sale_date"] = pd.to_datetime(frame["sale_date"])
    result = segment_customers(frame)
    assert result.k == 2
    assert result.assignments["loyal 3"] == "loyal high spenders"
    assert result.assignments["lapsed 3"].startswith("lapsed")


def test_too_few_customers_gives_reason(one_year: pd.DataFrame) -> None:
    assert "at least 10" in segment_customers(one_year.head(5)).message
    assert "No customer" in segment_customers(one_year.drop(columns="customer")).message
