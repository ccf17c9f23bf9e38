"""The printable report in the app: its header, sections, charts, assets and waiting page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from autosales.extensions import db
from autosales.jobs.analysis import ANALYSIS, analysis_params
from autosales.models import JobRecord, User, owner_scope
from autosales.sales.demo import store_demo_sales

BUSINESS = "Fjord & Sons Motors"


@pytest.fixture
def dealer(
    app: Flask,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> User:
    """An account with two years of sales of three makes, signed in; and a stranger's sale."""
    user = make_user(email="print@example.com")
    with app.app_context(), owner_scope(user.id):
        store_demo_sales(
            user.id,
            start=date(2023, 6, 1),
            end=date(2025, 5, 31),
            seed=5,
            makes=("Toyota", "Kia", "Volvo"),
        )
        db.session.get(User, user.id).business_name = BUSINESS
        db.session.commit()
    add_sales(make_user(), [{"make": "Lada", "model": "Niva"}])
    login(user)
    return user


def test_the_report_names_business_period_filters_time_and_paper(
    client: FlaskClient, dealer: User
) -> None:
    response = client.get("/reports/print?from=2024-01-01&to=2024-12-31&make=Volvo")
    printing = client.get(
        "/reports/print?from=2024-01-01&to=2024-12-31&make=Volvo&paper=letter&print=1"
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Fjord &amp; Sons Motors: sales report</h1>" in html
    assert "Period 2024-01-01 to 2024-12-31" in html
    assert "Filters: Make Volvo." in html
    assert re.search(r"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", html)
    assert "Lada" not in html and "Sign out" not in html
    assert "make=Volvo&amp;paper=a4&amp;print=1" in html and "Print on Letter" in html
    assert 'class="report-page paper-letter" data-autoprint' in printing.get_data(as_text=True)


def test_the_report_has_every_section_its_charts_and_assets(
    client: FlaskClient, dealer: User
) -> None:
    html = client.get("/reports/print").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="(/(?:static|bokeh)/[^"]+)"', html)

    for heading in (
        "Key figures",
        "What stands out",
        "Forecast:",
        "Trend and season",
        "Anomalies",
        "Makes, models and regions",
    ):
        assert f"<h2>{heading}" in html
    assert "Filters: none (all sales)." in html
    assert 'data-bokeh-target="forecast-chart"' in html
    assert 'data-bokeh-target="decomposition-chart"' in html
    assert '"width": 680' in html or '"width":680' in html
    assert 'class="num">MASE' in html
    assert len(assets) >= 5
    assert {url: status_of(client, url) for url in assets} == dict.fromkeys(assets, 200)


def status_of(client: FlaskClient, url: str) -> int:
    with client.get(url.replace("&amp;", "&")) as response:
        return response.status_code


def test_a_report_still_computing_gives_a_page_that_reloads(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    params = analysis_params({"make": "Kia"})
    with app.app_context(), owner_scope(dealer.id):
        job = JobRecord(id=str(uuid.uuid4()), kind=ANALYSIS, params=params, status="running")
        job.message = "fitting forecasts"
        db.session.add(job)
        db.session.commit()

    html = client.get("/reports/print?make=Kia").get_data(as_text=True)

    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Fitting forecasts" in html
    assert "<script" not in html


def test_an_account_with_no_sales_gets_a_report_that_says_so(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    response = client.get("/reports/print")

    assert response.status_code == 200
    assert "No sales" in response.get_data(as_text=True)


def test_the_report_needs_a_sign_in(client: FlaskClient) -> None:
    assert client.get("/reports/print").status_code == 302
