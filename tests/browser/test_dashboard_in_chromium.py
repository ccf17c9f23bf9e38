"""A person's first steps in a real browser: the landing page, signing in, the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from autosales.models import User
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/dashboard")


def test_landing_page_loads_with_no_errors(
    page: Page, live_server: str, screenshot: Callable[[str], Path]
) -> None:
    page.goto(live_server)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Know what sells")
    screenshot("landing")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_dashboard_draws_the_trend_chart_and_loads_the_analysis(
    page: Page,
    live_server: str,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    screenshot: Callable[[str], Path],
) -> None:
    user = make_user(name="Robin Motors")
    add_sales(
        user,
        [
            {"sale_date": date(2025, month, 10), "quantity": month, "unit_price": Decimal("1000")}
            for month in range(1, 13)
        ],
    )

    sign_in(page, live_server, user)

    expect(page.locator('[data-kpi="units"]')).to_have_text("12")  # December, the last month
    chart = page.locator("#trend-chart")
    expect(chart.locator(".bk-Figure, .bk-Column, div").first).to_be_attached()
    page.wait_for_function(
        "() => window.Bokeh && Bokeh.documents.length > 0 && "
        "document.querySelector('#trend-chart').getBoundingClientRect().height > 100"
    )
    expect(page.locator("[data-analysis-ready]")).to_be_visible(timeout=60_000)
    expect(page.locator("#analysis")).to_contain_text("What stands out")
    screenshot("dashboard")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_filter_drill_down_and_back_without_reloading_at_any_width(
    page: Page,
    live_server: str,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    screenshot: Callable[[str], Path],
) -> None:
    user = make_user(name="Robin Motors")
    rows = [
        {"sale_date": date(2025, month, 10), "make": make, "model": model, "quantity": month,
         "unit_price": Decimal("1000"), "unit_cost": Decimal("900"),
         "stocked_on": date(2025, month, 1)}
        for month in range(1, 13)
        for make, model in (("Toyota", "Corolla"), ("Kia", "Niro"))
    ]  # fmt: skip
    add_sales(user, rows)
    sign_in(page, live_server, user)
    page.evaluate("window.notReloaded = true")

    top_makes = page.locator('[data-ranking="make"]')
    top_makes.get_by_role("link", name="Kia").click()
    expect(page).to_have_url(f"{live_server}/dashboard?make=Kia")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kia")
    page.locator('[data-ranking="model"]').get_by_role("link", name="Niro").click()
    expect(page).to_have_url(f"{live_server}/dashboard?make=Kia&model=Niro")
    expect(page.locator("nav.breadcrumbs")).to_contain_text("Niro")
    assert page.evaluate("window.notReloaded") is True

    page.go_back()
    expect(page).to_have_url(f"{live_server}/dashboard?make=Kia")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kia")
    page.get_by_label("Periods").select_option("week")
    expect(page).to_have_url(f"{live_server}/dashboard?make=Kia&freq=week")
    expect(page.locator("#trend-heading")).to_have_text("Revenue per week")
    expect(page.locator("[data-card='days_to_sell']")).to_be_visible()
    screenshot("dashboard-make")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    assert page.console_errors == []  # type: ignore[attr-defined]


FOCUSED = "(e => e ? e.id || (e.dataset && e.dataset.preset) || '' : '')(document.activeElement)"


def test_filters_and_presets_are_reachable_by_keyboard(
    page: Page,
    live_server: str,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
) -> None:
    user = make_user()
    add_sales(user, [{"sale_date": date(2025, 3, 10)}])
    sign_in(page, live_server, user)

    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(FOCUSED))
    assert {
        "dash-from",
        "dash-to",
        "dash-make",
        "dash-model",
        "dash-region",
        "dash-freq",
    } <= reached
    assert "30d" in reached
