"""Fixtures for every test layer: the app on SQLite or MariaDB, real services, factories.

``--backends sqlite,mariadb`` runs each database test once per backend (``make test`` does).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from autosales import create_app
from autosales.extensions import db
from autosales.models import Sale, User, owner_scope
from tests import services

TEST_PASSWORD = "correct horse battery staple"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends",
        default="sqlite",
        help="comma-separated databases to run the app tests on: sqlite, mariadb",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        backends = [name.strip() for name in metafunc.config.getoption("backends").split(",")]
        if metafunc.definition.get_closest_marker("browser"):
            # The browser drives the pages; the database layer is covered by the app tests.
            backends = ["sqlite"]
        metafunc.parametrize("backend", backends, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def services_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("services")


@pytest.fixture(scope="session")
def mariadb(services_dir: Path) -> Iterator[dict[str, object]]:
    with services.mariadb_server(services_dir / "mariadb") as settings:
        yield settings


@pytest.fixture(scope="session")
def redis_url(services_dir: Path) -> Iterator[str]:
    with services.redis_server(services_dir / "redis") as url:
        yield url


def base_test_config(database_url: str, folder: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "ARGON2_PROFILE": "test-cheapest",
        "WTF_CSRF_ENABLED": False,
        "REDIS_URL": None,
        "MAIL_SERVER": None,
        "OUTBOX_DIR": str(folder / "outbox"),
        "RATELIMIT_ENABLED": False,
        "RESET_ANSWER_SECONDS": 0,
    }


def migrate_database(database_url: str, folder: Path) -> None:
    app = create_app(base_test_config(database_url, folder))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Give a database migrated to head: a template file for SQLite, a database on MariaDB."""
    folder = tmp_path_factory.mktemp(f"db-{backend}")
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'template.sqlite3'}"
    elif backend == "mariadb":
        url = services.create_mariadb_database(request.getfixturevalue("mariadb"), "autosales_test")
    else:
        raise pytest.UsageError(f"unknown backend {backend!r}")
    migrate_database(url, folder)
    return url


@pytest.fixture
def database_url(backend: str, migrated_database: str, tmp_path: Path) -> Iterator[str]:
    """Give an empty migrated database for one test, cleared again after it."""
    if backend == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    yield migrated_database
    app = create_app(base_test_config(migrated_database, tmp_path))
    with app.app_context():
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """The settings the ``app`` fixture is made with; a test may override entries first."""
    return base_test_config(database_url, tmp_path)


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(app_config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Give a factory of verified accounts: ``make_user(email=..., name=..., password=...)``."""
    from autosales.auth.accounts import create_user

    counter = iter(range(1, 10_000))

    def make(
        email: str | None = None, name: str = "Dana Dealer", password: str = TEST_PASSWORD
    ) -> User:
        with app.app_context():
            user = create_user(
                email or f"user{next(counter)}@example.com", name, password, verified=True
            )
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def add_sales(app: Flask) -> Callable[..., list[int]]:
    """Give a factory that stores sale rows for an account: ``add_sales(user, [{...}, ...])``."""

    def add(user: User, rows: list[dict[str, Any]]) -> list[int]:
        with app.app_context(), owner_scope(user.id):
            records = [Sale(**(sale_defaults() | row)) for row in rows]
            db.session.add_all(records)
            db.session.commit()
            return [record.id for record in records]

    return add


def sale_defaults() -> dict[str, Any]:
    return {
        "sale_date": date(2025, 3, 14),
        "make": "Toyota",
        "model": "Corolla",
        "region": "North",
        "quantity": 1,
        "unit_price": Decimal("24500.00"),
        "fingerprint": "0" * 32,
    }


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], None]:
    """Give a function that signs an account in through the real login form."""

    def sign_in(user: User, password: str = TEST_PASSWORD) -> None:
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)

    return sign_in
