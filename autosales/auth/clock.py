"""The time the account system reads, replaceable in tests through ``app.config["AUTH_CLOCK"]``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import current_app

from autosales.models.types import utc_now


def now() -> datetime:
    """Give the current time in UTC, naive, from the app's clock (the real one by default)."""
    clock: Callable[[], datetime] | None = current_app.config.get("AUTH_CLOCK")
    return clock() if clock is not None else utc_now()


def epoch_seconds() -> float:
    return (now() - datetime(1970, 1, 1)).total_seconds()
