"""Auto-sales: sales analytics for car dealers and other small businesses."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from autosales import config, extensions
from autosales.memory import return_large_blocks_promptly

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, environment, test overrides, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("AUTOSALES_INSTANCE_PATH") or None,
    )
    instance_path = Path(app.instance_path)

    app.config.from_mapping(config.default_settings(instance_path))
    app.config.from_mapping(config.settings_from_environment())
    if test_config is not None:
        app.config.from_mapping(test_config)
    init_secret_key(app, instance_path)
    init_derived_settings(app)

    init_logging(app)
    return_large_blocks_promptly()
    init_extensions(app)
    init_blueprints(app)
    init_web(app)
    init_cli(app)
    return app


def init_secret_key(app: Flask, instance_path: Path) -> None:
    """Keep a generated secret in the instance folder locally; production must set its own."""
    if app.config.get("SECRET_KEY"):
        return
    if config.is_production():
        raise RuntimeError("SECRET_KEY must be set in production (AUTOSALES_ENV=production)")
    app.config["SECRET_KEY"] = config.load_or_create_secret(instance_path)


def init_derived_settings(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config["MAIL_SUPPRESS_SEND"] = not app.config.get("MAIL_SERVER")
    database_uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if database_uri.startswith("sqlite:///"):
        Path(database_uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def init_logging(app: Flask) -> None:
    level = getattr(logging, str(app.config["LOG_LEVEL"]).upper(), logging.INFO)
    logging.getLogger("autosales").setLevel(level)
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def init_extensions(app: Flask) -> None:
    from autosales import models  # noqa: F401 - registers the tables before migrations look

    # Reached through the module: `autosales.mail` names our mail module, not the extension.
    extensions.db.init_app(app)
    migrations = str(Path(__file__).parent.parent / "migrations")
    extensions.migrate.init_app(app, extensions.db, directory=migrations)
    extensions.csrf.init_app(app)
    extensions.mail.init_app(app)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.login_manager.login_view = "auth.login"
    extensions.login_manager.login_message_category = "info"

    from autosales.db_events import init_sqlite_pragmas

    init_sqlite_pragmas(app)


def init_blueprints(app: Flask) -> None:
    from autosales.assets import bp as assets_bp
    from autosales.auth import bp as auth_bp
    from autosales.compare import bp as compare_bp
    from autosales.dashboard import bp as dashboard_bp
    from autosales.feedback import bp as feedback_bp
    from autosales.guide import bp as guide_bp
    from autosales.jobs.routes import bp as jobs_bp
    from autosales.reports import bp as reports_bp
    from autosales.sales import bp as sales_bp
    from autosales.sales.import_routes import bp as imports_bp
    from autosales.settings import bp as settings_bp

    for blueprint in (
        assets_bp, auth_bp, dashboard_bp, jobs_bp, sales_bp, imports_bp, compare_bp, reports_bp,
        settings_bp, feedback_bp, guide_bp,
    ):  # fmt: skip
        app.register_blueprint(blueprint)


def init_web(app: Flask) -> None:
    from autosales import formatting, web

    web.init_app(app)
    formatting.init_app(app)


def init_cli(app: Flask) -> None:
    from autosales.cli import register_commands

    register_commands(app)
