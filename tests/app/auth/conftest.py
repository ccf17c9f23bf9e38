"""Fixtures for the account tests: a real SMTP server, a clock the tests move, form helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from autosales.auth import captcha
from tests.smtp import Mailbox, smtp_server  # noqa: F401 - the fixture, for these tests

START = datetime(2026, 3, 2, 9, 0, 0)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app_config(
    app_config: dict[str, Any], request: pytest.FixtureRequest, clock: FakeClock
) -> dict[str, Any]:
    """The account tests send mail through the real SMTP server and read the fake clock."""
    mailbox: Mailbox = request.getfixturevalue("smtp_server")
    return app_config | {
        "MAIL_SERVER": mailbox.host,
        "MAIL_PORT": mailbox.port,
        "AUTH_CLOCK": clock,
    }


@pytest.fixture
def solve_captcha(app: Flask, client: FlaskClient) -> Callable[[], str]:
    """Give a function that reads the answer to the client's current CAPTCHA (tests only)."""

    def solve() -> str:
        with client.session_transaction() as session:
            challenge = session[captcha.SESSION_KEY]
        with app.app_context():
            return captcha.answer_for(challenge)

    return solve


@pytest.fixture
def register(
    client: FlaskClient, clock: FakeClock, solve_captcha: Callable[[], str]
) -> Callable[..., TestResponse]:
    """Give a function that fills in the registration form as a person would, in 5 s."""

    def fill_in(
        email: str = "new@example.com",
        name: str = "Noor Newcomer",
        password: str = "umbrella quartz lantern fjord",  # noqa: S107 - a test password
        *,
        wait: float = 5,
        **overrides: str,
    ) -> TestResponse:
        page = client.get("/auth/register").get_data(as_text=True)
        clock.advance(seconds=wait)
        form = {
            "name": name,
            "email": email,
            "password": password,
            "website": "",
            "started": hidden_value(page, "started"),
            "captcha": solve_captcha(),
            "csrf_token": hidden_value(page, "csrf_token", required=False),
        }
        return client.post("/auth/register", data=form | overrides)

    return fill_in


def hidden_value(page: str, name: str, *, required: bool = True) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    if match is None:
        assert not required, f"no hidden field {name} in the page"
        return ""
    return match.group(1)


def without_tokens(page: bytes | str) -> str:
    """Give a page with its per-request CSRF token blanked, to compare two answers."""
    text = page.decode() if isinstance(page, bytes) else page
    text = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', text)
    text = re.sub(r"\?v=\d+", "", text)  # the CAPTCHA picture's cache-buster
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', text)
