"""The test suite's real services: private MariaDB and Redis servers (see
:mod:`autosales.local_services`, which ``make stack`` uses too)."""

from autosales.local_services import (
    create_mariadb_database,
    free_port,
    mariadb_server,
    redis_server,
    wait_until,
)

__all__ = ["create_mariadb_database", "free_port", "mariadb_server", "redis_server", "wait_until"]
