"""`autosales report`: the whole analysis of one account on the command line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from autosales.extensions import db
from autosales.models import User, UserSettings, owner_scope
from autosales.sales.demo import store_demo_sales


@pytest.fixture
def dealer(app: Flask, make_user: Callable[..., User], add_sales: Callable[..., list[int]]) -> User:
    """An account with 30 months of synthetic sales ending mid-month, and a stranger."""
    user = make_user(email="report@example.com")
    with app.app_context(), owner_scope(user.id):
        store_demo_sales(
            user.id,
            start=date(2023, 1, 1),
            end=date(2025, 6, 15),
            seed=3,
            makes=("Toyota", "Kia", "Volvo"),
        )
        db.session.commit()
    add_sales(make_user(email="stranger@example.com"), [{"make": "Lada", "model": "Niva"}])
    return user


def test_json_report_has_every_part_of_the_analysis(runner: FlaskCliRunner, dealer: User) -> None:
    result = runner.invoke(args=["report", "report@example.com", "--horizon", "6"])

    report = json.loads(result.output)
    forecast = report["forecast"]
    assert result.exit_code == 0, result.output
    assert report["parameters"]["granularity"] == "month"
    assert report["kpis"]["current"]["revenue"] > 0
    assert report["decomposition"]["method"] == "stl"
    assert 0 <= report["decomposition"]["seasonal_strength"] <= 1
    assert len(forecast["dates"]) == 6
    assert all(
        low <= mid <= high
        for low, mid, high in zip(
            forecast["lower_80"], forecast["mean"], forecast["upper_80"], strict=True
        )
    )
    assert {candidate["name"] for candidate in forecast["candidates"]} >= {
        "seasonal naive",
        "Theta",
    }
    assert forecast["method"] in {candidate["name"] for candidate in forecast["candidates"]}
    assert report["insights"]
    assert "Lada" not in result.output


def test_a_month_under_way_is_left_out_of_trend_and_forecast(
    runner: FlaskCliRunner, dealer: User
) -> None:
    report = json.loads(runner.invoke(args=["report", "report@example.com"]).output)

    assert any("June 2025 is still under way" in message for message in report["messages"])
    assert report["forecast"]["dates"][0] == "2025-06-01"


def test_filters_narrow_the_report(runner: FlaskCliRunner, dealer: User) -> None:
    result = runner.invoke(
        args=[
            "report",
            "report@example.com",
            "--make",
            "Volvo",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
        ]
    )

    report = json.loads(result.output)
    assert report["parameters"]["start"] == "2024-01-01"
    assert report["parameters"]["end"] == "2024-12-31"
    assert {item["key"] for item in report["classes"]["make"]} == {"Volvo"}


def test_html_report_is_a_printable_page(runner: FlaskCliRunner, dealer: User, tmp_path) -> None:
    path = tmp_path / "report.html"

    result = runner.invoke(
        args=["report", "report@example.com", "--format", "html", "--output", str(path)]
    )

    page = path.read_text(encoding="utf-8")
    assert result.exit_code == 0, result.output
    assert "<h2>Forecast:" in page
    assert "thead { display: table-header-group; }" in page
    assert "<script" not in page


def test_html_report_shows_money_in_the_accounts_own_formats(
    app: Flask, runner: FlaskCliRunner, dealer: User, tmp_path
) -> None:
    with app.app_context(), owner_scope(dealer.id):
        db.session.add(UserSettings(owner_id=dealer.id, currency="NOK", number_format="1.234,56"))
        db.session.commit()
    path = tmp_path / "report.html"

    runner.invoke(args=["report", "report@example.com", "--format", "html", "--output", str(path)])

    page = path.read_text(encoding="utf-8")
    assert re.search(r"NOK \d{1,3}(\.\d{3})+", page), "no amount like NOK 1.234.567"
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert cells and not [cell for cell in cells if re.search(r"\d,\d{3}(,\d{3}|\.\d)", cell)]
    # The sentences the analysis wrote and the shares and errors use the decimal comma too.
    text = re.sub(r"<[^>]+>", " ", page)
    assert not re.findall(r"\d,\d{3},\d{3}|\d\.\d+%", text)
    summary = page.split("Key figures</h2>")[1].split("</p>")[0]
    assert re.search(r"\d,\d%", summary), summary


def test_an_account_with_no_sales_gets_a_reason_not_an_error(
    runner: FlaskCliRunner, make_user: Callable[..., User]
) -> None:
    make_user(email="empty@example.com")

    result = runner.invoke(args=["report", "empty@example.com"])

    assert result.exit_code == 0, result.output
    assert "No sales" in json.loads(result.output)["messages"][0]


def test_an_unknown_account_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["report", "nobody@example.com"])

    assert result.exit_code != 0
    assert "no account for nobody@example.com" in result.output
