"""Forgotten passwords: the same answer for every address, a link that works once for 30 minutes."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from autosales.models import User
from tests.app.auth.conftest import FakeClock
from tests.conftest import TEST_PASSWORD
from tests.smtp import Mailbox, body_of

NEW_PASSWORD = "velvet harbour compass meadow"


# The CSRF token embeds a timestamp in seconds, so two answers a second apart differ there.
CSRF_TOKEN = re.compile(r'"X-CSRFToken": "[^"]+"')


def ask_for_reset(client: FlaskClient, email: str) -> tuple[int, str, str]:
    response = client.post("/auth/forgot", data={"email": email})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    page = CSRF_TOKEN.sub('"X-CSRFToken": "-"', page)
    return response.status_code, response.headers["Location"], page


def test_known_and_unknown_addresses_get_the_same_answer(
    client: FlaskClient, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    user = make_user()

    known = ask_for_reset(client, user.email)
    unknown = ask_for_reset(client, "nobody@example.com")

    assert known == unknown
    assert len(smtp_server.to(user.email)) == 1
    assert smtp_server.to("nobody@example.com") == []


def test_known_and_unknown_addresses_take_at_least_the_same_answer_time(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    app.config["RESET_ANSWER_SECONDS"] = 0.3
    user = make_user()
    durations = []
    for email in (user.email, "nobody@example.com"):
        started = time.monotonic()
        client.post("/auth/forgot", data={"email": email})
        durations.append(time.monotonic() - started)

    assert min(durations) >= 0.3
    assert len(smtp_server.to(user.email)) == 1


def test_the_link_sets_a_new_password_once_and_tells_the_owner(
    client: FlaskClient, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    user = make_user()
    ask_for_reset(client, user.email)
    link = smtp_server.link_to(user.email)

    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": NEW_PASSWORD})
    again = client.post(link, data={"password": "another fine passphrase here"})

    assert done.status_code == 303
    assert again.status_code == 400
    assert "no longer valid" in again.get_data(as_text=True)
    notice = smtp_server.last_to(user.email)
    assert "password was changed" in notice["Subject"]
    assert "reset through a mailed link" in body_of(notice)
    assert (
        client.post("/auth/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code
        == 303
    )


def test_the_link_expires_after_30_minutes(
    client: FlaskClient, clock: FakeClock, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    user = make_user()
    ask_for_reset(client, user.email)
    link = smtp_server.link_to(user.email)
    clock.advance(minutes=30, seconds=1)

    response = client.post(link, data={"password": NEW_PASSWORD})

    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_the_link_dies_when_the_password_changes_another_way(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    user = make_user()
    ask_for_reset(client, user.email)
    first_link = smtp_server.link_to(user.email)
    ask_for_reset(client, user.email)
    client.post(smtp_server.link_to(user.email), data={"password": NEW_PASSWORD})

    response = client.post(first_link, data={"password": "another fine passphrase here"})

    assert response.status_code == 400


def test_a_reset_ends_every_other_session(
    app: Flask, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    laptop.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert laptop.get("/dashboard").status_code == 200

    ask_for_reset(phone, user.email)
    phone.post(smtp_server.link_to(user.email), data={"password": NEW_PASSWORD})

    assert laptop.get("/dashboard").status_code == 302


def test_a_weak_new_password_is_refused(
    client: FlaskClient, make_user: Callable[..., User], smtp_server: Mailbox
) -> None:
    user = make_user()
    ask_for_reset(client, user.email)

    response = client.post(smtp_server.link_to(user.email), data={"password": "password1234"})

    assert response.status_code == 200
    assert "common password" in response.get_data(as_text=True)
