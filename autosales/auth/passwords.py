"""Password hashing with argon2id; the parameters come from the app's ARGON2_PROFILE."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from zxcvbn import zxcvbn

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


MIN_LENGTH = 12
MAX_LENGTH = 128


def length_problem(password: str) -> str | None:
    """Say what is wrong with a password's length, or None. Every character counts; none is cut."""
    if MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return None
    advice = " A few unrelated words make a long password that is easy to remember."
    return f"Use {MIN_LENGTH} to {MAX_LENGTH} characters (this has {len(password)})." + (
        advice if len(password) < MIN_LENGTH else ""
    )


def strength_problem(password: str, context: list[str]) -> str | None:
    """Say why a password is too easy to guess and how to do better, or None when it is strong.

    zxcvbn estimates guesses from dictionaries, patterns and the user's own name and address;
    a score under PASSWORD_MIN_SCORE (3 of 4: "safely unguessable") is refused.
    """
    result = zxcvbn(password, user_inputs=[word for word in context if word], max_length=MAX_LENGTH)
    if result["score"] >= current_app.config["PASSWORD_MIN_SCORE"]:
        return None
    feedback = result["feedback"]
    advice = [feedback.get("warning") or "This password is too easy to guess."]
    advice += feedback.get("suggestions") or []
    advice.append("Try a phrase of four or more unrelated words, without your name or email.")
    return " ".join(part.strip() for part in advice if part.strip())


def password_context(name: str, email: str) -> list[str]:
    """Give the words an attacker who knows the user would try first."""
    local_part, _, domain = email.partition("@")
    return [name, *name.split(), email, local_part, domain.split(".")[0], "autosales", "auto-sales"]
