"""The shared page frame: home, sign in and out, error pages, headers, static assets."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from autosales.models import User


def test_visitor_sees_the_landing_page_with_a_sign_in_link(client: FlaskClient) -> None:
    response = client.get("/")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Know what sells" in page
    assert 'href="/auth/login"' in page


def test_signed_in_user_is_taken_from_home_to_the_dashboard(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")


def test_wrong_password_is_refused_with_a_message(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()

    response = client.post("/auth/login", data={"email": user.email, "password": "not it at all"})

    assert response.status_code == 200
    assert "do not match an account" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    wrong = client.post("/auth/login", data={"email": user.email, "password": "not it at all"})
    unknown = client.post(
        "/auth/login", data={"email": "nobody@example.com", "password": "not it at all"}
    )

    assert unknown.status_code == wrong.status_code
    # The pages differ only in the address typed, which the form shows again, and in the
    # CSRF tokens, which carry the second they were made.
    assert without_tokens(unknown.get_data(as_text=True)).replace(
        "nobody@example.com", user.email
    ) == without_tokens(wrong.get_data(as_text=True))


def without_tokens(page: str) -> str:
    return re.sub(r"Im[\w.-]{20,}", "TOKEN", page)


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    form = {"email": user.email, "password": "correct horse battery staple"}

    response = client.post("/auth/login?next=https://evil.example/", data=form)

    assert response.headers["Location"] == "/dashboard"


def test_sign_out_is_a_post_and_ends_the_session(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    assert client.get("/auth/logout").status_code == 405
    response = client.post("/auth/logout")

    assert response.status_code == 303
    assert client.get("/dashboard").status_code == 302


def test_dashboard_needs_a_signed_in_user(client: FlaskClient) -> None:
    response = client.get("/dashboard")

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_unknown_page_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert "There is nothing here" in response.get_data(as_text=True)


def test_server_error_shows_a_reference_and_no_traceback(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/explode")
    def explode() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/explode")

    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "reference" in page
    assert "secret internals" not in page
    assert "Traceback" not in page


def test_upload_over_the_limit_gets_a_friendly_413(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024

    response = app.test_client().post("/auth/login", data={"email": "x" * 4096, "password": "y"})

    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    response = client.get("/")

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_are_not_cached(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_bokehjs_is_served_from_the_installed_package(client: FlaskClient) -> None:
    with client.get("/bokeh/bokeh.min.js") as response:
        assert response.status_code == 200
        assert response.mimetype in {"text/javascript", "application/javascript"}
        assert b"Bokeh" in response.data[:5000]


def test_bokeh_route_does_not_leave_its_folder(client: FlaskClient) -> None:
    assert client.get("/bokeh/../../../../etc/passwd").status_code == 404
    assert client.get("/bokeh/%2e%2e/__init__.py").status_code == 404


def test_pages_load_htmx_from_this_site_only(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)

    assert "/static/vendor/htmx-2.0.11.min.js" in page
    assert 'src="http' not in page
    assert 'href="http' not in page
    with client.get("/static/vendor/htmx-2.0.11.min.js") as script:
        assert script.status_code == 200
