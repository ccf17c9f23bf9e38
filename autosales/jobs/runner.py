"""Running one job: the function an RQ worker calls, and the in-process path calls too."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from flask import current_app, has_app_context
from redis.exceptions import RedisError
from rq import get_current_job
from sqlalchemy.exc import OperationalError

from autosales.extensions import db
from autosales.jobs.tasks import TASKS, Progress
from autosales.models import AnalysisResult, JobRecord, User, owner_scope
from autosales.models.types import utc_now

log = logging.getLogger(__name__)

# Errors worth another try: the database or Redis went away for a moment.
TRANSIENT_ERRORS = (OperationalError, RedisError, ConnectionError, TimeoutError)


def params_key(params: dict[str, Any]) -> str:
    """Give a stable key for a set of parameters, so equal requests find the same result."""
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_job(job_id: str) -> int:
    """Run the job with this id and store its result; give the stored result's id.

    A failure is recorded on the job with its message, then raised again so that RQ records
    the job as failed too.
    """
    if has_app_context():
        if get_current_job() is not None:
            # In an RQ work horse, forked from the worker: leave the parent's pooled connections
            # to the parent and open this process's own.
            db.engine.dispose(close=False)
        return _run_job(job_id)
    from autosales import create_app

    with create_app().app_context():
        return _run_job(job_id)


def _run_job(job_id: str) -> int:
    record = db.session.execute(
        db.select(JobRecord).where(JobRecord.id == job_id).execution_options(all_owners=True)
    ).scalar_one()
    with owner_scope(record.owner_id):
        _mark_started(record)
        try:
            result = TASKS[record.kind](record.params, _progress_reporter(record))
            stored = _store_result(record, result)
        except Exception as error:
            db.session.rollback()
            if _will_retry(error):
                _mark_retrying(record, error)
            else:
                _stop_retries()
                _mark_failed(record, error)
            raise
        _mark_done(record, stored)
        return stored.id


def _progress_reporter(record: JobRecord) -> Progress:
    """Give a callback that records how far the job is, for the page's progress bar."""

    def report(fraction: float, message: str) -> None:
        record.progress = max(0.0, min(1.0, fraction))
        record.message = message[:255]
        db.session.commit()

    return report


def _mark_started(record: JobRecord) -> None:
    record.status = "running"
    record.started_at = utc_now()
    db.session.commit()
    log.info("job %s (%s) started for account %s", record.id, record.kind, record.owner_id)


def _store_result(record: JobRecord, result: dict[str, Any]) -> AnalysisResult:
    owner = db.session.get(User, record.owner_id)
    stored = AnalysisResult(
        owner_id=record.owner_id,
        kind=record.kind,
        params=record.params,
        params_key=params_key(record.params),
        data_version=owner.data_version if owner else 0,
        result=result,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def _mark_done(record: JobRecord, stored: AnalysisResult) -> None:
    record.status = "done"
    record.progress = 1.0
    record.result_id = stored.id
    record.finished_at = utc_now()
    db.session.commit()
    log.info("job %s (%s) done", record.id, record.kind)


def _will_retry(error: Exception) -> bool:
    """Tell whether RQ will run the job again: a transient error with retries left."""
    job = get_current_job()
    return isinstance(error, TRANSIENT_ERRORS) and job is not None and bool(job.retries_left)


def _stop_retries() -> None:
    """A mistake in the data or the code will not mend by itself: RQ should not run it again."""
    job = get_current_job()
    if job is not None:
        job.retries_left = 0


def _mark_retrying(record: JobRecord, error: Exception) -> None:
    record.status = "queued"
    record.message = "A temporary problem interrupted the job; it will be tried again shortly."
    db.session.commit()
    log.warning("job %s (%s) will be retried after: %s", record.id, record.kind, error)


def _mark_failed(record: JobRecord, error: Exception) -> None:
    record.status = "failed"
    record.error = str(error) or type(error).__name__
    record.finished_at = utc_now()
    db.session.commit()
    log.error("job %s (%s) failed: %s", record.id, record.kind, record.error)
    if current_app.debug:
        log.exception("job %s traceback", record.id)
