"""The account page: name, address, password, settings, download, deletion, recent sign-in."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from autosales.auth.accounts import find_user_by_email
from autosales.extensions import db
from autosales.models import AuditEvent, ImportBatch, Sale, User, UserSession
from tests.app.auth.conftest import FakeClock
from tests.conftest import TEST_PASSWORD
from tests.smtp import Mailbox, body_of

NEW_PASSWORD = "velvet harbour compass meadow"


def test_the_account_page_needs_a_signed_in_user(client: FlaskClient) -> None:
    response = client.get("/account")

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_the_nav_links_to_the_account_page(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    assert 'href="/account"' in client.get("/dashboard").get_data(as_text=True)


def test_changing_the_name(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    user = make_user()
    login(user)

    response = client.post("/account/name", data={"name": "Robin Motors", "business_name": "RM"})

    assert response.status_code == 303
    assert "Robin Motors" in client.get("/account").get_data(as_text=True)


def test_a_new_address_takes_effect_once_it_confirms_and_the_old_one_is_told(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    login: Callable[[User], None],
    smtp_server: Mailbox,
) -> None:
    user = make_user(email="old@example.com")
    login(user)

    client.post("/account/email", data={"email": "new@example.com"})
    with app.app_context():
        assert find_user_by_email("old@example.com") is not None
    notice = smtp_server.last_to("old@example.com")
    assert "new@example.com" in body_of(notice)
    link = smtp_server.link_to("new@example.com")
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 303

    with app.app_context():
        assert find_user_by_email("new@example.com") is not None
        assert find_user_by_email("old@example.com") is None
    assert "was changed" in smtp_server.last_to("old@example.com")["Subject"]
    assert client.post(link).status_code == 400


def test_the_address_confirmation_expires_after_2_hours(
    app: Flask,
    client: FlaskClient,
    clock: FakeClock,
    make_user: Callable[..., User],
    login: Callable[[User], None],
    smtp_server: Mailbox,
) -> None:
    login(make_user(email="old@example.com"))
    client.post("/account/email", data={"email": "new@example.com"})
    clock.advance(hours=2, seconds=1)

    response = client.post(smtp_server.link_to("new@example.com"))

    assert response.status_code == 400
    with app.app_context():
        assert find_user_by_email("new@example.com") is None


def test_changes_after_15_minutes_need_the_password_again(
    client: FlaskClient,
    clock: FakeClock,
    make_user: Callable[..., User],
    login: Callable[[User], None],
    smtp_server: Mailbox,
) -> None:
    login(make_user())
    clock.advance(minutes=16)
    client.get("/dashboard")  # still signed in: the idle limit is 30 minutes

    refused = client.post("/account/email", data={"email": "new@example.com"})
    assert refused.headers["Location"].startswith("/auth/confirm-password")
    assert client.get("/account/delete").headers["Location"].startswith("/auth/confirm-password")
    confirmed = client.post(
        "/auth/confirm-password?next=/account", data={"password": TEST_PASSWORD}
    )
    accepted = client.post("/account/email", data={"email": "new@example.com"})

    assert confirmed.headers["Location"] == "/account"
    assert accepted.headers["Location"] == "/account"
    assert smtp_server.to("new@example.com")


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    login: Callable[[User], None],
    smtp_server: Mailbox,
) -> None:
    user = make_user()
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    login(user)

    wrong = client.post(
        "/account/password", data={"current_password": "not my password", "password": NEW_PASSWORD}
    )
    right = client.post(
        "/account/password", data={"current_password": TEST_PASSWORD, "password": NEW_PASSWORD}
    )

    assert "current password is not right" in wrong.get_data(as_text=True)
    assert right.status_code == 303
    assert client.get("/account").status_code == 200
    assert other.get("/dashboard").status_code == 302
    assert "password was changed" in smtp_server.last_to(user.email)["Subject"]


def test_settings_are_saved(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    user = make_user()
    login(user)

    client.post("/account/settings", data={"notify_new_sign_in": "y"})

    with app.app_context():
        saved = find_user_by_email(user.email)
        assert saved is not None
        assert (saved.notify_new_sign_in, saved.notify_weekly_digest) == (True, False)


def test_the_download_holds_the_account_and_only_its_own_sales(
    client: FlaskClient,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> None:
    user, other = make_user(), make_user()
    add_sales(user, [{"make": "Toyota"}, {"make": "Kia"}])
    add_sales(other, [{"make": "Volvo"}])
    login(user)

    response = client.get("/account/export")

    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.DictReader(io.StringIO(archive.read("sales.csv").decode())))
    account = json.loads(archive.read("account.json"))
    assert sorted(row["make"] for row in rows) == ["Kia", "Toyota"]
    assert {"sale_date", "unit_price", "vin", "customer"} <= set(rows[0])
    assert account["email"] == user.email
    assert "password_hash" not in account
    assert any(event["event"] == "login" for event in json.loads(archive.read("activity.json")))
    assert json.loads(archive.read("imports.json")) == []


def test_deleting_needs_the_password_and_takes_every_row_with_it(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
    smtp_server: Mailbox,
) -> None:
    user, other = make_user(), make_user()
    add_sales(user, [{"make": "Toyota"}])
    add_sales(other, [{"make": "Volvo"}])
    login(user)
    assert "cannot be undone" in client.get("/account/delete").get_data(as_text=True)

    wrong = client.post("/account/delete", data={"password": "not it at all", "confirm": "y"})
    unticked = client.post("/account/delete", data={"password": TEST_PASSWORD})
    deleted = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})

    assert "password is not right" in wrong.get_data(as_text=True)
    assert "Tick the box" in unticked.get_data(as_text=True)
    assert deleted.status_code == 303
    assert client.get("/dashboard").status_code == 302
    with app.app_context():
        every = {"all_owners": True}
        assert find_user_by_email(user.email) is None
        for model in (Sale, ImportBatch):
            query = select(func.count()).select_from(model).where(model.owner_id == user.id)
            assert db.session.execute(query.execution_options(**every)).scalar() == 0
        sales_left = select(func.count()).select_from(Sale).execution_options(**every)
        assert db.session.execute(sales_left).scalar() == 1
        assert (
            db.session.execute(select(UserSession).where(UserSession.user_id == user.id)).first()
            is None
        )
        kept = db.session.execute(
            select(AuditEvent).where(AuditEvent.kind == "account_deleted")
        ).scalar_one()
        assert (kept.user_id, kept.ip, kept.email) == (None, None, None)
        assert (
            db.session.execute(select(AuditEvent).where(AuditEvent.user_id == user.id)).first()
            is None
        )
    assert "deleted" in smtp_server.last_to(user.email)["Subject"]
