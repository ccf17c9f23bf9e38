"""Password hashing with argon2id; the parameters come from the app's ARGON2_PROFILE."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

PROFILES = {
    # RFC 9106's second recommended option: argon2id, t=3, m=64 MiB, p=4 (argon2-cffi's default).
    "rfc9106-low-memory": profiles.RFC_9106_LOW_MEMORY,
    # Deliberately weak, for the test suite only.
    "test-cheapest": profiles.CHEAPEST,
}


@functools.cache
def _hasher(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(PROFILES[profile])


def hasher() -> PasswordHasher:
    return _hasher(current_app.config["ARGON2_PROFILE"])


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches; a malformed stored hash never matches."""
    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@functools.cache
def _dummy_hash(profile: str) -> str:
    return _hasher(profile).hash("a password nobody has, hashed to spend equal time")


def spend_hashing_time(password: str) -> None:
    """Do the work of one verification, so unknown accounts answer as slowly as known ones."""
    verify_password(_dummy_hash(current_app.config["ARGON2_PROFILE"]), password)
