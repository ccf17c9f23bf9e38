"""The download of everything an account holds: a ZIP of JSON and CSV files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from autosales.auth import audit
from autosales.extensions import db
from autosales.models import ImportBatch, Sale, User
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS

SALE_COLUMNS = ("id", *REQUIRED_FIELDS, *OPTIONAL_FIELDS, "extra", "import_id", "created_at")
ACCOUNT_FIELDS = (
    "id", "email", "name", "business_name", "email_verified_at", "created_at",
    "password_changed_at", "notify_weekly_digest", "notify_new_sign_in", "show_activity_addresses",
)  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def account_zip(user: User) -> bytes:
    """Give a ZIP with account.json, sales.csv, imports.json and activity.json for one account.

    Sales and imports are read through the owner-scoped session, so only this account's rows
    can be in it.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        account = {field: _plain(getattr(user, field)) for field in ACCOUNT_FIELDS}
        archive.writestr("account.json", json.dumps(account, indent=2))
        archive.writestr("sales.csv", _sales_csv())
        archive.writestr("imports.json", json.dumps(_imports(), indent=2))
        archive.writestr("activity.json", json.dumps(_activity(user.id), indent=2))
    return buffer.getvalue()


def _sales_csv() -> str:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(SALE_COLUMNS)
    rows = db.session.execute(select(Sale).order_by(Sale.sale_date, Sale.id)).scalars()
    for sale in rows:
        values = [_plain(getattr(sale, column)) for column in SALE_COLUMNS]
        writer.writerow(json.dumps(v) if isinstance(v, dict) else v for v in values)
    return text.getvalue()


def _imports() -> list[dict[str, Any]]:
    batches = db.session.execute(select(ImportBatch).order_by(ImportBatch.id)).scalars()
    columns = [column.key for column in ImportBatch.__table__.columns]
    return [{column: _plain(getattr(batch, column)) for column in columns} for batch in batches]


def _activity(user_id: int) -> list[dict[str, Any]]:
    events = audit.recent_events(user_id, limit=10_000)
    return [
        {"time_utc": _plain(event.created_at), "event": event.kind, "address": event.ip}
        for event in events
    ]
