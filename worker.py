"""Run an RQ worker for Auto-sales: ``python worker.py`` with REDIS_URL set.

Start as many as wanted, on as many machines as share the database and Redis. One process in
all runs the clock-driven schedule: ``python worker.py --cron``.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask
from redis import Redis
from rq import Queue, Worker

from autosales import create_app
from autosales.extensions import db

log = logging.getLogger("autosales.worker")


def main() -> int:
    app = create_app()
    if "--cron" in sys.argv[1:]:
        return run_schedule(app)
    redis_url = app.config.get("REDIS_URL")
    if not redis_url:
        log.error("worker: REDIS_URL is not set; without Redis, jobs run inside the web process")
        return 2
    connection = Redis.from_url(redis_url)
    queue = Queue(app.config["RQ_QUEUE"], connection=connection)
    # Each job runs in a forked child that inherits this app context.
    with app.app_context():
        from autosales.jobs.queue import enqueue_pending

        # Jobs asked for while Redis was away are queued as soon as a worker sees it again.
        enqueue_pending()
        # Forked work horses must not share this process's database connections.
        db.session.remove()
        db.engine.dispose()
        worker = Worker([queue], connection=connection)
        log.info("worker %s listening on queue %s", worker.name, queue.name)
        worker.work(with_scheduler=True)
    return 0


def run_schedule(app: Flask) -> int:
    """Enqueue the nightly refresh and the weekly digest on time; run one of these in all."""
    from rq.cron import CronScheduler

    from autosales.jobs.schedule import register_schedule

    if not app.config.get("REDIS_URL"):
        log.error("scheduler: REDIS_URL is not set; the schedule needs the job queue")
        return 2
    scheduler = CronScheduler(connection=Redis.from_url(app.config["REDIS_URL"]))
    register_schedule(scheduler, app.config["RQ_QUEUE"])
    log.info("scheduler: nightly refresh and weekly digest registered")
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
