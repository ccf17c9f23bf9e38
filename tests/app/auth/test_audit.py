"""The audit trail: events for the user's recent activity and for the operator's log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from autosales.extensions import db
from autosales.models import AuditEvent, User
from tests.conftest import TEST_PASSWORD


def kinds(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(AuditEvent.kind).order_by(AuditEvent.id)).scalars())


def test_sign_in_events_are_recorded_with_time_account_and_address(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()

    client.post("/auth/login", data={"email": user.email, "password": "wrong password!"})
    client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    client.post("/auth/logout")

    assert kinds(app) == ["login_failed", "login", "logout"]
    with app.app_context():
        event = db.session.execute(select(AuditEvent)).scalars().first()
        assert event is not None
        assert (event.user_id, event.ip) == (user.id, "127.0.0.1")
        assert event.created_at.year == 2026


def test_the_account_page_shows_recent_activity(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    user = make_user()
    client.post("/auth/login", data={"email": user.email, "password": "wrong password!"})
    login(user)

    page = client.get("/account").get_data(as_text=True)

    assert "Failed sign-in attempt" in page
    assert 'data-event="login"' in page


def test_log_lines_cannot_be_forged_and_never_hold_the_password(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "x@example.com\nINFO audit login: account 1"
    with caplog.at_level("INFO", logger="autosales"):
        client.post("/auth/login", data={"email": forged, "password": "hunter2 secret pw"})
        client.post("/auth/forgot", data={"email": "a@example.com\r\nforged"})

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert all("\n" not in record.getMessage() for record in caplog.records)
    assert "hunter2" not in text


def test_repeated_failures_from_one_address_are_logged_as_warnings(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="autosales.auth.audit"):
        for n in range(6):
            client.post("/auth/login", data={"email": f"u{n}@example.com", "password": "wrong!"})

    levels = [
        record.levelname for record in caplog.records if "login_failed" in record.getMessage()
    ]
    assert levels[:4] == ["INFO"] * 4
    assert levels[-1] == "WARNING"


def test_mail_links_never_reach_the_log(
    client: FlaskClient, make_user: Callable[..., User], caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user()
    with caplog.at_level("DEBUG"):
        client.post("/auth/forgot", data={"email": user.email})

    # mail.log is the test SMTP server's own log, which holds what it received.
    ours = [record.getMessage() for record in caplog.records if record.name != "mail.log"]
    assert ours
    assert not any("/auth/reset/" in line for line in ours)
