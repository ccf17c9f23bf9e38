"""Private MariaDB and Redis servers, each on a free loopback port in a folder it owns.

They come from Debian's packages (``make test`` and ``make stack`` install them). The test
suite and the benchmarks start throwaway ones; ``make stack`` keeps its MariaDB data between
runs. Each server lives as long as its ``with`` block.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pymysql
from redis import Redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as error:  # noqa: BLE001 - keep polling until the deadline
            last_error = error
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s: {last_error}")


def _require(program: str) -> str:
    path = shutil.which(program) or (
        f"/usr/sbin/{program}" if Path(f"/usr/sbin/{program}").exists() else None
    )
    if path is None:
        raise RuntimeError(f"{program} is not installed; `make test` and `make stack` install it")
    return path


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Run a throwaway Redis on a free loopback port; give its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    with (folder / "redis.log").open("wb") as log:
        process = subprocess.Popen(
            [
                _require("redis-server"),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: _redis_answers(url), timeout=20, what="redis-server")
            yield url
        finally:
            _stop(process)


def _redis_answers(url: str) -> bool:
    with Redis.from_url(url) as connection:
        return bool(connection.ping())


@contextmanager
def mariadb_server(folder: Path) -> Iterator[dict[str, object]]:
    """Run a MariaDB on a free loopback port with its data in ``folder`` (made on first use);
    give its connection settings."""
    datadir, socket_path, port = folder / "data", folder / "mariadb.sock", free_port()
    folder.mkdir(parents=True, exist_ok=True)
    run_as = ["--user=root"] if os.geteuid() == 0 else []
    if not (datadir / "mysql").exists():
        subprocess.run(
            [
                _require("mariadb-install-db"),
                "--no-defaults",
                f"--datadir={datadir}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *run_as,
            ],
            check=True,
            capture_output=True,
        )
    process = subprocess.Popen(
        [
            _require("mariadbd"),
            "--no-defaults",
            f"--datadir={datadir}",
            f"--socket={socket_path}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            "--innodb-buffer-pool-size=256M",
            "--innodb-flush-log-at-trx-commit=2",
            f"--log-error={folder / 'error.log'}",
            f"--pid-file={folder / 'mariadb.pid'}",
            *run_as,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    settings = {"host": "127.0.0.1", "port": port, "user": "root", "password": ""}
    try:
        wait_until(lambda: pymysql.connect(**settings).close() is None, timeout=60, what="mariadbd")
        yield settings
    finally:
        _stop(process)


def create_mariadb_database(settings: dict[str, object], name: str, *, empty: bool = True) -> str:
    """Create a utf8mb4 database (emptied first unless ``empty`` is False); give its URL."""
    connection = pymysql.connect(**settings)
    try:
        with connection.cursor() as cursor:
            if empty:
                cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cursor.execute(
                f"CREATE DATABASE IF NOT EXISTS `{name}` "
                "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
    finally:
        connection.close()
    return f"mysql+pymysql://root@{settings['host']}:{settings['port']}/{name}?charset=utf8mb4"
