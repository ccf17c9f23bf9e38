"""A self-hosted CAPTCHA: six digits drawn as an image and spoken as audio, single use.

The challenge id lives in the user's session; the answer is derived from it with the app's
secret, so nothing is stored until the challenge is used, and then only its hash (to refuse a
second use). A challenge expires after ``CAPTCHA_MINUTES``.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import timedelta

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha
from flask import current_app, session

from autosales.auth import clock, tokens

SESSION_KEY = "captcha"
LENGTH = 6


class CaptchaError(ValueError):
    """The answer was wrong, missing, expired or already used; the message says what to do."""


def lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["CAPTCHA_MINUTES"])


def answer_for(challenge: str) -> str:
    """Give the digits a challenge shows. Tests read it; production never shows it."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"captcha:{challenge}".encode(), hashlib.sha256).digest()
    return "".join(str(byte % 10) for byte in digest[:LENGTH])


def new_challenge() -> str:
    """Start a new challenge for this session and give its id."""
    challenge = f"{int(clock.epoch_seconds())}.{secrets.token_urlsafe(12)}"
    session[SESSION_KEY] = challenge
    return challenge


def current_challenge() -> str:
    """Give this session's challenge, starting one when there is none or it has expired."""
    challenge = session.get(SESSION_KEY)
    if not challenge or _age_seconds(challenge) > lifetime().total_seconds():
        challenge = new_challenge()
    return challenge


def _age_seconds(challenge: str) -> float:
    issued, _, _ = challenge.partition(".")
    try:
        return clock.epoch_seconds() - float(issued)
    except ValueError:
        return float("inf")


def check_answer(answer: str | None) -> None:
    """Accept the right digits for this session's challenge once; raise CaptchaError otherwise."""
    challenge = session.pop(SESSION_KEY, None)
    if not challenge:
        raise CaptchaError("The picture expired. Type the digits from the new picture.")
    if _age_seconds(challenge) > lifetime().total_seconds():
        raise CaptchaError("The picture expired after 5 minutes. Type the digits from the new one.")
    typed = "".join((answer or "").split())
    if not hmac.compare_digest(typed.encode(), answer_for(challenge).encode()):
        raise CaptchaError("Those digits do not match the picture. Try the new picture.")
    try:
        tokens.spend(f"captcha:{challenge}", lifetime())
    except tokens.TokenError as error:
        raise CaptchaError(
            "That picture was used already. Type the digits from the new one."
        ) from error


@functools.cache
def _image_maker() -> ImageCaptcha:
    return ImageCaptcha(width=220, height=80)


@functools.cache
def _audio_maker() -> AudioCaptcha:
    return AudioCaptcha()


def image_png(challenge: str) -> bytes:
    return _image_maker().generate(answer_for(challenge), format="png").getvalue()


def audio_wav(challenge: str) -> bytes:
    return bytes(_audio_maker().generate(answer_for(challenge)))
