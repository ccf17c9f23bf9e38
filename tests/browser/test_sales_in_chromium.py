"""Typing sales in a real browser: htmx adds, edits and deletes rows in place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from autosales.models import User
from tests.browser.test_dashboard_in_chromium import sign_in

pytestmark = pytest.mark.browser


def test_add_edit_delete_and_undo_without_reloading_the_page(
    page: Page,
    live_server: str,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    screenshot: Callable[[str], Path],
) -> None:
    user = make_user()
    add_sales(
        user,
        [
            {
                "sale_date": date(2025, 1, 2),
                "make": "Kia",
                "model": "Ceed",
                "unit_price": Decimal("19000"),
            }
        ],
    )
    sign_in(page, live_server, user)
    page.goto(f"{live_server}/sales/")
    page.evaluate("window.notReloaded = true")

    page.get_by_text("Add a sale").click()
    form = page.locator("#add-sale")
    form.get_by_label("Date", exact=True).fill("2025-03-04")
    form.get_by_label("Make").fill("Mazda")
    form.get_by_label("Model", exact=True).fill("CX-5")
    form.get_by_label("Region").fill("West")
    form.get_by_label("Unit price").fill("0")
    form.get_by_label("Quantity").fill("0")
    form.get_by_label("Quantity").blur()
    expect(page.locator("#new-quantity-error")).to_contain_text("1 or more")
    form.get_by_label("Quantity").fill("2")
    form.get_by_label("Unit price").fill("31,500")
    form.get_by_role("button", name="Add sale").click()
    new_row = page.locator("#sales-rows tr").filter(has_text="CX-5")
    expect(new_row).to_contain_text("31,500.00")

    new_row.get_by_role("link", name="Edit").click()
    page.locator("tr.editing").get_by_label("Model", exact=True).fill("CX-30")
    page.locator("tr.editing").get_by_role("button", name="Save").click()
    expect(page.locator("#sales-rows")).to_contain_text("CX-30")

    page.locator("#sales-rows tr").filter(has_text="CX-30").get_by_role(
        "button", name="Delete"
    ).click()
    expect(page.locator("tr.deleted")).to_contain_text("Deleted")
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#sales-rows tr").filter(has_text="CX-30")).to_be_visible()
    screenshot("sales-entry")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_filters_update_the_table_and_live_in_the_url(
    page: Page,
    live_server: str,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
) -> None:
    user = make_user()
    add_sales(user, [{"make": "Kia", "model": "Ceed"}, {"make": "Volvo", "model": "XC40"}])
    sign_in(page, live_server, user)
    page.goto(f"{live_server}/sales/")

    page.locator("#filter-make").fill("Volvo")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(f"{live_server}/sales/?make=Volvo")
    expect(page.locator("#sales-rows tr")).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(f"{live_server}/sales/")
