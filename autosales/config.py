"""Every setting, its default and the environment variable that overrides it, in one place.

Unset means the local default: SQLite in the instance folder, jobs run in-process, mail written
to the log and to instance/outbox/. Production (``AUTOSALES_ENV=production``) refuses to start
without SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

# (setting, environment variable, default, converter). A default of None means "derived at start".
_SETTINGS: list[tuple[str, str, Any, type]] = [
    ("SECRET_KEY", "SECRET_KEY", None, str),
    ("SQLALCHEMY_DATABASE_URI", "DATABASE_URL", None, str),
    ("REDIS_URL", "REDIS_URL", None, str),
    ("MAIL_SERVER", "MAIL_SERVER", None, str),
    ("MAIL_PORT", "MAIL_PORT", 25, int),
    ("MAIL_USERNAME", "MAIL_USERNAME", None, str),
    ("MAIL_PASSWORD", "MAIL_PASSWORD", None, str),
    ("MAIL_USE_TLS", "MAIL_USE_TLS", False, bool),
    ("MAIL_DEFAULT_SENDER", "MAIL_DEFAULT_SENDER", "Auto-sales <no-reply@localhost>", str),
    ("OPERATOR_EMAIL", "OPERATOR_EMAIL", None, str),
    # Where mails sent outside a request (digests) point their links.
    ("PUBLIC_URL", "PUBLIC_URL", "http://127.0.0.1:5000", str),
    ("MAX_UPLOAD_MB", "MAX_UPLOAD_MB", 100, int),
    ("MAX_SALES_PER_ACCOUNT", "MAX_SALES_PER_ACCOUNT", 2_000_000, int),
    ("JOB_TIMEOUT_SECONDS", "JOB_TIMEOUT_SECONDS", 600, int),
    ("RQ_QUEUE", "RQ_QUEUE", "autosales", str),
    ("TRUSTED_PROXY_COUNT", "TRUSTED_PROXY_COUNT", 0, int),
    ("LOG_LEVEL", "LOG_LEVEL", "INFO", str),
    # Force the Secure flag on cookies even over plain HTTP (HTTPS requests always get it).
    ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_SECURE", False, bool),
    ("SESSION_IDLE_MINUTES", "SESSION_IDLE_MINUTES", 30, int),
    ("SESSION_ABSOLUTE_HOURS", "SESSION_ABSOLUTE_HOURS", 12, int),
    ("RATELIMIT_LOGIN_PER_ADDRESS", "RATELIMIT_LOGIN_PER_ADDRESS", "10 per minute", str),
    ("RATELIMIT_LOGIN_PER_ACCOUNT", "RATELIMIT_LOGIN_PER_ACCOUNT", "20 per hour", str),
    ("RATELIMIT_MAIL_PER_ADDRESS", "RATELIMIT_MAIL_PER_ADDRESS", "10 per hour", str),
]

PRODUCTION = "production"


def _convert(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)


def settings_from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Give the settings the environment sets, converted to their types; unset ones are left out."""
    environ = dict(os.environ) if environ is None else environ
    found: dict[str, Any] = {}
    for name, variable, _default, kind in _SETTINGS:
        raw = environ.get(variable)
        if raw not in (None, ""):
            found[name] = _convert(raw, kind)
    return found


def default_settings(instance_path: Path) -> dict[str, Any]:
    """Give the local defaults a newcomer runs with, rooted in the instance folder."""
    settings = {name: default for name, _variable, default, _kind in _SETTINGS}
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance_path / 'autosales.sqlite3'}",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        OUTBOX_DIR=str(instance_path / "outbox"),
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        ARGON2_PROFILE="rfc9106-low-memory",
        # Account security: how long links, challenges and fresh logins last.
        VERIFY_LINK_HOURS=48,
        RESET_LINK_MINUTES=30,
        # A reset request answers no sooner than this, so the time taken to send the mail
        # does not tell a stranger whether an address has an account.
        RESET_ANSWER_SECONDS=1.0,
        EMAIL_CHANGE_LINK_HOURS=2,
        RECENT_LOGIN_MINUTES=15,
        CAPTCHA_MINUTES=5,
        CAPTCHA_AFTER_FAILURES=5,
        FORM_MIN_SECONDS=3,
        PASSWORD_MIN_SCORE=3,
        HSTS_SECONDS=365 * 24 * 3600,
        DEMO_EMAIL="demo@example.com",
    )
    return settings


def load_or_create_secret(instance_path: Path) -> str:
    """Give the secret kept in the instance folder, creating it (mode 600) on first use."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
    return secret


def is_production(environ: dict[str, str] | None = None) -> bool:
    environ = dict(os.environ) if environ is None else environ
    return environ.get("AUTOSALES_ENV", "").lower() == PRODUCTION
