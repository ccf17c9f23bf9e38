"""The dashboard's own figures on planted sales: growth, where it came from, presets, drill-down,
htmx swaps, profit and stock ageing, and the user's panel order."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask.testing import FlaskClient

from autosales.dashboard.periods import DateRange, compare_range
from autosales.formatting import Preferences
from autosales.models import User


@pytest.fixture
def planted(
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> User:
    """January 2025: 200,000 (Corolla North 100,000, Polo South 100,000); February: Corolla
    North sells 12 instead of 10, so revenue is 220,000 (+10%, all of it Corolla in North);
    February 2024: Polo South 100,000 alone."""
    user = make_user()
    corolla = {"make": "Toyota", "model": "Corolla", "region": "North",
               "unit_price": Decimal("10000")}  # fmt: skip
    polo = {"make": "Volkswagen", "model": "Polo", "region": "South", "quantity": 10,
            "unit_price": Decimal("10000")}  # fmt: skip
    add_sales(
        user,
        [
            {**corolla, "sale_date": date(2025, 1, 5), "quantity": 10},
            {**polo, "sale_date": date(2025, 1, 20)},
            {
                **corolla,
                "sale_date": date(2025, 2, 5),
                "quantity": 12,
                "unit_cost": Decimal(9000),
                "stocked_on": date(2024, 12, 1),
            },
            {**polo, "sale_date": date(2025, 2, 20)},
            {**polo, "sale_date": date(2024, 2, 20)},
        ],
    )
    login(user)
    return user


def card(page: str, key: str) -> str:
    found = re.search(rf'<article class="kpi" data-card="{key}">(.*?)</article>', page, re.S)
    assert found, f"no {key} card"
    return found.group(1)


def test_kpis_compare_the_last_complete_month_and_say_where_the_change_came_from(
    client: FlaskClient, planted: User
) -> None:
    page = client.get("/dashboard").get_data(as_text=True)
    revenue = card(page, "revenue")

    assert 'data-kpi="revenue">220,000.00<' in revenue
    assert "+10.0%" in revenue and "+120.0%" in revenue
    assert "+10.0% on the month before; Toyota gave 10.0 points of it." in revenue
    assert "February 2025 against January 2025 and February 2024" in page
    assert '<svg class="sparkline"' in revenue


def test_a_make_page_does_not_credit_the_make_with_its_own_change(
    client: FlaskClient, planted: User
) -> None:
    page = client.get("/dashboard?make=Toyota&from=2025-02-01&to=2025-02-28").get_data(as_text=True)

    assert 'data-sentence="units">+20.0% on the month before.<' in card(page, "units")


def test_profit_margin_and_stock_ageing_appear_where_costs_and_stock_dates_exist(
    client: FlaskClient, planted: User
) -> None:
    page = client.get("/dashboard?make=Toyota&from=2025-02-01&to=2025-02-28").get_data(as_text=True)

    assert 'data-kpi="profit_per_unit">1,000.00<' in page
    assert 'data-kpi="margin">10.0%<' in page
    assert 'data-kpi="days_to_sell">66 days<' in page
    assert re.search(r'data-bucket="60–90 days"><td>60–90 days</td><td class="num">12<', page)


def test_growth_is_coloured_as_good_or_bad_news_for_the_business(
    client: FlaskClient,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> None:
    user = make_user()
    sale = {"make": "Kia", "model": "Ceed", "region": "East", "unit_price": Decimal("20000")}
    add_sales(
        user,
        [
            {**sale, "sale_date": date(2025, 1, 10), "stocked_on": date(2024, 12, 11)},
            {
                **sale,
                "sale_date": date(2025, 2, 10),
                "stocked_on": date(2024, 12, 12),
                "quantity": 2,
            },
        ],
    )  # January: 30 days to sell, one car; February: 60 days, two cars.
    login(user)

    page = client.get("/dashboard?from=2025-02-01&to=2025-02-28").get_data(as_text=True)

    assert re.search(
        r'class="growth good" data-growth="previous"[^>]*>\+100\.0%', card(page, "units")
    )
    days = card(page, "days_to_sell")
    assert re.search(r'class="growth bad" data-growth="previous"[^>]*>\+100\.0%', days)
    assert "<small>on the month before</small>" in days


def test_a_month_so_far_is_set_against_the_same_days_before() -> None:
    comparison = compare_range(DateRange(date(2025, 3, 1), date(2025, 3, 15)))

    assert comparison.previous == DateRange(date(2025, 2, 1), date(2025, 2, 15))
    assert comparison.last_year == DateRange(date(2024, 3, 1), date(2024, 3, 15))
    assert comparison.previous_name == "the same days of the month before"
    full = compare_range(DateRange(date(2024, 3, 1), date(2024, 3, 31)))
    assert full.previous == DateRange(date(2024, 2, 1), date(2024, 2, 29))


def test_date_presets_link_to_the_right_dates(client: FlaskClient, planted: User) -> None:
    page = client.get("/dashboard").get_data(as_text=True)
    today = date.today()

    last_30 = f"/dashboard?from={today - timedelta(days=29)}&amp;to={today}"
    assert f'href="{last_30}" hx-get="{last_30}" hx-push-url="true" data-preset="30d"' in page
    assert f"from={today.year - 1}-01-01&amp;to={today.year - 1}-12-31" in page
    assert f"from={today.year}-01-01&amp;to={today}" in page


def test_a_make_link_drills_down_to_the_make_and_then_a_model(
    client: FlaskClient, planted: User
) -> None:
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/dashboard?make=Toyota"' in page

    make_page = client.get("/dashboard?make=Toyota").get_data(as_text=True)
    assert "All sales</a>" in make_page
    assert 'href="/dashboard?make=Toyota&amp;model=Corolla"' in make_page

    model_page = client.get("/dashboard?make=Toyota&model=Corolla").get_data(as_text=True)
    assert ">Toyota</a>" in model_page
    assert '<span aria-current="page">Corolla</span>' in model_page


def test_a_filter_change_from_htmx_gets_the_body_and_a_clean_url(
    client: FlaskClient, planted: User
) -> None:
    response = client.get(
        "/dashboard?make=Toyota&region=&from=",
        headers={"HX-Request": "true", "HX-Target": "dashboard-body"},
    )
    body = response.get_data(as_text=True)

    assert response.headers["HX-Push-Url"] == "/dashboard?make=Toyota"
    assert body.lstrip().startswith('<div id="dashboard-body"')
    assert "<html" not in body


def test_panels_follow_the_users_order_and_hidden_ones_are_left_out(
    client: FlaskClient, planted: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = Preferences(dashboard_panels=("top", "kpis"))
    monkeypatch.setattr("autosales.dashboard.routes.user_preferences", lambda: chosen)

    page = client.get("/dashboard").get_data(as_text=True)

    assert page.index("Top sellers") < page.index('aria-label="Key figures"')
    assert "/dashboard/analysis" not in page
    assert "Revenue share over time" not in page
