"""The operator's view of the queues: what is queued, running, scheduled and failed."""

from __future__ import annotations

from dataclasses import dataclass

from rq import Queue, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from sqlalchemy import select

from autosales.extensions import db
from autosales.jobs.queue import redis_connection, rq_queue
from autosales.models import JobRecord
from autosales.models.types import utc_now


@dataclass(frozen=True)
class QueueOverview:
    queue: str
    workers: list[str]
    queued: list[str]
    running: list[str]
    scheduled: list[str]
    failed: list[str]
    pending: list[str]


def overview() -> QueueOverview:
    """Give the job ids in each state, and the workers listening."""
    queue = rq_queue()
    return QueueOverview(
        queue=queue.name,
        workers=[worker.name for worker in Worker.all(queue=queue)],
        queued=queue.get_job_ids(),
        running=StartedJobRegistry(queue=queue).get_job_ids(),
        scheduled=ScheduledJobRegistry(queue=queue).get_job_ids(),
        failed=FailedJobRegistry(queue=queue).get_job_ids(),
        pending=[record.id for record in _records_with_status("pending")],
    )


def describe(job_id: str) -> str:
    """Give one line about a job: kind, account, status and the first line of any error."""
    record = _record(job_id)
    if record is None:
        return f"{job_id}  (no record)"
    error = (record.error or "").splitlines()[0] if record.error else ""
    return f"{job_id}  {record.kind:<8} account {record.owner_id:<6} {record.status:<8} {error}"


def retry(job_id: str) -> None:
    """Run a failed job again, as the same job."""
    record = _required(job_id)
    registry = FailedJobRegistry(queue=rq_queue())
    if job_id in registry.get_job_ids():
        registry.requeue(job_id)
    else:
        Queue(rq_queue().name, connection=redis_connection()).enqueue_job(
            Job.fetch(job_id, connection=redis_connection())
        )
    record.status, record.error, record.finished_at = "queued", None, None
    db.session.commit()


def cancel(job_id: str) -> None:
    """Stop a queued job from running and record why."""
    record = _required(job_id)
    Job.fetch(job_id, connection=redis_connection()).cancel()
    record.status = "failed"
    record.error = "Cancelled by the operator."
    record.finished_at = utc_now()
    db.session.commit()


def _records_with_status(status: str) -> list[JobRecord]:
    return list(
        db.session.execute(
            select(JobRecord).where(JobRecord.status == status).execution_options(all_owners=True)
        ).scalars()
    )


def _record(job_id: str) -> JobRecord | None:
    return db.session.execute(
        select(JobRecord).where(JobRecord.id == job_id).execution_options(all_owners=True)
    ).scalar_one_or_none()


def _required(job_id: str) -> JobRecord:
    record = _record(job_id)
    if record is None:
        raise LookupError(f"no job {job_id}")
    return record
