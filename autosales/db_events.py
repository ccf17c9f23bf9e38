"""Database connection settings that must hold on every connection."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from autosales.extensions import db


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # 16 KiB pages for a new database (an existing one keeps its size): sales rows are wide and
    # carry four indexes, and a million-row import writes a third fewer pages than with 4 KiB.
    # It must come before WAL, which fixes the page size.
    cursor.execute("PRAGMA page_size=16384")
    # Foreign keys make ON DELETE CASCADE work; WAL lets the web and a job read while one writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # 64 MiB of page cache keeps the sales indexes in memory while a large import lands.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_sqlite_pragmas(app: Flask) -> None:
    """Turn on foreign keys and WAL for SQLite; other engines need nothing here."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine
        if not event.contains(engine, "connect", _sqlite_on_connect):
            event.listen(engine, "connect", _sqlite_on_connect)
