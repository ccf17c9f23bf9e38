"""The audit trail: security events in the database for the user, and in the log for the operator.

Each event has its UTC time, the account (when there is one), the address the request came
from and, for sign-in attempts, the address typed. Log lines escape user-supplied text so it
cannot forge a line, and never carry a password, token or cookie.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import func, select

from autosales.auth import clock
from autosales.extensions import db
from autosales.models import AuditEvent

log = logging.getLogger(__name__)

# What each event kind means to the user reading their recent activity.
DESCRIPTIONS = {
    "register": "Account created",
    "register_existing": "Someone tried to create an account with your address",
    "verify": "Email address confirmed",
    "login": "Signed in",
    "login_failed": "Failed sign-in attempt",
    "login_unverified": "Signed in to confirm the email address",
    "lockout": "Too many sign-in attempts: sign-in paused",
    "captcha_failed": "Wrong CAPTCHA answer",
    "csrf_failed": "A form was refused because its security token was missing or wrong",
    "logout": "Signed out",
    "reset_requested": "Password reset link requested",
    "reset": "Password reset through a mailed link",
    "email_change_requested": "Change of email address requested",
    "email_changed": "Email address changed",
    "password_changed": "Password changed",
    "name_changed": "Name changed",
    "settings_changed": "Privacy and notification settings changed",
    "data_exported": "All data downloaded",
    "sessions_ended": "Signed out everywhere else",
    "account_deleted": "Account deleted",
}

REPEATED_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


def escape(value: object) -> str:
    """Give text safe for one log line: control characters (CR, LF, ...) shown escaped."""
    text = str(value)
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def request_address() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(
    kind: str,
    *,
    user_id: int | None = None,
    email: str | None = None,
    detail: str | None = None,
    anonymous: bool = False,
) -> AuditEvent:
    """Store and log one security event; commits, so it survives whatever happens next.

    ``anonymous`` leaves out the request's address (for the line kept after a deletion).
    """
    if has_request_context():
        # Load the signed-in user now: the owner-scoping flush hook asks for it, and loading
        # it in the middle of a flush would nest a commit inside the flush.
        _ = current_user.is_authenticated
    event = AuditEvent(
        created_at=clock.now(),
        kind=kind,
        user_id=user_id,
        email=email[:254] if email else None,
        ip=None if anonymous else request_address(),
        detail=detail[:255] if detail else None,
    )
    db.session.add(event)
    db.session.commit()
    level = logging.WARNING if _is_suspicious(event) else logging.INFO
    log.log(
        level,
        "audit %s: account %s, address %s, typed %s%s",
        kind,
        user_id if user_id is not None else "-",
        escape(event.ip or "-"),
        repr(escape(email)) if email else "-",
        f", {escape(detail)}" if detail else "",
    )
    return event


def count_recent(
    kind: str, *, since: datetime, email: str | None = None, ip: str | None = None
) -> int:
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.kind == kind, AuditEvent.created_at >= since)
    )
    if email is not None:
        query = query.where(AuditEvent.email == email)
    if ip is not None:
        query = query.where(AuditEvent.ip == ip)
    return int(db.session.execute(query).scalar_one())


def _is_suspicious(event: AuditEvent) -> bool:
    if event.kind in {"lockout", "csrf_failed"}:
        return True
    if event.kind not in {"login_failed", "captcha_failed"} or event.ip is None:
        return False
    since = event.created_at - FAILURE_WINDOW
    return count_recent(event.kind, since=since, ip=event.ip) >= REPEATED_FAILURES


def failed_logins_for(email: str) -> int:
    """Count failed sign-ins for a typed address in the last 15 minutes, since its last success."""
    since = clock.now() - FAILURE_WINDOW
    last_success = db.session.execute(
        select(func.max(AuditEvent.created_at)).where(
            AuditEvent.kind == "login", AuditEvent.email == email
        )
    ).scalar_one()
    if last_success is not None and last_success > since:
        since = last_success
    return count_recent("login_failed", since=since, email=email)


def captcha_needed_for(email: str) -> bool:
    return failed_logins_for(email) >= current_app.config["CAPTCHA_AFTER_FAILURES"]


def recent_events(user_id: int, limit: int = 20) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.user_id == user_id)
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


def describe(kind: str) -> str:
    return DESCRIPTIONS.get(kind, kind.replace("_", " ").capitalize())
