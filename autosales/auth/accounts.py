"""Account services: creating, confirming, signing in, resetting, changing and deleting accounts."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from autosales.auth import audit, clock, notices, sessions, tokens
from autosales.auth.passwords import (
    hash_password,
    length_problem,
    needs_rehash,
    spend_hashing_time,
    verify_password,
)
from autosales.extensions import db
from autosales.models import User
from autosales.models.types import utc_now

log = logging.getLogger(__name__)


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def create_user(email: str, name: str, password: str, *, verified: bool = False) -> User:
    """Create and commit an account; an address that already has one is refused.

    Only the length is checked here: the operator's CLI and the demo choose their passwords.
    The registration form adds the strength check.
    """
    if find_user_by_email(email) is not None:
        raise AccountError(f"an account for {normalise_email(email)} already exists")
    problem = length_problem(password)
    if problem is not None:
        raise AccountError(problem)
    user = User(
        email=normalise_email(email), name=name.strip(), password_hash=hash_password(password)
    )
    if verified:
        user.email_verified_at = utc_now()
    db.session.add(user)
    db.session.commit()
    log.info("account %s created", user.id)
    return user


def register(email: str, name: str, password: str) -> None:
    """Create an unverified account and mail its confirmation link.

    An address that has an account already gets a mail saying so, and the visitor sees the
    same answer as for a new account, after the same hashing work.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)
        audit.record("register_existing", user_id=existing.id)
        notices.send_already_registered(existing)
        return
    user = create_user(email, name, password)
    audit.record("register", user_id=user.id)
    notices.send_verification(user)


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
        log.info("account %s: password rehashed with the current parameters", user.id)
    return user


def verify_email(token: str) -> User:
    """Confirm the address a verification link was sent to; raise TokenError when it cannot."""
    lifetime = timedelta(hours=current_app.config["VERIFY_LINK_HOURS"])
    payload = tokens.read_token("verify", token, lifetime)
    user = tokens.check_state(payload, db.session.get(User, payload["user"]))
    if user.is_verified:
        raise tokens.TokenError("This address is confirmed already. Sign in to continue.")
    tokens.spend(token, lifetime)
    user.email_verified_at = clock.now()
    db.session.commit()
    audit.record("verify", user_id=user.id)
    return user


def request_reset(email: str) -> None:
    """Mail a reset link when the address has an account; otherwise only record the attempt."""
    user = find_user_by_email(email)
    if user is None:
        audit.record("reset_requested", email=normalise_email(email), detail="no such account")
        return
    audit.record("reset_requested", user_id=user.id)
    notices.send_reset(user)


def reset_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["RESET_LINK_MINUTES"])


def user_for_reset(token: str) -> User:
    """Give the account a reset link is for while it is valid; raise TokenError otherwise."""
    payload = tokens.read_token("reset", token, reset_lifetime())
    return tokens.check_state(payload, db.session.get(User, payload["user"]))


def reset_password(token: str, password: str) -> User:
    """Set a new password through a reset link, end every session and tell the owner."""
    user = user_for_reset(token)
    tokens.spend(token, reset_lifetime())
    _set_password(user, password)
    # The link reached the mailbox, so the address is confirmed as well.
    user.email_verified_at = user.email_verified_at or clock.now()
    db.session.commit()
    sessions.end_all_sessions(user.id)
    audit.record("reset", user_id=user.id)
    notices.send_password_changed(user, by_reset=True)
    return user


def _set_password(user: User, password: str) -> None:
    problem = length_problem(password)
    if problem is not None:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.password_changed_at = clock.now()


def change_password(user: User, current: str, new: str) -> None:
    """Change the password when the current one is right; every session ends, this one renews."""
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not right. Type it again.")
    _set_password(user, new)
    db.session.commit()
    sessions.end_all_sessions(user.id)
    audit.record("password_changed", user_id=user.id)
    notices.send_password_changed(user, by_reset=False)


def request_email_change(user: User, new_email: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one."""
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError("That is your current address already. Type the new one.")
    audit.record("email_change_requested", user_id=user.id)
    if find_user_by_email(new_email) is not None:
        # Say nothing about the other account: the owner of that address gets no link either.
        return
    notices.send_email_change(user, new_email)


def email_change_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["EMAIL_CHANGE_LINK_HOURS"])


def confirm_email_change(token: str) -> User:
    """Switch the account to the address that confirmed; the old one gets a notice."""
    payload = tokens.read_token("email-change", token, email_change_lifetime())
    user = tokens.check_state(payload, db.session.get(User, payload["user"]))
    new_email = normalise_email(str(payload.get("new_email", "")))
    if find_user_by_email(new_email) is not None:
        raise tokens.TokenError("Another account uses that address now; the change cannot go on.")
    tokens.spend(token, email_change_lifetime())
    old_email, user.email = user.email, new_email
    user.email_verified_at = clock.now()
    db.session.commit()
    audit.record("email_changed", user_id=user.id)
    notices.send_email_changed(user, old_email)
    return user


def delete_account(user: User, password: str) -> None:
    """Delete the account with its sales, imports, results, sessions and audit trail.

    The database cascades from users to every owned table. One anonymised line stays for the
    operator: the kind and time, with no account, address or name.
    """
    if not verify_password(user.password_hash, password):
        raise AccountError("That password is not right. Type your current password to delete.")
    email, name, user_id = user.email, user.name, user.id
    sessions.end_session()
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    db.session.expunge_all()
    audit.record("account_deleted", detail=f"former account {user_id}", anonymous=True)
    notices.send_account_deleted(email, name)
