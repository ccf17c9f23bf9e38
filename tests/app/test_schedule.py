"""Clock-driven work: the nightly refresh and the weekly digest mail (through a real SMTP
server)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from autosales.extensions import db
from autosales.jobs import analysis
from autosales.jobs.queue import start_job
from autosales.jobs.schedule import refresh_all_accounts, send_weekly_digests
from autosales.models import User, UserSettings, owner_scope
from tests.smtp import Mailbox, body_of, smtp_server  # noqa: F401 - the SMTP fixture

TODAY = date(2025, 6, 16)  # a Monday


@pytest.fixture
def app_config(app_config: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    mailbox: Mailbox = request.getfixturevalue("smtp_server")
    return app_config | {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port}


def week_of_sales(add_sales: Callable[..., list[int]], user: User) -> None:
    rows = [
        {"sale_date": TODAY - timedelta(days=day), "unit_price": Decimal("1000"), "quantity": 2}
        for day in range(1, 8)
    ] + [{"sale_date": TODAY - timedelta(days=10), "unit_price": Decimal("7000")}]
    add_sales(user, rows)


def test_the_weekly_digest_reaches_those_who_asked_with_their_week(
    app: Flask,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    smtp_server: Mailbox,  # noqa: F811
) -> None:
    reader = make_user(email="reader@example.com", name="Rita")
    quiet = make_user(email="quiet@example.com")
    with app.app_context():
        db.session.get(User, quiet.id).notify_weekly_digest = False
        db.session.get(User, reader.id).notify_weekly_digest = True
        db.session.commit()
    week_of_sales(add_sales, reader)

    with app.app_context():
        sent = send_weekly_digests(today=TODAY)

    body = body_of(smtp_server.last_to("reader@example.com"))
    assert sent == 1
    assert smtp_server.to("quiet@example.com") == []
    assert "Hello Rita" in body
    assert "from 2025-06-09 to 2025-06-15" in body
    assert "Revenue 14,000 (+100.0% on the week" in body
    assert "Units 14 (+1,300.0% on the week before)" in body
    assert "/dashboard" in body


def test_the_digest_is_written_in_the_readers_own_formats(
    app: Flask,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    smtp_server: Mailbox,  # noqa: F811
) -> None:
    reader = make_user(email="leser@example.com", name="Lena")
    with app.app_context():
        db.session.get(User, reader.id).notify_weekly_digest = True
        db.session.add(
            UserSettings(
                owner_id=reader.id, currency="EUR", number_format="1.234,56", date_format="dmy"
            )
        )
        db.session.commit()
    week_of_sales(add_sales, reader)

    with app.app_context():
        send_weekly_digests(today=TODAY)

    body = body_of(smtp_server.last_to("leser@example.com"))
    assert "from 09/06/2025 to 15/06/2025" in body
    assert "Revenue EUR 14.000 (+100,0% on the week" in body
    assert "Units 14 (+1.300,0% on the week before)" in body


def test_the_nightly_refresh_recomputes_only_stale_analyses(
    app: Flask, make_user: Callable[..., User], add_sales: Callable[..., list[int]]
) -> None:
    fresh, stale = make_user(email="fresh@example.com"), make_user(email="stale@example.com")
    for user in (fresh, stale):
        week_of_sales(add_sales, user)
    with app.test_request_context(), owner_scope(fresh.id):
        start_job(analysis.ANALYSIS, {})

    with app.test_request_context():
        started = refresh_all_accounts()
        with owner_scope(stale.id):
            stale_result = analysis.current_result({})

    assert started == 1
    assert stale_result is not None
