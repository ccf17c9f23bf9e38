"""Signed, expiring, single-use tokens for the links the account system mails.

A token names its purpose, the account, the time it was issued and a fingerprint of the
account state it is valid for (the password hash and address), so a reset link dies when the
password or address changes. Expiry is checked against the app's clock, and a token that
has been used is remembered (as a hash) in ``spent_tokens`` until it would have expired.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from autosales.auth import clock
from autosales.extensions import db
from autosales.models import SpentToken, User


class TokenError(ValueError):
    """A link is broken, expired, already used, or no longer matches the account."""


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"autosales-{purpose}")


def account_fingerprint(user: User) -> str:
    """Give a short keyed digest of the state a link depends on: the password hash and address."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{user.password_hash}\n{user.email}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(purpose: str, user: User, **extra: Any) -> str:
    """Give a signed token for ``purpose`` that is bound to the user's current state."""
    payload = {
        "user": user.id,
        "state": account_fingerprint(user),
        "issued": int(clock.epoch_seconds()),
        "nonce": secrets.token_urlsafe(8),
        **extra,
    }
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: timedelta) -> dict[str, Any]:
    """Give the payload of a valid token; raise TokenError when it is broken or expired."""
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature as error:
        raise TokenError("This link is broken. Copy the whole link from the mail.") from error
    if not isinstance(payload, dict) or "issued" not in payload:
        raise TokenError("This link is broken. Copy the whole link from the mail.")
    age = clock.epoch_seconds() - float(payload["issued"])
    if age > max_age.total_seconds() or age < -60:
        raise TokenError("This link has expired. Ask for a new one below.")
    return payload


def check_state(payload: dict[str, Any], user: User | None) -> User:
    """Give the account a token names if its password and address are as when it was made."""
    if user is None or not hmac.compare_digest(payload["state"], account_fingerprint(user)):
        raise TokenError("This link is no longer valid: it was used, or the account changed since.")
    return user


def spend(token: str, lifetime: timedelta) -> None:
    """Mark a token as used; a second use raises TokenError. Forgets tokens past their lifetime."""
    now = clock.now()
    db.session.execute(delete(SpentToken).where(SpentToken.expires_at < now))
    db.session.add(SpentToken(id=token_digest(token), expires_at=now + lifetime))
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise TokenError("This link or challenge has been used already.") from error
