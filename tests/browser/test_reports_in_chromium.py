"""The printable report and the comparison page in Chromium: charts drawn, PDFs that paginate."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from autosales.extensions import db
from autosales.models import User, owner_scope
from autosales.sales.demo import store_demo_sales
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_dashboard_in_chromium import sign_in

pytestmark = pytest.mark.browser

BUSINESS = "Harbour Lane Cars"
# A row of the forecast table: the period, the forecast, then its 80% interval.
FORECAST_ROW = re.compile(r"\d{4}-\d\d-01 [\d,]+ [\d,]+ – [\d,]+")


@pytest.fixture
def dealer(app: Flask, make_user: Callable[..., User]) -> User:
    """Two years of sales of three makes, ending with a whole month."""
    user = make_user(name="Robin Dealer")
    with app.app_context(), owner_scope(user.id):
        store_demo_sales(
            user.id,
            start=date(2023, 6, 1),
            end=date(2025, 5, 31),
            seed=11,
            makes=("Toyota", "Kia", "Volvo"),
        )
        db.session.get(User, user.id).business_name = BUSINESS
        db.session.commit()
    return user


@pytest.fixture
def report_page(browser: Browser, live_server: str, dealer: User) -> Iterator[Page]:
    """The printable report, signed in at a desktop size, with its charts drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, dealer)
    page.goto(f"{live_server}/reports/print?horizon=24", timeout=120_000)
    page.wait_for_function(
        "() => ['forecast-chart', 'decomposition-chart'].every(id => "
        "document.getElementById(id).getBoundingClientRect().height > 100)",
        timeout=60_000,
    )
    yield page
    context.close()


def pdf_pages(page: Page, paper: str) -> list[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    data = page.pdf(format=paper)
    (ARTIFACTS / f"report-{paper.lower()}.pdf").write_bytes(data)
    return [sheet.extract_text() for sheet in PdfReader(io.BytesIO(data)).pages]


def test_the_report_prints_on_a4_and_letter_with_headers_on_every_page(
    report_page: Page,
) -> None:
    # One page serves both papers: the analysis behind it takes most of this test's time.
    for paper in ("A4", "Letter"):
        pages = pdf_pages(report_page, paper)

        forecast_pages = [page for page, text in enumerate(pages) if FORECAST_ROW.search(text)]
        assert len(pages) > 1, paper
        assert all(BUSINESS in text for text in pages), "the running header names the business"
        assert len(forecast_pages) > 1, "the forecast table should continue on another page"
        assert all("80% interval" in pages[page] for page in forecast_pages), paper
        assert not any("Sign out" in text or "Back to the dashboard" in text for text in pages)


def test_the_comparison_page_draws_its_chart(
    page: Page,
    live_server: str,
    dealer: User,
    screenshot: Callable[[str], Path],
) -> None:
    sign_in(page, live_server, dealer)
    page.goto(f"{live_server}/compare/?kind=makes&makes=Toyota&makes=Kia&makes=Volvo")

    expect(page.get_by_role("heading", name="Toyota against Kia against Volvo")).to_be_visible()
    page.wait_for_function(
        "() => document.getElementById('comparison-chart').getBoundingClientRect().height > 100"
    )
    page.get_by_label("Period against period").check()
    page.get_by_label("This year against last year").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator('[data-measure="revenue"]')).to_be_visible()
    assert "kind=periods" in page.url and "preset=year" in page.url, "the state is in the URL"
    screenshot("compare")
    assert page.console_errors == []  # type: ignore[attr-defined]
