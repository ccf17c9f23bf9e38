"""Registration: the form, its password rules, its defences against bots, and its mails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from autosales.extensions import db
from autosales.models import User
from tests.app.auth.conftest import FakeClock, hidden_value, without_tokens
from tests.smtp import Mailbox, body_of

Register = Callable[..., TestResponse]


def accounts_named(app: Flask, email: str) -> list[User]:
    with app.app_context():
        return list(db.session.execute(select(User).where(User.email == email)).scalars())


def test_landing_and_sign_in_pages_link_to_registration(client: FlaskClient) -> None:
    assert 'href="/auth/register"' in client.get("/").get_data(as_text=True)
    sign_in = client.get("/auth/login").get_data(as_text=True)
    assert "Create an account" in sign_in
    assert "Forgot your password?" in sign_in


def test_registering_creates_an_unverified_account_and_mails_a_link(
    app: Flask, register: Register, smtp_server: Mailbox
) -> None:
    response = register(email="Noor@Example.com")

    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/registered"
    [user] = accounts_named(app, "noor@example.com")
    assert not user.is_verified
    mail = smtp_server.last_to("noor@example.com")
    assert "Confirm your email address" in mail["Subject"]
    assert "/auth/verify/" in body_of(mail)


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_a_mail(
    app: Flask,
    client: FlaskClient,
    register: Register,
    make_user: Callable[..., User],
    smtp_server: Mailbox,
) -> None:
    make_user(email="taken@example.com")
    new = register(email="fresh@example.com")

    taken = register(email="taken@example.com")

    assert (taken.status_code, taken.headers["Location"]) == (
        new.status_code,
        new.headers["Location"],
    )
    assert without_tokens(taken.get_data()) == without_tokens(new.get_data())
    assert len(accounts_named(app, "taken@example.com")) == 1
    assert "Nothing was changed" in body_of(smtp_server.last_to("taken@example.com"))


@pytest.mark.parametrize(
    ("password", "advice"),
    [
        ("password1234", "very common password"),
        ("Noor Newcomer1", "too easy to guess"),
        ("short words", "Use 12 to 128 characters (this has 11)"),
        ("x" * 129, "Use 12 to 128 characters (this has 129)"),
    ],
    ids=["common", "own-name", "too-short", "too-long"],
)
def test_weak_or_badly_sized_passwords_are_refused_with_advice(
    app: Flask, register: Register, password: str, advice: str
) -> None:
    response = register(password=password)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert advice in page.replace("&#34;", '"').replace("&#39;", "'")
    assert accounts_named(app, "new@example.com") == []


def test_long_unicode_passwords_are_kept_whole(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    password = "Ünïcødé pässwörds kéép évéry lèttér 🚗 " * 3  # 117 characters
    user = make_user(password=password)

    cut = client.post("/auth/login", data={"email": user.email, "password": password[:-1]})
    whole = client.post("/auth/login", data={"email": user.email, "password": password})

    assert cut.status_code == 200
    assert whole.status_code == 303


def test_a_filled_in_honeypot_creates_nothing(app: Flask, register: Register) -> None:
    response = register(website="http://spam.example")

    assert response.status_code == 303
    assert accounts_named(app, "new@example.com") == []


def test_a_form_sent_within_3_seconds_is_refused(app: Flask, register: Register) -> None:
    response = register(wait=2)

    assert response.status_code == 200
    assert "quicker than a person" in response.get_data(as_text=True)
    assert accounts_named(app, "new@example.com") == []


def test_a_forged_time_stamp_is_refused(app: Flask, register: Register) -> None:
    response = register(started="1")

    assert "quicker than a person" in response.get_data(as_text=True)
    assert accounts_named(app, "new@example.com") == []


def test_a_wrong_captcha_is_refused(app: Flask, register: Register) -> None:
    response = register(captcha="000000x")

    assert response.status_code == 200
    assert "do not match the picture" in response.get_data(as_text=True)
    assert accounts_named(app, "new@example.com") == []


def test_a_captcha_expires_after_5_minutes(app: Flask, register: Register) -> None:
    response = register(wait=301)

    assert "expired" in response.get_data(as_text=True)
    assert accounts_named(app, "new@example.com") == []


def test_a_solved_captcha_cannot_be_used_twice(
    app: Flask, client: FlaskClient, clock: FakeClock, solve_captcha: Callable[[], str]
) -> None:
    page = client.get("/auth/register").get_data(as_text=True)
    with client.session_transaction() as session:
        saved = dict(session)
    form = {
        "name": "Noor Newcomer",
        "password": "umbrella quartz lantern fjord",
        "started": hidden_value(page, "started"),
        "captcha": solve_captcha(),
    }
    clock.advance(seconds=5)
    first = client.post("/auth/register", data=form | {"email": "first@example.com"})
    with client.session_transaction() as session:  # a bot replays the old cookie and answer
        session.clear()
        session.update(saved)

    replay = client.post("/auth/register", data=form | {"email": "second@example.com"})

    assert first.status_code == 303
    assert "used already" in replay.get_data(as_text=True)
    assert accounts_named(app, "second@example.com") == []


def test_captcha_picture_and_sound_are_served_without_caching(client: FlaskClient) -> None:
    client.get("/auth/register")

    image = client.get("/auth/captcha.png")
    sound = client.get("/auth/captcha.wav")

    assert image.mimetype == "image/png"
    assert image.data.startswith(b"\x89PNG")
    assert sound.mimetype == "audio/wav"
    assert sound.data.startswith(b"RIFF")
    assert image.headers["Cache-Control"] == "no-store"
