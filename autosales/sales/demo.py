"""The demo account: a verified user with several years of synthetic dealer sales."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import delete

from autosales.auth.accounts import create_user, find_user_by_email
from autosales.demo_data import generate_demo_sales
from autosales.extensions import db
from autosales.ingest.fingerprint import fingerprint_rows
from autosales.models import User, UserSettings
from autosales.sales.store import store_sales_frame

log = logging.getLogger(__name__)

# A local convenience account on the developer's own machine; `make run` prints it.
DEMO_PASSWORD = "demo-dealer-2026"  # noqa: S105 - published on purpose, for the demo only
DEMO_NAME = "Demo Dealer"
DEMO_BUSINESS = "Fjordside Motor Group"
DEMO_CURRENCY = "€"  # the demo prices are euro-sized; a real account picks its own


@dataclass(frozen=True)
class DemoAccount:
    email: str
    created: bool
    rows: int


def create_demo_account(
    *, email: str | None = None, years: int = 4, replace: bool = False, today: date | None = None
) -> DemoAccount:
    """Create the demo account with ``years`` of sales ending today; an existing one is kept."""
    email = email or current_app.config["DEMO_EMAIL"]
    existing = find_user_by_email(email)
    if existing is not None and not replace:
        return DemoAccount(email=existing.email, created=False, rows=0)
    if existing is not None:
        db.session.execute(delete(User).where(User.id == existing.id))
        db.session.commit()

    user = create_user(email, DEMO_NAME, DEMO_PASSWORD, verified=True)
    user.business_name = DEMO_BUSINESS
    db.session.add(UserSettings(owner_id=user.id, currency=DEMO_CURRENCY))
    end = today or date.today()
    rows = store_demo_sales(user.id, start=date(end.year - years, end.month, 1), end=end)
    db.session.commit()
    log.info("demo: account %s filled with %d sales lines", user.id, rows)
    return DemoAccount(email=user.email, created=True, rows=rows)


def store_demo_sales(
    owner_id: int, *, start: date, end: date, seed: int = 7, makes: Sequence[str] = ()
) -> int:
    """Store synthetic dealer sales for an account (only ``makes`` when given); the caller
    commits. Give the number of rows stored."""
    frame = generate_demo_sales(start=start, end=end, seed=seed)
    if makes:
        frame = frame[frame["make"].isin(list(makes))].copy()
    frame["extra"] = None
    frame["fingerprint"] = fingerprint_rows(frame)
    return store_sales_frame(frame, owner_id=owner_id)
