"""Jobs on a real Redis and worker: joining, pending while Redis is away, a dead worker noticed,
and the operator's command."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from autosales.extensions import db
from autosales.jobs.queue import enqueue_pending, start_job
from autosales.jobs.runner import run_job
from autosales.jobs.status import RETRY_MESSAGE
from autosales.models import JobRecord, User, owner_scope
from autosales.sales.demo import store_demo_sales
from tests import services
from tests.integration.test_worker import worker  # noqa: F401 - the worker process fixture

pytestmark = pytest.mark.integration


@pytest.fixture
def app_config(app_config: dict[str, Any], redis_url: str) -> dict[str, Any]:
    return app_config | {"REDIS_URL": redis_url, "RQ_QUEUE": f"test-{uuid.uuid4().hex[:8]}"}


@pytest.fixture
def dealer(app: Flask, make_user: Callable[..., User], login: Callable[[User], None]) -> User:
    user = make_user()
    with app.app_context(), owner_scope(user.id):
        store_demo_sales(user.id, start=date(2024, 1, 1), end=date(2025, 5, 31), seed=5)
        db.session.commit()
    login(user)
    return user


def job_records(app: Flask, user: User) -> list[JobRecord]:
    with app.app_context(), owner_scope(user.id):
        records = list(db.session.query(JobRecord).order_by(JobRecord.created_at))
        db.session.expunge_all()
        return records


def test_asking_twice_while_a_job_is_queued_joins_it(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    first = client.get("/dashboard/analysis").get_data(as_text=True)
    second = client.get("/dashboard/analysis").get_data(as_text=True)

    assert 'data-job-status="queued"' in first
    assert 'data-job-status="queued"' in second
    assert len(job_records(app, dealer)) == 1


def test_a_job_asked_for_while_redis_is_away_is_kept_and_queued_when_it_is_back(
    app: Flask, dealer: User, redis_url: str
) -> None:
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{services.free_port()}/0"
    with app.test_request_context(), owner_scope(dealer.id):
        record = start_job("summary")
        kept = (record.status, record.message)
        app.config["REDIS_URL"] = redis_url
        queued = enqueue_pending()
        db.session.refresh(record)

    assert kept[0] == "pending"
    assert "starts as soon as" in kept[1]
    assert queued == 1
    assert record.status == "queued"


def test_a_worker_that_dies_mid_job_is_noticed_and_the_job_run_again(
    app: Flask,
    client: FlaskClient,
    dealer: User,
    worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    client.get("/dashboard/analysis")
    [record] = job_records(app, dealer)
    wait_for(lambda: job_records(app, dealer)[0].status == "running", "the job to start")

    horse = subprocess.run(
        ["pgrep", "-n", "-P", str(worker.pid)], capture_output=True, text=True, check=True
    ).stdout.strip()
    os.kill(int(horse), signal.SIGKILL)  # the newest child: the work horse running the job
    wait_for(
        lambda: (
            RETRY_MESSAGE in client.get(f"/jobs/{record.id}").get_data(as_text=True)
            or job_records(app, dealer)[0].status == "done"
        ),
        "the dead worker to be noticed",
    )
    wait_for(lambda: job_records(app, dealer)[0].status == "done", "the retried job", 120)

    page = client.get("/dashboard/analysis").get_data(as_text=True)
    assert "data-analysis-ready" in page


def test_the_operator_lists_failed_jobs_and_retries_one(
    app: Flask,
    runner: FlaskCliRunner,
    dealer: User,
    worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    with app.test_request_context(), owner_scope(dealer.id):
        job_id = start_job("fail", {"message": "boom"}).id
    wait_for(lambda: job_records(app, dealer)[0].status == "failed", "the job to fail")

    listing = runner.invoke(args=["jobs"])
    retried = runner.invoke(args=["jobs", "--retry", job_id])

    assert listing.exit_code == 0, listing.output
    assert "failed: 1" in listing.output
    assert f"{job_id}  fail" in listing.output
    assert "boom" in listing.output
    assert retried.exit_code == 0, retried.output
    assert runner.invoke(args=["jobs", "--retry", "no-such-job"]).exit_code != 0


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_after_new_sales_the_last_analysis_stays_visible_marked_as_updating(
    app: Flask,
    client: FlaskClient,
    dealer: User,
    redis_url: str,
) -> None:
    app.config["REDIS_URL"] = None  # the first analysis runs here and now
    client.get("/dashboard/analysis")
    app.config["REDIS_URL"] = redis_url  # the next one waits for a worker that is not there
    client.post(
        "/sales/",
        data={
            "sale_date": "2025-05-30",
            "make": "Kia",
            "model": "Niro",
            "region": "North",
            "quantity": "1",
            "unit_price": "30000",
        },
        headers={"HX-Request": "true"},
    )

    page = client.get("/dashboard/analysis").get_data(as_text=True)
    poll = client.get("/dashboard/analysis/ready").get_data(as_text=True)

    assert "data-analysis-ready" in page
    assert "Updating with your latest changes" in page
    assert "data-updating" in poll
    assert "data-analysis-ready" not in poll
    assert [record.status for record in job_records(app, dealer)] == ["done", "queued"]
    with app.app_context():
        run_job(job_records(app, dealer)[1].id)  # what a worker would do
    ready = client.get("/dashboard/analysis/ready")
    assert ready.headers["HX-Retarget"] == "#analysis"
    assert "data-analysis-ready" in ready.get_data(as_text=True)
    assert "Updating with your latest changes" not in ready.get_data(as_text=True)


def test_the_schedule_registers_the_nightly_refresh_and_the_weekly_digest(
    app: Flask, redis_url: str
) -> None:
    from redis import Redis
    from rq.cron import CronScheduler

    from autosales.jobs.schedule import NIGHTLY_REFRESH, WEEKLY_DIGEST, register_schedule

    scheduler = CronScheduler(connection=Redis.from_url(redis_url))
    register_schedule(scheduler, app.config["RQ_QUEUE"])

    registered = {job.to_dict()["func_name"]: job.to_dict()["cron"] for job in scheduler.get_jobs()}
    assert registered == {
        "autosales.jobs.schedule.refresh_all_accounts": NIGHTLY_REFRESH,
        "autosales.jobs.schedule.send_weekly_digests": WEEKLY_DIGEST,
    }
