"""Run an RQ worker for Auto-sales: ``python worker.py`` with REDIS_URL set.

Start as many as wanted, on as many machines as share the database and Redis.
"""

from __future__ import annotations

import logging
import sys

from redis import Redis
from rq import Queue, Worker

from autosales import create_app

log = logging.getLogger("autosales.worker")


def main() -> int:
    app = create_app()
    redis_url = app.config.get("REDIS_URL")
    if not redis_url:
        log.error("worker: REDIS_URL is not set; without Redis, jobs run inside the web process")
        return 2
    connection = Redis.from_url(redis_url)
    queue = Queue(app.config["RQ_QUEUE"], connection=connection)
    # Each job runs in a forked child that inherits this app context.
    with app.app_context():
        worker = Worker([queue], connection=connection)
        log.info("worker %s listening on queue %s", worker.name, queue.name)
        worker.work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
