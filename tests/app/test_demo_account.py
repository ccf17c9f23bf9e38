"""The demo account a newcomer signs in to on first run."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from autosales.auth.accounts import find_user_by_email
from autosales.extensions import db
from autosales.models import Sale, owner_scope, settings_of
from autosales.sales.demo import DEMO_PASSWORD


def test_demo_data_fills_a_demo_account_once(app: Flask, runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo-data", "--years", "1"])
    second = runner.invoke(args=["demo-data", "--years", "1"])

    assert first.exit_code == 0, first.output
    assert DEMO_PASSWORD in first.output
    assert "exists already" in second.output
    with app.test_request_context():
        user = find_user_by_email(app.config["DEMO_EMAIL"])
        assert user is not None
        with owner_scope(user.id):
            rows = db.session.execute(select(func.count(Sale.id))).scalar()
            makes = db.session.execute(select(func.count(func.distinct(Sale.make)))).scalar()
        currency = settings_of(user.id).currency
    assert rows > 3000
    assert makes == 12
    assert currency == "€"
    assert user.data_version == 1
