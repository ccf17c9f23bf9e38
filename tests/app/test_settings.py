"""Personal settings: stored per account, applied by the filters on every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from autosales import formatting
from autosales.extensions import db
from autosales.models import User, UserSettings, owner_scope
from autosales.settings.periods import period_range

European = {
    "time_zone": "Europe/Oslo",
    "date_format": "dmy",
    "number_format": "1.234,56",
    "currency": "€",
    "default_period": "12m",
}


def settings_form(**changes: Any) -> dict[str, Any]:
    """Give a complete settings form: the defaults, every panel shown in default order."""
    data: dict[str, Any] = {
        "time_zone": "UTC",
        "date_format": "iso",
        "number_format": "1,234.56",
        "currency": "",
        "default_period": "all",
    }
    for position, name in enumerate(formatting.DASHBOARD_PANELS, start=1):
        data[f"show_{name}"] = "y"
        data[f"position_{name}"] = str(position)
    return {key: value for key, value in (data | changes).items() if value is not None}


@pytest.fixture
def dealer(
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> User:
    user = make_user(email="dealer@example.com")
    add_sales(user, [{"sale_date": date(2024, 2, 24), "unit_price": Decimal("24500.00")}])
    login(user)
    return user


def test_default_settings_keep_the_sales_table_as_it_was(client: FlaskClient, dealer: User) -> None:
    page = client.get("/sales/").get_data(as_text=True)

    assert "24,500.00" in page
    assert "2024-02-24" in page


def test_european_settings_change_what_the_sales_table_shows(
    client: FlaskClient, dealer: User
) -> None:
    response = client.post("/settings", data=settings_form(**European))
    assert response.status_code == 303

    page = client.get("/sales/").get_data(as_text=True)

    assert "€ 24.500,00" in page
    assert "24/02/2024" in page
    assert "24,500.00" not in page


def test_comparisons_show_amounts_in_the_chosen_currency(
    client: FlaskClient, dealer: User, add_sales: Callable[..., list[int]]
) -> None:
    add_sales(dealer, [{"make": "Kia", "sale_date": date(2024, 1, 10)}])
    client.post("/settings", data=settings_form(**European))

    periods = client.get(
        "/compare/?kind=periods&preset=custom&a_from=2024-02-01&a_to=2024-02-29"
        "&b_from=2024-01-01&b_to=2024-01-31"
    ).get_data(as_text=True)
    makes = client.get("/compare/?kind=makes&makes=Toyota&makes=Kia&from=2024-01-01&to=2024-12-31")
    makes = makes.get_data(as_text=True)

    assert "€ 24.500,00" in periods
    assert "€ 24.500,00" in makes


def test_the_settings_page_shows_the_saved_choices(client: FlaskClient, dealer: User) -> None:
    client.post("/settings", data=settings_form(**European))

    page = client.get("/settings").get_data(as_text=True)

    assert '<option selected value="Europe/Oslo">' in page
    assert 'value="€"' in page


def test_one_accounts_settings_do_not_change_another_accounts_pages(
    app: Flask,
    client: FlaskClient,
    dealer: User,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> None:
    client.post("/settings", data=settings_form(**European))
    neighbour = make_user(email="neighbour@example.com")
    add_sales(neighbour, [{"sale_date": date(2024, 2, 24)}])
    client.post("/auth/logout")
    login(neighbour)

    page = client.get("/sales/").get_data(as_text=True)

    assert "24,500.00" in page
    assert "€" not in page


def test_dashboard_panels_are_stored_in_the_chosen_order_without_the_hidden_ones(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    form = settings_form(position_forecast="1", position_kpis="2", show_stock=None)

    client.post("/settings", data=form)

    with app.app_context(), owner_scope(dealer.id):
        stored = db.session.execute(db.select(UserSettings)).scalar_one()
        panels = stored.to_preferences().dashboard_panels
    assert panels[:2] == ("forecast", "kpis")
    assert "stock" not in panels
    assert len(panels) == len(formatting.DASHBOARD_PANELS) - 1


def test_a_later_save_updates_the_one_settings_row(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    client.post("/settings", data=settings_form(**European))
    client.post("/settings", data=settings_form(currency="NOK"))

    with app.app_context(), owner_scope(dealer.id):
        rows = db.session.execute(db.select(UserSettings)).scalars().all()
    assert [row.currency for row in rows] == ["NOK"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "Choose a time zone from the list"),
        ("date_format", "yyyy", "Choose one of the date formats"),
        ("number_format", "1_234.56", "Choose one of the number formats"),
        ("currency", "<b>€</b>", "Type a currency symbol or code"),
        ("currency", "EUROS!", "Keep the currency to 5 characters"),
        ("default_period", "forever", "Choose one of the periods"),
        ("position_kpis", "99", "Give each panel a position from 1 to 9"),
        ("time_zone", None, "Choose a time zone from the list"),
    ],
)
def test_invalid_settings_are_refused_with_a_message_and_nothing_is_saved(
    client: FlaskClient, dealer: User, field: str, value: str | None, message: str
) -> None:
    response = client.post("/settings", data=settings_form(**{field: value}))

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "24,500.00" in client.get("/sales/").get_data(as_text=True)


def test_hiding_every_panel_is_refused(client: FlaskClient, dealer: User) -> None:
    hidden = {f"show_{name}": None for name in formatting.DASHBOARD_PANELS}

    response = client.post("/settings", data=settings_form(**hidden))

    assert response.status_code == 422
    assert "Tick at least one dashboard panel" in response.get_data(as_text=True)


def test_times_are_shown_in_the_chosen_time_zone(app: Flask, dealer: User) -> None:
    stored = UserSettings(owner_id=dealer.id, **European, dashboard_panels=["kpis"])
    moment = datetime(2024, 7, 1, 22, 30)  # stored in UTC: already 2 July in Oslo

    text = formatting.local_datetime(moment, stored.to_preferences())

    assert text == "02/07/2024 00:30 CEST"


def test_the_settings_page_needs_a_sign_in(client: FlaskClient) -> None:
    response = client.get("/settings")

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("all", (None, None)),
        ("12m", (date(2024, 3, 1), date(2025, 2, 28))),
        ("ytd", (date(2025, 1, 1), date(2025, 3, 14))),
        ("last-year", (date(2024, 1, 1), date(2024, 12, 31))),
        ("90d", (date(2024, 12, 15), date(2025, 3, 14))),
    ],
)
def test_default_periods_cover_the_dates_their_names_say(
    key: str, expected: tuple[date | None, date | None]
) -> None:
    assert period_range(key, date(2025, 3, 14)) == expected
