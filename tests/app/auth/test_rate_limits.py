"""Brute force: rate limits per network address and per account, a CAPTCHA after 5 failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from autosales.models import User
from tests.app.auth.conftest import without_tokens
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return app_config | {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def attempt(
    client: FlaskClient,
    email: str,
    address: str = "203.0.113.7",
    password: str = "wrong guess!",  # noqa: S107
) -> Any:
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_eleventh_attempt_in_a_minute_from_one_address_is_refused(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    statuses = [attempt(client, f"guess{n}@example.com").status_code for n in range(10)]

    refused = attempt(client, user.email, password=TEST_PASSWORD)

    assert set(statuses) == {200}
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert (
        attempt(client, user.email, address="198.51.100.2", password=TEST_PASSWORD).status_code
        == 303
    )


def test_an_account_gets_20_attempts_an_hour_whatever_the_address(
    client: FlaskClient,
    make_user: Callable[..., User],
    solve_captcha: Callable[[], str],
) -> None:
    user = make_user()
    for n in range(20):
        attempt(client, user.email, address=f"192.0.2.{n}")

    known = attempt(client, user.email, address="192.0.2.200", password=TEST_PASSWORD)
    for n in range(20):
        attempt(client, "nobody@example.com", address=f"192.0.2.{n}")
    unknown = attempt(client, "nobody@example.com", address="192.0.2.200", password=TEST_PASSWORD)

    assert known.status_code == unknown.status_code == 429
    assert without_tokens(known.get_data()) == without_tokens(unknown.get_data())


def test_a_captcha_is_asked_after_5_failures_for_known_and_unknown_accounts(
    client: FlaskClient, make_user: Callable[..., User], solve_captcha: Callable[[], str]
) -> None:
    user = make_user()
    pages = {}
    for email in (user.email, "nobody@example.com"):
        for n in range(5):
            page = attempt(client, email, address=f"198.51.100.{n}").get_data(as_text=True)
            assert ("captcha" in page) == (n == 4)
        pages[email] = without_tokens(page.replace(email, "EMAIL"))

    right_password_without_captcha = attempt(
        client, user.email, password=TEST_PASSWORD, address="198.51.100.9"
    )
    assert right_password_without_captcha.status_code == 200
    with_captcha = client.post(
        "/auth/login",
        data={"email": user.email, "password": TEST_PASSWORD, "captcha": solve_captcha()},
        environ_base={"REMOTE_ADDR": "198.51.100.10"},
    )

    assert pages[user.email] == pages["nobody@example.com"]
    assert with_captcha.status_code == 303


@pytest.mark.integration
def test_the_limits_are_counted_in_redis_when_it_is_configured(
    app_config: dict[str, Any], redis_url: str
) -> None:
    from redis import Redis

    from autosales import create_app

    with Redis.from_url(redis_url) as redis:
        redis.flushdb()
    redis_config = app_config | {"RATELIMIT_STORAGE_URI": redis_url}
    client = create_app(redis_config).test_client()
    for n in range(10):
        attempt(client, f"guess{n}@example.com")

    assert attempt(client, "guess@example.com").status_code == 429
    with Redis.from_url(redis_url) as redis:
        assert list(redis.scan_iter("*auth.login*"))
    # Another web worker on the same Redis sees the same count.
    other_worker = create_app(redis_config).test_client()
    assert attempt(other_worker, "x@example.com").status_code == 429
