"""Opt-in mail when a fresh analysis finds an anomaly the previous one had not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from autosales.extensions import db
from autosales.jobs.alerts import new_anomalies
from autosales.jobs.analysis import ANALYSIS
from autosales.jobs.queue import start_job
from autosales.models import User, owner_scope
from autosales.sales.store import bump_data_version
from tests.smtp import Mailbox, body_of, smtp_server  # noqa: F401 - the SMTP fixture

MARCH = {"period": "2025-03-01", "direction": "above", "actual": 90.0, "expected": 40.0}
JUNE = {"period": "2025-06-01", "direction": "below", "actual": 5.0, "expected": 50.0}


def analysis_with(*anomalies: dict[str, Any]) -> dict[str, Any]:
    insights = [
        {"kind": "anomaly", "text": f"Revenue in {item['period']} stood out.",
         "figures": {"period": item["period"]}}
        for item in anomalies
    ]  # fmt: skip
    return {"anomalies": {"anomalies": list(anomalies)}, "insights": insights}


def test_only_periods_not_flagged_before_are_new() -> None:
    assert new_anomalies(None, analysis_with(MARCH)) == []
    assert new_anomalies(analysis_with(MARCH), analysis_with(MARCH, JUNE)) == [JUNE]
    assert new_anomalies(analysis_with(MARCH, JUNE), analysis_with(MARCH)) == []


@pytest.fixture
def app_config(app_config: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    mailbox: Mailbox = request.getfixturevalue("smtp_server")
    return app_config | {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port}


@pytest.mark.parametrize("opted_in", [True, False])
def test_a_new_anomaly_is_mailed_to_those_who_asked(
    app: Flask,
    make_user: Callable[..., User],
    smtp_server: Mailbox,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    opted_in: bool,
) -> None:
    user = make_user(email="watcher@example.com")
    with app.app_context():
        db.session.get(User, user.id).notify_anomalies = opted_in
        db.session.commit()
    results = iter([analysis_with(MARCH), analysis_with(MARCH, JUNE)])
    monkeypatch.setattr("autosales.jobs.analysis.compute_analysis", lambda params: next(results))

    with app.test_request_context(), owner_scope(user.id):
        start_job(ANALYSIS, {})
        bump_data_version(user.id)  # new sales arrive
        db.session.commit()
        start_job(ANALYSIS, {})

    mails = smtp_server.to("watcher@example.com")
    if not opted_in:
        assert mails == []
        return
    [mail] = mails
    assert "Revenue in 2025-06-01 stood out." in body_of(mail)
    assert "2025-03-01" not in body_of(mail)
