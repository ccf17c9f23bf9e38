"""Server-side sessions: each signed-in browser has a row, so the server can end it.

Flask's signed cookie alone cannot be revoked, so the cookie (and the remember-me cookie) carry
``"<user id>:<session secret>"`` and the user loader accepts it only while a ``user_sessions``
row with the secret's hash exists and is inside its idle (30 min) and absolute (12 h) limits.
"Keep me signed in" lifts the idle limit and keeps the cookie across browser restarts, still
within the absolute limit.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import ParamSpec, TypeVar

from flask import Flask, current_app, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select, update

from autosales.auth import clock
from autosales.extensions import db, login_manager
from autosales.models import User, UserSession

log = logging.getLogger(__name__)

AUTH_TIME_KEY = "auth_at"
# Writing last_seen_at on every request would cost a write per page; a minute is precise enough.
TOUCH_EVERY = timedelta(minutes=1)

P = ParamSpec("P")
R = TypeVar("R")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def absolute_limit() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign the user in on a fresh session: the old cookie's contents are dropped first."""
    session.clear()
    now = clock.now()
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            id=_digest(secret),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + absolute_limit(),
            remember=remember,
            ip=request.remote_addr,
            user_agent=(request.user_agent.string or "")[:200],
        )
    )
    db.session.commit()
    user.session_secret = secret
    login_user(user, remember=remember, duration=absolute_limit())
    session[AUTH_TIME_KEY] = clock.epoch_seconds()


def end_session() -> None:
    """End this browser's session on the server and in the cookie."""
    if current_user.is_authenticated and current_user.session_secret:
        db.session.execute(
            delete(UserSession).where(UserSession.id == _digest(current_user.session_secret))
        )
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(user_id: int) -> None:
    """End every session of an account (after a password reset or change)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    db.session.commit()


def load_user(user_id: str) -> User | None:
    """Give the account a session names if that session is still alive on the server.

    Writes here are bulk statements, not changes to loaded objects: the owner-scoping flush
    hook asks for the current user, which is what is being loaded.
    """
    account_id, _, secret = user_id.partition(":")
    if not account_id.isdigit() or not secret:
        return None
    row = db.session.get(UserSession, _digest(secret))
    if row is None or row.user_id != int(account_id):
        return None
    now = clock.now()
    this_session = UserSession.id == row.id
    if now >= row.expires_at or (not row.remember and now - row.last_seen_at > idle_limit()):
        db.session.execute(delete(UserSession).where(this_session))
        db.session.commit()
        log.info("session: account %s timed out", row.user_id)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        db.session.execute(update(UserSession).where(this_session).values(last_seen_at=now))
        db.session.commit()
    user = db.session.get(User, row.user_id)
    if user is not None:
        user.session_secret = secret
    return user


def active_sessions(user_id: int) -> list[UserSession]:
    query = select(UserSession).where(UserSession.user_id == user_id)
    return list(db.session.execute(query.order_by(UserSession.last_seen_at.desc())).scalars())


def is_current(row: UserSession) -> bool:
    secret = getattr(current_user, "session_secret", None) or ""
    return hmac.compare_digest(row.id, _digest(secret))


def login_is_recent() -> bool:
    signed_in_at = session.get(AUTH_TIME_KEY)
    if not isinstance(signed_in_at, int | float):
        return False
    limit = current_app.config["RECENT_LOGIN_MINUTES"] * 60
    return clock.epoch_seconds() - signed_in_at <= limit


def confirm_password_again() -> None:
    """Count a correct password typed now as a fresh sign-in for sensitive changes."""
    session[AUTH_TIME_KEY] = clock.epoch_seconds()


def recent_login_required(view: Callable[P, R]) -> Callable[P, R]:
    """Send users whose sign-in is older than 15 minutes to type their password again."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if not login_is_recent():
            return redirect(url_for("auth.reauthenticate", next=request.path))  # type: ignore[return-value]
        return view(*args, **kwargs)

    return wrapped


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.session_protection = None  # the server-side session replaces it
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(hours=12))
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=12))
