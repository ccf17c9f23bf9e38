"""The same migrations build, tear down and rebuild the schema on SQLite and on MariaDB."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

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
    "monthly_summaries",
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


def test_upgrading_sums_the_sales_already_stored_into_monthly_summaries(
    empty_database_url: str, tmp_path: Path
) -> None:
    app = create_app(base_test_config(empty_database_url, tmp_path))
    sales = [
        ("2025-01-31", "Kia", 2, "100.50", "80.00", "2024-12-01"),
        ("2025-01-02", "Kia", 1, "200.00", None, None),
        ("2025-02-01", "Ford", 1, "300.00", "250.00", "2024-08-01"),
    ]

    with app.app_context():
        flask_migrate.upgrade(revision="0005_anomaly_alerts")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, business_name, password_hash, "
                    "created_at, data_version, notify_weekly_digest, notify_new_sign_in, "
                    "notify_anomalies, show_activity_addresses) VALUES (7, 'old@example.com', "
                    "'Old', 'Old Motors', 'x', '2025-01-01 00:00:00', 1, 0, 0, 0, 0)"
                )
            )
            for day, make, quantity, price, cost, stocked in sales:
                connection.execute(
                    text(
                        "INSERT INTO sales (owner_id, sale_date, make, model, region, quantity, "
                        "unit_price, unit_cost, stocked_on, fingerprint, created_at) VALUES "
                        "(7, :day, :make, 'M', 'North', :quantity, :price, :cost, :stocked, "
                        "'f', '2025-03-01 00:00:00')"
                    ),
                    {
                        "day": day,
                        "make": make,
                        "quantity": quantity,
                        "price": price,
                        "cost": cost,
                        "stocked": stocked,
                    },
                )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT month, make, revenue, units, sales, cost, stocked_sales, stock_days, "
                    "aged_0_60, aged_120_plus, first_day, last_day FROM monthly_summaries "
                    "WHERE owner_id = 7 ORDER BY month"
                )
            ).all()
        db.engine.dispose()

    as_text = [tuple(str(value) for value in row) for row in rows]
    assert [row[:2] for row in as_text] == [("2025-01-01", "Kia"), ("2025-02-01", "Ford")]
    january, february = rows
    assert (float(january.revenue), january.units, january.sales) == (401.0, 3, 2)
    assert (float(january.cost), january.stocked_sales, january.stock_days) == (160.0, 1, 61)
    assert (january.aged_0_60, january.aged_120_plus) == (0, 0)
    assert (february.aged_120_plus, str(february.first_day)) == (1, "2025-02-01")
    assert (str(january.first_day), str(january.last_day)) == ("2025-01-02", "2025-01-31")
