"""Email verification: a link by mail that expires after 48 hours and works once."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from autosales.auth.accounts import find_user_by_email
from tests.app.auth.conftest import FakeClock
from tests.smtp import Mailbox

Register = Callable[..., TestResponse]
PASSWORD = "umbrella quartz lantern fjord"


def is_verified(app: Flask, email: str) -> bool:
    with app.app_context():
        user = find_user_by_email(email)
        assert user is not None
        return user.is_verified


def test_the_mailed_link_confirms_the_address_once(
    app: Flask, client: FlaskClient, register: Register, smtp_server: Mailbox
) -> None:
    register()
    link = smtp_server.link_to("new@example.com")

    page = client.get(link)
    assert not is_verified(app, "new@example.com")  # opening the link changes nothing
    confirmed = client.post(link)
    again = client.post(link)

    assert page.status_code == 200
    assert confirmed.status_code == 303
    assert is_verified(app, "new@example.com")
    assert again.status_code == 400
    assert "confirmed already" in again.get_data(as_text=True)


def test_the_link_expires_after_48_hours(
    app: Flask, client: FlaskClient, clock: FakeClock, register: Register, smtp_server: Mailbox
) -> None:
    register()
    link = smtp_server.link_to("new@example.com")
    clock.advance(hours=48, seconds=1)

    response = client.post(link)

    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert not is_verified(app, "new@example.com")


def test_a_tampered_link_is_refused(
    client: FlaskClient, register: Register, smtp_server: Mailbox
) -> None:
    register()
    link = smtp_server.link_to("new@example.com")

    response = client.post(link[:-3] + "abc")

    assert response.status_code == 400
    assert "broken" in response.get_data(as_text=True)


def test_an_unverified_account_can_sign_in_only_to_ask_for_a_new_link(
    client: FlaskClient, register: Register, smtp_server: Mailbox
) -> None:
    register()
    signed_in = client.post("/auth/login", data={"email": "new@example.com", "password": PASSWORD})

    assert signed_in.headers["Location"] == "/auth/verify"
    assert client.get("/dashboard").headers["Location"] == "/auth/verify"
    assert client.get("/account").headers["Location"] == "/auth/verify"
    assert client.post("/auth/verify/resend").status_code == 303
    assert len(smtp_server.to("new@example.com")) == 2
    client.post(smtp_server.link_to("new@example.com"))
    assert client.get("/dashboard").status_code == 200
