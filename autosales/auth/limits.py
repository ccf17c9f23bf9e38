"""Rate limits for the account forms, through Flask-Limiter (Redis when configured).

Sign-in: about 10 attempts a minute per network address and 20 an hour per account typed
(counted for addresses with and without an account alike). Forms that send mail: 10 an hour
per network address. A breach answers 429 the same way whoever the account is.
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address

from autosales.auth import audit
from autosales.extensions import limiter


def typed_account() -> str:
    """Key sign-in limits on the address typed, so unknown addresses are limited the same."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def record_lockout(breach: RequestLimit) -> None:
    email = (request.form.get("email") or "").strip().lower()[:254] or None
    audit.record("lockout", email=email, detail=f"{request.endpoint} limit {breach.limit}")


login_per_address = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_ADDRESS"],
    key_func=get_remote_address,
    methods=["POST"],
    on_breach=record_lockout,
)
login_per_account = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"],
    key_func=typed_account,
    methods=["POST"],
    on_breach=record_lockout,
)
mail_per_address = limiter.limit(
    lambda: current_app.config["RATELIMIT_MAIL_PER_ADDRESS"],
    key_func=get_remote_address,
    methods=["POST"],
    on_breach=record_lockout,
)
