"""The same migrations build, tear down and rebuild the schema on SQLite and on MariaDB."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from autosales import create_app
from autosales.extensions import db
from tests import services
from tests.conftest import base_test_config

TABLES = {
    "users",
    "sales",
    "import_batches",
    "analysis_results",
    "job_records",
    "user_sessions",
    "audit_events",
    "spent_tokens",
    "stored_files",
    "file_chunks",
    "spelling_mappings",
    "user_settings",
    "feedback",
}


@pytest.fixture
def empty_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'round-trip.sqlite3'}"
    return services.create_mariadb_database(request.getfixturevalue("mariadb"), "round_trip")


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_round_trip(empty_database_url: str, tmp_path: Path) -> None:
    app = create_app(base_test_config(empty_database_url, tmp_path))

    with app.app_context():
        flask_migrate.upgrade()
        after_upgrade = table_names()
        flask_migrate.downgrade(revision="base")
        after_downgrade = table_names()
        flask_migrate.upgrade()
        after_second_upgrade = table_names()
        db.engine.dispose()

    assert after_upgrade == TABLES
    assert after_downgrade == set()
    assert after_second_upgrade == TABLES


def test_migrations_match_the_models(database_url: str, tmp_path: Path) -> None:
    app = create_app(base_test_config(database_url, tmp_path))

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    with app.app_context():
        db.engine.dispose()

    assert differences == []
