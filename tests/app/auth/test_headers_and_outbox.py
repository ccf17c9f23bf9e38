"""HTTPS behind a trusted proxy, security headers, error pages, and the local mail outbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from autosales import create_app
from autosales.models import User
from tests.conftest import TEST_PASSWORD

HTTPS_FROM_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.5"}


def signed_in_cookies(client: FlaskClient, user: User, **kwargs: Any) -> list[str]:
    form = {"email": user.email, "password": TEST_PASSWORD, "remember": "y"}
    response = client.post("/auth/login", data=form, **kwargs)
    assert response.status_code == 303
    return response.headers.getlist("Set-Cookie")


def test_https_through_a_trusted_proxy_gets_hsts_and_secure_cookies(
    app_config: dict[str, Any], make_user: Callable[..., User]
) -> None:
    app = create_app(app_config | {"TRUSTED_PROXY_COUNT": 1})
    user = make_user()
    client = app.test_client()

    cookies = signed_in_cookies(client, user, headers=HTTPS_FROM_PROXY)
    page = client.get("/", headers=HTTPS_FROM_PROXY)

    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert {cookie.split("=")[0] for cookie in cookies} >= {"session", "remember_token"}
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    cookies = signed_in_cookies(client, make_user(), headers=HTTPS_FROM_PROXY)
    page = client.get("/", headers=HTTPS_FROM_PROXY)

    assert "Strict-Transport-Security" not in page.headers
    assert not any("Secure" in cookie for cookie in cookies)
    assert all("HttpOnly" in cookie for cookie in cookies)


def test_pages_deny_framing_sniffing_and_inline_scripts(client: FlaskClient) -> None:
    headers = client.get("/auth/login").headers

    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_stored(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_a_server_error_shows_a_reference_and_no_traceback(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/explode")
    def explode() -> str:
        raise RuntimeError("secret internals")

    page = app.test_client().get("/explode").get_data(as_text=True)

    assert "this reference" in page
    assert "secret internals" not in page and "Traceback" not in page


@pytest.fixture
def outbox_app(app_config: dict[str, Any]) -> Flask:
    return create_app(app_config | {"MAIL_SERVER": None})


def test_without_a_mail_server_mails_go_to_the_outbox_and_links_stay_out_of_the_log(
    outbox_app: Flask, make_user: Callable[..., User], caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user()
    with caplog.at_level("INFO", logger="autosales"):
        outbox_app.test_client().post("/auth/forgot", data={"email": user.email})

    [mail] = Path(outbox_app.config["OUTBOX_DIR"]).glob("*.eml")
    assert "/auth/reset/" in mail.read_text()
    assert mail.stat().st_mode & 0o077 == 0
    assert "written to" in caplog.text
    assert "/auth/reset/" not in caplog.text
