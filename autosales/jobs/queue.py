"""Starting jobs: on RQ when REDIS_URL is set, otherwise at once in this process."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from flask import current_app
from redis import Redis
from rq import Queue

from autosales.extensions import db
from autosales.jobs.runner import run_job
from autosales.jobs.tasks import TASKS
from autosales.models import JobRecord

log = logging.getLogger(__name__)

# Failed jobs may name private data: keep them long enough to act on, not RQ's default year.
FAILED_JOB_TTL = timedelta(days=7)
RESULT_TTL = timedelta(days=1)


def redis_connection() -> Redis:
    return Redis.from_url(current_app.config["REDIS_URL"])


def rq_queue() -> Queue:
    return Queue(current_app.config["RQ_QUEUE"], connection=redis_connection())


def start_job(kind: str, params: dict[str, Any] | None = None) -> JobRecord:
    """Record a job for the owner in scope and hand it to a worker, or run it here."""
    if kind not in TASKS:
        raise ValueError(f"no job called {kind!r}")
    record = JobRecord(id=str(uuid.uuid4()), kind=kind, params=params or {})
    db.session.add(record)
    db.session.commit()
    if current_app.config.get("REDIS_URL"):
        _enqueue(record)
    else:
        _run_here(record)
    return record


def _enqueue(record: JobRecord) -> None:
    rq_queue().enqueue(
        run_job,
        record.id,
        job_id=record.id,
        job_timeout=current_app.config["JOB_TIMEOUT_SECONDS"],
        result_ttl=int(RESULT_TTL.total_seconds()),
        failure_ttl=int(FAILED_JOB_TTL.total_seconds()),
    )
    log.info("job %s (%s) queued", record.id, record.kind)


def _run_here(record: JobRecord) -> None:
    try:
        run_job(record.id)
    except Exception:  # noqa: BLE001 - the failure is recorded on the job and shown to the user
        log.debug("job %s failed in-process; its record holds the message", record.id)
    db.session.refresh(record)
