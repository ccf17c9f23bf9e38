"""The weekly digest, run by a real worker as the schedule runs it, through a real SMTP server."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from autosales.extensions import db
from autosales.jobs.analysis import ANALYSIS
from autosales.jobs.queue import rq_queue
from autosales.jobs.runner import params_key
from autosales.jobs.schedule import send_weekly_digests
from autosales.models import AnalysisResult, User, owner_scope
from tests.integration.test_worker import worker  # noqa: F401 - the worker process fixture
from tests.smtp import Mailbox, body_of, smtp_server  # noqa: F401 - the SMTP fixture

pytestmark = pytest.mark.integration


@pytest.fixture
def app_config(
    app_config: dict[str, Any], redis_url: str, request: pytest.FixtureRequest
) -> dict[str, Any]:
    mailbox: Mailbox = request.getfixturevalue("smtp_server")
    return app_config | {
        "REDIS_URL": redis_url,
        "RQ_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "MAIL_SERVER": mailbox.host,
        "MAIL_PORT": mailbox.port,
    }


def stored_forecast(user: User, version: int, mean: float) -> AnalysisResult:
    forecast = {"dates": ["2030-01-01"], "mean": [mean], "lower_80": [mean * 0.9],
                "upper_80": [mean * 1.1], "method": "Theta"}  # fmt: skip
    return AnalysisResult(
        owner_id=user.id, kind=ANALYSIS, params={}, params_key=params_key({}),
        data_version=version, result={"forecast": forecast, "anomalies": {"anomalies": []}},
    )  # fmt: skip


def test_the_worker_mails_the_digest_with_the_week_and_the_forecast_change(
    app: Flask,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    smtp_server: Mailbox,  # noqa: F811
    worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    user = make_user(email="digest@example.com", name="Dora")
    yesterday = date.today() - timedelta(days=1)
    add_sales(user, [{"sale_date": yesterday, "quantity": 3, "unit_price": Decimal("5000")}])
    with app.app_context(), owner_scope(user.id):
        db.session.get(User, user.id).notify_weekly_digest = True
        db.session.add_all([stored_forecast(user, 0, 100_000), stored_forecast(user, 1, 110_000)])
        db.session.commit()
        rq_queue().enqueue(send_weekly_digests)  # as the cron scheduler does on Mondays

    deadline = time.monotonic() + 60
    while not smtp_server.to("digest@example.com") and time.monotonic() < deadline:
        time.sleep(0.2)

    body = body_of(smtp_server.last_to("digest@example.com"))
    assert "Hello Dora" in body
    assert "Revenue 15,000 (no sales the week before)" in body
    assert "Forecast for 2030-01-01: 110,000" in body
    assert "+10.0% on the previous forecast for that period" in body
