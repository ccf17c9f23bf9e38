"""Account services: creating accounts and checking credentials."""

from __future__ import annotations

import logging

from sqlalchemy import select

from autosales.auth.passwords import (
    hash_password,
    needs_rehash,
    spend_hashing_time,
    verify_password,
)
from autosales.extensions import db
from autosales.models import User
from autosales.models.types import utc_now

log = logging.getLogger(__name__)


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def create_user(email: str, name: str, password: str, *, verified: bool = False) -> User:
    """Create and commit an account; an address that already has one is refused."""
    if find_user_by_email(email) is not None:
        raise AccountError(f"an account for {normalise_email(email)} already exists")
    if not 12 <= len(password) <= 128:
        raise AccountError("the password must have 12 to 128 characters")
    user = User(
        email=normalise_email(email), name=name.strip(), password_hash=hash_password(password)
    )
    if verified:
        user.email_verified_at = utc_now()
    db.session.add(user)
    db.session.commit()
    log.info("account %s created", user.id)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Give the account these credentials open, or None; unknown addresses cost the same work."""
    user = find_user_by_email(email)
    if user is None:
        spend_hashing_time(password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user
