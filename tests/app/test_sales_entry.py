"""Typing sales in one by one: add, validate as you type, edit in place, delete with undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from autosales.extensions import db
from autosales.ingest.fingerprint import fingerprint_values
from autosales.models import Sale, User, owner_scope

HTMX = {"HX-Request": "true"}


def sale_form(**changes: Any) -> dict[str, Any]:
    return {
        "sale_date": "2025-04-02",
        "make": "Skoda",
        "model": "Octavia",
        "region": "East",
        "quantity": "1",
        "unit_price": "27,990.00",
    } | changes


def stored_sales(app: Flask, user: User) -> list[Sale]:
    with app.app_context(), owner_scope(user.id):
        sales = list(db.session.execute(select(Sale).order_by(Sale.id)).scalars())
        db.session.expunge_all()
        return sales


@pytest.fixture
def user(make_user: Callable[..., User], login: Callable[[User], None]) -> User:
    account = make_user()
    login(account)
    return account


def test_adding_a_sale_stores_it_and_shows_its_row(
    app: Flask, client: FlaskClient, user: User
) -> None:
    response = client.post("/sales/", data=sale_form(customer="  Jo   Bloggs "), headers=HTMX)

    page = response.get_data(as_text=True)
    [sale] = stored_sales(app, user)
    assert f'<tr id="sale-{sale.id}"' in page
    assert 'hx-swap-oob="true"' in page  # a fresh, empty form replaces the used one
    assert sale.unit_price == Decimal("27990.00")
    assert sale.customer == "Jo Bloggs"
    assert sale.fingerprint == fingerprint_values(
        sale_form(unit_price=Decimal("27990.00"), customer="Jo Bloggs", quantity=1)
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("24.500,00", "24500.00"), ("€ 24,500.5", "24500.50"), ("24 500", "24500.00")],
)
def test_prices_are_read_as_people_type_them(
    app: Flask, client: FlaskClient, user: User, typed: str, stored: str
) -> None:
    client.post("/sales/", data=sale_form(unit_price=typed), headers=HTMX)

    assert stored_sales(app, user)[0].unit_price == Decimal(stored)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity": "0"}, "Quantity is a whole number of 1 or more."),
        ({"quantity": "2.5"}, "Not a valid integer value."),
        ({"unit_price": "a lot"}, "is not an amount like 24500"),
        ({"unit_price": "-5"}, "Give an amount from 0 up to 999,999,999.99."),
        ({"make": ""}, "Give the make."),
        ({"sale_date": ""}, "Give the sale date"),
        ({"sale_date": (date.today() + timedelta(days=3)).isoformat()}, "in the future"),
        ({"stocked_on": "2025-05-01"}, "on or before the day it is sold"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(
    app: Flask, client: FlaskClient, user: User, changes: dict[str, str], message: str
) -> None:
    response = client.post("/sales/", data=sale_form(**changes), headers=HTMX)

    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#add-sale"
    assert message in response.get_data(as_text=True)
    assert stored_sales(app, user) == []


def test_a_future_sale_is_allowed_when_marked_as_booked(
    app: Flask, client: FlaskClient, user: User
) -> None:
    later = (date.today() + timedelta(days=10)).isoformat()

    client.post("/sales/", data=sale_form(sale_date=later, allow_future="y"), headers=HTMX)

    assert stored_sales(app, user)[0].sale_date.isoformat() == later


def test_without_htmx_adding_redirects_and_errors_come_back_with_422(
    app: Flask, client: FlaskClient, user: User
) -> None:
    assert client.post("/sales/", data=sale_form()).status_code == 303
    assert client.post("/sales/", data=sale_form(quantity="x")).status_code == 422
    assert len(stored_sales(app, user)) == 1


def test_fields_are_checked_as_the_user_types(client: FlaskClient, user: User) -> None:
    bad = client.post("/sales/validate/quantity", data=sale_form(quantity="0"))
    good = client.post("/sales/validate/quantity", data=sale_form(quantity="3"))

    assert "whole number of 1 or more" in bad.get_data(as_text=True)
    assert good.get_data(as_text=True).strip() == ""


def test_editing_in_place_saves_the_change(
    app: Flask, client: FlaskClient, user: User, add_sales: Callable[..., list[int]]
) -> None:
    [sale_id] = add_sales(user, [{"model": "Yaris"}])

    form = client.get(f"/sales/{sale_id}/edit", headers=HTMX).get_data(as_text=True)
    saved = client.post(f"/sales/{sale_id}", data=sale_form(model="Yaris Cross"), headers=HTMX)

    assert 'value="Yaris"' in form
    assert "<td>Yaris Cross</td>" in saved.get_data(as_text=True)
    assert stored_sales(app, user)[0].model == "Yaris Cross"


def test_deleting_offers_an_undo_that_brings_the_sale_back(
    app: Flask, client: FlaskClient, user: User, add_sales: Callable[..., list[int]]
) -> None:
    [sale_id] = add_sales(user, [{"model": "Supra", "unit_price": Decimal("61000.00")}])

    deleted = client.post(f"/sales/{sale_id}/delete", headers=HTMX).get_data(as_text=True)
    assert stored_sales(app, user) == []
    token = deleted.split('name="token" value="')[1].split('"')[0]
    restored = client.post("/sales/restore", data={"token": token}, headers=HTMX)

    [sale] = stored_sales(app, user)
    assert "Undo" in deleted
    assert "<td>Supra</td>" in restored.get_data(as_text=True)
    assert (sale.model, sale.unit_price) == ("Supra", Decimal("61000.00"))


def test_a_forged_undo_is_refused_with_a_message(client: FlaskClient, user: User) -> None:
    response = client.post("/sales/restore", data={"token": "forged"}, headers=HTMX)

    assert "This undo has expired" in response.get_data(as_text=True)


def test_each_change_bumps_the_data_version(app: Flask, client: FlaskClient, user: User) -> None:
    client.post("/sales/", data=sale_form(), headers=HTMX)
    [sale] = stored_sales(app, user)
    client.post(f"/sales/{sale.id}", data=sale_form(quantity="2"), headers=HTMX)
    client.post(f"/sales/{sale.id}/delete", headers=HTMX)

    with app.app_context():
        assert db.session.get(User, user.id).data_version == 3


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/sales/{id}"),
        ("get", "/sales/{id}/edit"),
        ("post", "/sales/{id}"),
        ("post", "/sales/{id}/delete"),
    ],
)
def test_another_accounts_sale_is_a_404(
    client: FlaskClient,
    user: User,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    method: str,
    path: str,
) -> None:
    [foreign_id] = add_sales(make_user(email="someone-else@example.com"), [{}])

    response = getattr(client, method)(path.format(id=foreign_id), data=sale_form())

    assert response.status_code == 404
