"""Without Redis, jobs run at once in the web process through the same job functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient

from autosales.extensions import db
from autosales.jobs.queue import start_job
from autosales.models import AnalysisResult, User, owner_scope


def test_running_the_analysis_shows_its_result_in_the_page(
    client: FlaskClient,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> None:
    user = make_user()
    add_sales(
        user,
        [
            {"make": "Skoda", "quantity": 3, "unit_price": Decimal("20000.00")},
            {"make": "Kia", "quantity": 1, "unit_price": Decimal("15000.50")},
        ],
    )
    login(user)

    response = client.post("/jobs/summary")

    page = response.get_data(as_text=True)
    assert response.status_code == 202
    assert 'data-job-status="done"' in page
    assert 'data-summary="units">4<' in page
    assert 'data-summary="revenue">75,000.50<' in page
    assert 'data-summary="top-make">Skoda<' in page


def test_the_result_is_stored_with_the_data_version_and_parameters(
    app: Flask, make_user: Callable[..., User], add_sales: Callable[..., list[int]]
) -> None:
    user = make_user()
    add_sales(user, [{"sale_date": date(2024, 5, 1)}])

    with app.test_request_context(), owner_scope(user.id):
        record = start_job("summary", {"scope": "all"})
        stored = db.session.get(AnalysisResult, record.result_id)

    assert record.status == "done"
    assert stored.owner_id == user.id
    assert stored.params == {"scope": "all"}
    assert stored.data_version == 0
    assert stored.result["first_date"] == "2024-05-01"


def test_a_failing_job_is_recorded_as_failed_with_its_message(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user()

    with app.test_request_context(), owner_scope(user.id):
        record = start_job("fail", {"message": "the sales table is empty"})

    assert record.status == "failed"
    assert record.error == "the sales table is empty"
    assert record.result_id is None


def test_jobs_that_do_not_exist_cannot_be_started(
    client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    login(make_user())

    assert client.post("/jobs/fail").status_code == 404
    assert client.post("/jobs/nonsense").status_code == 404
