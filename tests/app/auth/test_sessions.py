"""Signing in and out: argon2id, server-side sessions, timeouts, replayed cookies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from autosales import create_app
from autosales.auth import passwords
from autosales.auth.accounts import find_user_by_email
from autosales.models import User
from tests.app.auth.conftest import FakeClock
from tests.conftest import TEST_PASSWORD


def sign_in(client: FlaskClient, user: User, *, remember: bool = False) -> None:
    form = {"email": user.email, "password": TEST_PASSWORD}
    if remember:
        form["remember"] = "y"
    response = client.post("/auth/login", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)


def cookies_of(client: FlaskClient) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def restore(client: FlaskClient, cookies: dict[str, str]) -> None:
    for key, value in cookies.items():
        client.set_cookie(key, value)


def test_production_hashes_with_argon2id_rfc_9106_parameters(tmp_path: object) -> None:
    hasher = passwords._hasher("rfc9106-low-memory")
    encoded = hasher.hash("a password")

    assert create_app.__module__ == "autosales"
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert hasher.time_cost == 3 and hasher.memory_cost == 65536 and hasher.parallelism == 4


def test_the_default_profile_is_the_production_one(app: Flask) -> None:
    from autosales.config import default_settings

    settings = default_settings(Path(app.instance_path))
    assert settings["ARGON2_PROFILE"] == "rfc9106-low-memory"


def test_a_hash_with_old_parameters_is_renewed_at_sign_in(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    with app.app_context():
        stored = find_user_by_email(user.email)
        assert stored is not None
        stored.password_hash = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(
            TEST_PASSWORD
        )
        from autosales.extensions import db

        db.session.commit()

    sign_in(client, user)

    with app.app_context():
        renewed = find_user_by_email(user.email)
        assert renewed is not None
        assert not passwords.needs_rehash(renewed.password_hash)
        assert "m=16," not in renewed.password_hash


def test_unknown_addresses_cost_the_same_hashing_work(
    client: FlaskClient, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user()
    verified: list[str] = []
    original = passwords.verify_password
    monkeypatch.setattr(
        passwords, "verify_password", lambda h, p: verified.append(h) or original(h, p)
    )
    import autosales.auth.accounts as accounts

    monkeypatch.setattr(accounts, "verify_password", passwords.verify_password)

    client.post("/auth/login", data={"email": user.email, "password": "wrong password!"})
    client.post("/auth/login", data={"email": "nobody@example.com", "password": "wrong password!"})

    assert len(verified) == 2
    assert all(encoded.startswith("$argon2id$") for encoded in verified)


def test_sign_in_starts_a_new_session(client: FlaskClient, make_user: Callable[..., User]) -> None:
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"

    sign_in(client, make_user())

    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_cookie_replayed_after_sign_out_is_refused(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    sign_in(client, make_user(), remember=True)
    stolen = cookies_of(client)
    assert "remember_token" in stolen

    client.post("/auth/logout")
    restore(client, stolen)

    assert client.get("/dashboard").status_code == 302


def test_a_session_ends_after_30_idle_minutes(
    client: FlaskClient, clock: FakeClock, make_user: Callable[..., User]
) -> None:
    sign_in(client, make_user())
    clock.advance(minutes=29)
    assert client.get("/dashboard").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/dashboard").status_code == 200

    clock.advance(minutes=31)

    assert client.get("/dashboard").status_code == 302


def test_keep_me_signed_in_lasts_through_idle_time_but_not_past_12_hours(
    client: FlaskClient, clock: FakeClock, make_user: Callable[..., User]
) -> None:
    sign_in(client, make_user(), remember=True)
    clock.advance(hours=2)
    assert client.get("/dashboard").status_code == 200

    clock.advance(hours=10)

    assert client.get("/dashboard").status_code == 302


def test_the_remember_cookie_alone_restores_a_live_session(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    sign_in(client, make_user(), remember=True)
    remember = cookies_of(client)["remember_token"]
    client.delete_cookie("session")  # the browser was closed
    client.set_cookie("remember_token", remember)

    assert client.get("/dashboard").status_code == 200


def test_sign_out_is_a_post_with_a_csrf_token(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    sign_in(client, make_user())
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/dashboard").status_code == 200
