"""Jobs enqueued by the web app run in a separate RQ worker process on a real Redis."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from rq.job import Job

from autosales.jobs.queue import FAILED_JOB_TTL, start_job
from autosales.models import User, owner_scope

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture
def app_config(app_config: dict[str, Any], redis_url: str) -> dict[str, Any]:
    return app_config | {"REDIS_URL": redis_url, "RQ_QUEUE": f"test-{uuid.uuid4().hex[:8]}"}


@pytest.fixture
def worker(app_config: dict[str, Any], tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``python worker.py`` as its own process on the test's database and queue."""
    environment = os.environ | {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app_config["REDIS_URL"],
        "RQ_QUEUE": app_config["RQ_QUEUE"],
        "SECRET_KEY": app_config["SECRET_KEY"],
        "AUTOSALES_INSTANCE_PATH": str(tmp_path / "worker-instance"),
    }
    if app_config.get("MAIL_SERVER"):
        environment |= {"MAIL_SERVER": app_config["MAIL_SERVER"],
                        "MAIL_PORT": str(app_config["MAIL_PORT"])}  # fmt: skip
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "worker.py")], env=environment, stdout=log, stderr=log
    )
    try:
        yield process
        process.terminate()
        stopped = _stopped_within(process, seconds=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    assert stopped, "the worker did not stop within 30 s of SIGTERM (see worker.log)"


def _stopped_within(process: subprocess.Popen[bytes], seconds: float) -> bool:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def poll_until_finished(client: FlaskClient, job_id: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
        if 'data-job-status="done"' in page or 'data-job-status="failed"' in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def job_id_in(page: str) -> str:
    return page.split('hx-get="/jobs/')[1].split('"')[0]


def test_a_job_started_from_the_page_runs_on_the_worker_and_its_result_reaches_the_page(
    app: Flask,
    client: FlaskClient,
    worker: subprocess.Popen[bytes],
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> None:
    user = make_user()
    add_sales(user, [{"quantity": 7, "unit_price": Decimal("1000.00"), "make": "Volvo"}])
    login(user)

    started = client.post("/jobs/summary").get_data(as_text=True)
    job_id = job_id_in(started)
    finished = poll_until_finished(client, job_id)

    assert 'data-job-status="queued"' in started
    assert 'data-summary="units">7<' in finished
    assert 'data-summary="top-make">Volvo<' in finished
    rq_job = Job.fetch(job_id, connection=Redis.from_url(app.config["REDIS_URL"]))
    assert rq_job.worker_name is not None
    assert worker.poll() is None


def test_a_failing_job_reports_its_message_and_is_kept_for_days_not_a_year(
    app: Flask,
    client: FlaskClient,
    worker: subprocess.Popen[bytes],
    make_user: Callable[..., User],
    login: Callable[[User], None],
) -> None:
    user = make_user()
    login(user)
    with app.test_request_context(), owner_scope(user.id):
        job_id = start_job("fail", {"message": "no sales in the chosen period"}).id

    page = poll_until_finished(client, job_id)

    assert 'data-job-status="failed"' in page
    assert "no sales in the chosen period" in page
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = Queue(app.config["RQ_QUEUE"], connection=connection)
    deadline = time.monotonic() + 30  # RQ files the job just after our record says failed
    while job_id not in queue.failed_job_registry.get_job_ids() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job_id in queue.failed_job_registry.get_job_ids()
    assert Job.fetch(job_id, connection=connection).failure_ttl == FAILED_JOB_TTL.total_seconds()


def test_an_import_runs_on_the_worker_and_the_page_follows_it_to_the_report(
    app: Flask,
    client: FlaskClient,
    worker: subprocess.Popen[bytes],
    make_user: Callable[..., User],
    login: Callable[[User], None],
) -> None:
    login(make_user())
    csv = (
        b"Date,Make,Model,Region,Price\n"
        b"2025-01-02,Kia,Ceed,East,19000\n"
        b"2025-01-03,Kia,Niro,East,x\n"
    )

    preview = client.post(
        "/imports/", data={"file": (io.BytesIO(csv), "kia.csv")}, content_type="multipart/form-data"
    ).headers["Location"]
    show_url = client.post(preview, data={}).headers["Location"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get(show_url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if 'data-import-status="done"' in page or 'data-import-status="failed"' in page:
            break
        time.sleep(0.2)

    assert 'data-import-status="done"' in page
    assert "<strong>2</strong> rows read" in page
    assert "<strong>1</strong> stored" in page
    assert "<strong>1</strong> rejected" in page
