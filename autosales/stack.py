"""``make stack``: the production-like stack on loopback, for trying changes as they will run.

MariaDB and Redis (private servers; the database keeps its data in ``instance/stack/``),
``autosales db upgrade`` and the demo account, two RQ workers, the schedule
(``worker.py --cron``) and gunicorn on wsgi.py at http://127.0.0.1:5000 with
``AUTOSALES_ENV=production``. Mail still goes to the outbox unless MAIL_SERVER is set.
Ctrl-C stops everything.

    .venv/bin/python -m autosales.stack [--port 5000] [--workers 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from autosales.local_services import create_mariadb_database, mariadb_server, redis_server

log = logging.getLogger("autosales.stack")
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-5s [stack] %(message)s")
    folder = ROOT / "instance" / "stack"
    with (
        mariadb_server(folder / "mariadb") as settings,
        redis_server(folder / "redis") as redis_url,
    ):
        environment = os.environ | {
            "AUTOSALES_ENV": "production",
            "SECRET_KEY": _secret(folder),
            "DATABASE_URL": create_mariadb_database(settings, "autosales", empty=False),
            "REDIS_URL": redis_url,
            "PUBLIC_URL": f"http://127.0.0.1:{options.port}",
        }
        log.info("MariaDB on port %s, Redis at %s", settings["port"], redis_url)
        autosales = str(Path(sys.executable).with_name("autosales"))
        for command in ([autosales, "db", "upgrade"], [autosales, "demo-data"]):
            subprocess.run(command, env=environment, check=True, cwd=ROOT)
        return _serve(environment, options.port, options.workers)


def _secret(folder: Path) -> str:
    """The stack's own SECRET_KEY, kept between runs so sessions survive a restart."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _serve(environment: dict[str, str], port: int, workers: int) -> int:
    python = sys.executable
    commands = [[python, "worker.py"] for _ in range(workers)]
    commands.append([python, "worker.py", "--cron"])
    commands.append(
        [str(Path(python).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-", "wsgi:app"]
    )  # fmt: skip
    processes = [subprocess.Popen(command, env=environment, cwd=ROOT) for command in commands]
    log.info("Auto-sales (production-like) on http://127.0.0.1:%s/ - Ctrl-C stops it", port)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(1)
        log.error("a process of the stack stopped; stopping the rest")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
