"""Every account sees its own data only, through the one owner-scoping mechanism."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select, update

from autosales.extensions import db
from autosales.jobs.queue import start_job
from autosales.models import JobRecord, OwnerScopeError, Sale, User, owner_scope
from autosales.sales.filters import SalesFilter
from autosales.sales.queries import analysis_frame


@pytest.fixture
def two_accounts(
    make_user: Callable[..., User], add_sales: Callable[..., list[int]]
) -> tuple[User, User]:
    alice, bob = make_user(email="alice@example.com"), make_user(email="bob@example.com")
    add_sales(alice, [{"quantity": 2, "unit_price": Decimal("100.00")}])
    add_sales(bob, [{"quantity": 5, "unit_price": Decimal("999.00"), "make": "Volvo"}])
    return alice, bob


def test_queries_see_only_the_owner_in_scope(app: Flask, two_accounts: tuple[User, User]) -> None:
    alice, _bob = two_accounts

    with app.app_context(), owner_scope(alice.id):
        makes = db.session.execute(select(Sale.make)).scalars().all()
        units = db.session.execute(select(func.sum(Sale.quantity))).scalar()

    assert makes == ["Toyota"]
    assert units == 2


def test_bulk_update_and_delete_touch_only_the_owner_in_scope(
    app: Flask, two_accounts: tuple[User, User]
) -> None:
    alice, bob = two_accounts

    with app.app_context(), owner_scope(alice.id):
        db.session.execute(update(Sale).values(region="Renamed"))
        db.session.execute(delete(Sale).where(Sale.quantity > 0))
        db.session.commit()
    with app.app_context(), owner_scope(bob.id):
        bob_rows = db.session.execute(select(Sale.region)).scalars().all()

    assert bob_rows == ["North"]


def test_owned_data_cannot_be_queried_with_no_owner_in_scope(
    app: Flask, two_accounts: tuple[User, User]
) -> None:
    with app.app_context(), pytest.raises(OwnerScopeError, match="no owner in scope"):
        db.session.execute(select(Sale)).all()


def test_the_fast_analysis_read_sees_only_the_owner_and_refuses_without_one(
    app: Flask, two_accounts: tuple[User, User]
) -> None:
    alice, _ = two_accounts

    with app.app_context(), owner_scope(alice.id):
        frame = analysis_frame(SalesFilter())
    with app.app_context(), pytest.raises(OwnerScopeError, match="no owner in scope"):
        analysis_frame(SalesFilter())

    assert frame["make"].tolist() == ["Toyota"]
    assert frame["revenue"].tolist() == [200.0]


def test_rows_for_another_owner_cannot_be_created_in_scope(
    app: Flask, two_accounts: tuple[User, User]
) -> None:
    alice, bob = two_accounts
    row: dict[str, Any] = {
        "sale_date": "2025-01-01",
        "make": "Kia",
        "model": "Ceed",
        "region": "West",
        "quantity": 1,
        "unit_price": Decimal("1"),
        "fingerprint": "f" * 32,
    }

    with app.app_context(), owner_scope(alice.id):
        db.session.add(Sale(owner_id=bob.id, **row))
        with pytest.raises(OwnerScopeError, match="another owner"):
            db.session.flush()
        db.session.rollback()


def test_dashboard_totals_count_only_the_signed_in_account(
    client: FlaskClient, two_accounts: tuple[User, User], login: Callable[[User], None]
) -> None:
    alice, _bob = two_accounts
    login(alice)

    page = client.get("/dashboard").get_data(as_text=True)

    assert 'data-kpi="revenue">200.00<' in page
    assert "Volvo" not in page


def test_another_accounts_job_is_a_404(
    app: Flask, client: FlaskClient, two_accounts: tuple[User, User], login: Callable[[User], None]
) -> None:
    alice, bob = two_accounts
    with app.test_request_context(), owner_scope(bob.id):
        bobs_job = start_job("summary").id
    login(alice)

    assert client.get(f"/jobs/{bobs_job}").status_code == 404
    with app.app_context(), owner_scope(bob.id):
        assert db.session.get(JobRecord, bobs_job) is not None
