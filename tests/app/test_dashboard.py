"""The dashboard: figures at once from SQL, the analysis from a job, filters and drill-down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from autosales.extensions import db
from autosales.jobs.analysis import current_result
from autosales.models import JobRecord, User, owner_scope
from autosales.sales.store import bump_data_version


@pytest.fixture
def dealer(
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> User:
    user = make_user()
    rows = []
    for month in range(1, 13):
        rows.append(
            {
                "sale_date": date(2024, month, 3),
                "make": "Kia",
                "quantity": month,
                "unit_price": Decimal("1000"),
            }
        )
        rows.append(
            {
                "sale_date": date(2024, month, 9),
                "make": "Volvo",
                "region": "West",
                "unit_price": Decimal("50000"),
            }
        )
    add_sales(user, rows)
    login(user)
    return user


def test_the_page_shows_figures_at_once_and_loads_the_analysis_after(
    client: FlaskClient, dealer: User
) -> None:
    page = client.get("/dashboard").get_data(as_text=True)

    assert 'data-kpi="units">13<' in page  # December 2024, the last complete month
    assert 'hx-get="/dashboard/analysis"' in page
    assert 'hx-trigger="load"' in page


def test_the_analysis_fragment_runs_the_job_and_keeps_the_result(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    first = client.get("/dashboard/analysis").get_data(as_text=True)
    second = client.get("/dashboard/analysis").get_data(as_text=True)

    assert "data-analysis-ready" in first
    assert "What stands out" in first
    assert 'data-bokeh-target="forecast-chart"' in first
    assert "data-analysis-ready" in second  # served from the stored result: no second job
    with app.app_context(), owner_scope(dealer.id):
        assert current_result({}) is not None
        assert db.session.query(JobRecord).count() == 1


def test_new_sales_make_the_stored_analysis_stale(
    app: Flask, client: FlaskClient, dealer: User, add_sales: Callable[..., list[int]]
) -> None:
    client.get("/dashboard/analysis")

    client.post(
        "/sales/",
        data={
            "sale_date": "2024-12-20",
            "make": "Kia",
            "model": "Niro",
            "region": "North",
            "quantity": "1",
            "unit_price": "30000",
        },
        headers={"HX-Request": "true"},
    )

    with app.app_context(), owner_scope(dealer.id):
        assert current_result({}) is None


def test_filters_and_drill_down_narrow_the_figures(client: FlaskClient, dealer: User) -> None:
    page = client.get("/dashboard?make=Volvo").get_data(as_text=True)

    assert 'data-kpi="units">1<' in page
    assert 'data-kpi="revenue">50,000.00<' in page
    assert "600,000.00" in page  # the whole year's Volvo revenue, in the summary line
    assert "All sales</a>" in page
    assert 'hx-get="/dashboard/analysis?make=Volvo"' in page


def test_a_failed_analysis_says_why_and_offers_a_retry(
    app: Flask, client: FlaskClient, dealer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(params: dict[str, object]) -> dict[str, object]:
        raise RuntimeError("the forecast could not be fitted")

    monkeypatch.setattr("autosales.jobs.analysis.compute_analysis", broken)

    page = client.get("/dashboard/analysis").get_data(as_text=True)

    assert 'data-job-status="failed"' in page
    assert "the forecast could not be fitted" in page
    assert "Try again" in page


def test_an_account_without_sales_is_told_how_to_start(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user(email="new@example.com"))

    page = client.get("/dashboard").get_data(as_text=True)

    assert "import a file" in page
    assert "/dashboard/analysis" not in page


def test_earlier_forecasts_are_scored_once_their_months_are_sold(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> None:
    user = make_user(email="tracked@example.com")
    months = pd.date_range("2022-06-01", "2025-02-01", freq="MS")
    rows = [{"sale_date": month.date() + timedelta(days=day), "unit_price": Decimal("1000"),
             "quantity": 1 + (month.month % 4)} for month in months for day in (0, 27)]  # fmt: skip
    add_sales(user, [row for row in rows if row["sale_date"] < date(2025, 1, 1)])
    login(user)
    client.get("/dashboard/analysis")  # a forecast made at the end of 2024

    add_sales(user, [row for row in rows if row["sale_date"] >= date(2025, 1, 1)])
    with app.app_context():
        bump_data_version(user.id)  # as an import or an entry does
        db.session.commit()
    page = client.get("/dashboard/analysis").get_data(as_text=True)

    # December was under way at the first analysis, so its forecast began there.
    assert "data-track-record" in page
    assert "<td>2024-12-01</td>" in page
    assert 'data-bokeh-target="track-record-chart"' in page
    assert '<td class="num">3</td>' in page
