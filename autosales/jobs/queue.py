"""Starting jobs: on RQ when REDIS_URL is set, otherwise at once in this process."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from sqlalchemy import select

from autosales.extensions import db
from autosales.jobs.runner import run_job
from autosales.jobs.tasks import TASKS
from autosales.models import JobRecord

log = logging.getLogger(__name__)

# Failed jobs may name private data: keep them long enough to act on, not RQ's default year.
FAILED_JOB_TTL = timedelta(days=7)
RESULT_TTL = timedelta(days=1)
# Transient failures (a database restart, a dropped connection) are tried again, twice.
RETRY = Retry(max=2, interval=[10, 60])
PENDING_MESSAGE = "Waiting for the job queue to come back; the job starts as soon as it does."


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
        enqueue_pending()
        _enqueue(record)
    else:
        _run_here(record)
    return record


def _enqueue(record: JobRecord) -> bool:
    """Hand the job to RQ; when Redis cannot be reached, keep it as pending instead."""
    try:
        rq_queue().enqueue(
            run_job,
            record.id,
            job_id=record.id,
            job_timeout=current_app.config["JOB_TIMEOUT_SECONDS"],
            result_ttl=int(RESULT_TTL.total_seconds()),
            failure_ttl=int(FAILED_JOB_TTL.total_seconds()),
            retry=RETRY,
        )
    except RedisError as error:
        record.status = "pending"
        record.message = PENDING_MESSAGE
        db.session.commit()
        log.warning(
            "job %s (%s) kept pending: Redis unreachable: %s", record.id, record.kind, error
        )
        return False
    if record.status == "pending":
        record.status, record.message = "queued", None
        db.session.commit()
    log.info("job %s (%s) queued", record.id, record.kind)
    return True


def enqueue_pending() -> int:
    """Queue every job kept pending while Redis was away (all accounts); give how many went."""
    pending = db.session.execute(
        select(JobRecord)
        .where(JobRecord.status == "pending")
        .order_by(JobRecord.created_at)
        .execution_options(all_owners=True)
    ).scalars()
    queued = 0
    for record in pending:
        if not _enqueue(record):
            break
        queued += 1
    return queued


def _run_here(record: JobRecord) -> None:
    try:
        run_job(record.id)
    except Exception:  # noqa: BLE001 - the failure is recorded on the job and shown to the user
        log.debug("job %s failed in-process; its record holds the message", record.id)
    db.session.refresh(record)
