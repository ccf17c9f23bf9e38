"""The account system in a real browser: sign in, the account page, sign out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from autosales.models import User
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_a_user_signs_in_visits_the_account_page_and_signs_out(
    page: Page, live_server: str, make_user: Callable[..., User], screenshot: Callable[[str], Path]
) -> None:
    user = make_user(name="Robin Motors")

    page.goto(f"{live_server}/auth/login")
    expect(page.get_by_role("link", name="Create an account").first).to_be_visible()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/dashboard")

    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.locator('[data-event="login"]')).to_have_count(1)
    page.get_by_label("Your name").fill("Robin Motors Ltd")
    page.get_by_role("button", name="Save the name").click()
    expect(page.locator(".nav-user")).to_have_text("Robin Motors Ltd")
    screenshot("account")

    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto(f"{live_server}/account")
    expect(page).to_have_url(f"{live_server}/auth/login?next=%2Faccount")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_registration_page_shows_its_captcha_picture(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/auth/register")

    picture = page.get_by_role("img", name="Six digits")
    expect(picture).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", picture.element_handle()) == 220
    expect(page.get_by_label("Leave this empty")).not_to_be_in_viewport()
    assert page.console_errors == []  # type: ignore[attr-defined]
