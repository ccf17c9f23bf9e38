"""Where a job really stands: a record still "running" whose worker died is noticed here."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import update

from autosales.extensions import db
from autosales.jobs.queue import redis_connection
from autosales.models import JobRecord
from autosales.models.types import utc_now

log = logging.getLogger(__name__)

# A queued job RQ has never heard of after this long was lost (Redis flushed or restarted).
LOST_AFTER = timedelta(minutes=2)
DIED_MESSAGE = (
    "The worker stopped while working on this (it may have been restarted or run out of "
    "memory). Nothing was half-saved; try again."
)
LOST_MESSAGE = "The job queue lost this job (it may have been restarted). Try again."
RETRY_MESSAGE = "The worker stopped while working on this; it will be tried again shortly."
ENDED = {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}
WAITING = {JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.DEFERRED}


def refresh_from_queue(record: JobRecord) -> JobRecord:
    """Check an unfinished job against RQ and record a failure the runner could not record."""
    if record.status not in ("queued", "running") or not current_app.config.get("REDIS_URL"):
        return record
    try:
        job = Job.fetch(record.id, connection=redis_connection())
        status = job.get_status(refresh=True)
    except NoSuchJobError:
        if utc_now() - record.created_at > LOST_AFTER:
            _fail(record, LOST_MESSAGE)
        return record
    except RedisError:
        return record  # the queue is away: the record keeps its last known state
    if status in ENDED:
        _set_if(
            record,
            ("queued", "running"),
            status="failed",
            error=DIED_MESSAGE,
            finished_at=utc_now(),
        )
    elif status in WAITING:
        # RQ took the job back from a worker that died and will run it again.
        _set_if(record, ("running",), status="queued", message=RETRY_MESSAGE)
    return record


def _set_if(record: JobRecord, expected: tuple[str, ...], **values: object) -> None:
    """Change the record only if its committed status is still one of ``expected``.

    The check and the change are one UPDATE, so a worker that finished the job meanwhile is
    never overwritten, whatever snapshot this request's transaction reads.
    """
    changed = db.session.execute(
        update(JobRecord)
        .where(JobRecord.id == record.id, JobRecord.status.in_(expected))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(record)
    if changed:
        log.warning("job %s (%s) noticed: %s", record.id, record.kind, values.get("status"))


def _fail(record: JobRecord, message: str) -> None:
    _set_if(record, ("queued", "running"), status="failed", error=message, finished_at=utc_now())
