"""Sales typed in one by one: add, edit, delete with undo. Each change bumps the data version."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from autosales.extensions import db
from autosales.ingest.fingerprint import fingerprint_values
from autosales.models import Sale, current_owner_id
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS
from autosales.sales.store import bump_data_version

log = logging.getLogger(__name__)

UNDO_SECONDS = 15 * 60
FIELDS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS)


class UndoExpiredError(ValueError):
    """The undo link is too old or was not made here."""


def create_sale(values: dict[str, Any]) -> Sale:
    owner_id = _owner()
    sale = Sale(owner_id=owner_id, **_fields(values))
    sale.fingerprint = fingerprint_values(_fingerprint_source(sale))
    db.session.add(sale)
    bump_data_version(owner_id)
    db.session.commit()
    log.info("sale %s added by hand for account %s", sale.id, owner_id)
    return sale


def update_sale(sale: Sale, values: dict[str, Any]) -> Sale:
    for name, value in _fields(values).items():
        setattr(sale, name, value)
    sale.fingerprint = fingerprint_values(_fingerprint_source(sale))
    bump_data_version(sale.owner_id)
    db.session.commit()
    return sale


def delete_sale(sale: Sale) -> str:
    """Delete the sale; give a signed token that brings it back within 15 minutes."""
    token = _serializer().dumps(_fingerprint_source(sale) | {"id": sale.id})
    db.session.delete(sale)
    bump_data_version(sale.owner_id)
    db.session.commit()
    return token


def restore_sale(token: str) -> Sale:
    """Bring back a deleted sale from its undo token, as the owner in scope."""
    try:
        values = _serializer().loads(token, max_age=UNDO_SECONDS)
    except BadSignature as error:
        raise UndoExpiredError(
            "This undo has expired; add the sale again if you need it."
        ) from error
    values.pop("id", None)
    values.pop("extra", None)
    values["sale_date"] = date.fromisoformat(values["sale_date"])
    if values.get("stocked_on"):
        values["stocked_on"] = date.fromisoformat(values["stocked_on"])
    for money in ("unit_price", "unit_cost"):
        if values.get(money) is not None:
            values[money] = Decimal(values[money])
    return create_sale(values)


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values.get(name) for name in FIELDS}


def _fingerprint_source(sale: Sale) -> dict[str, Any]:
    source: dict[str, Any] = {name: getattr(sale, name) for name in FIELDS}
    source["extra"] = sale.extra
    for name in ("sale_date", "stocked_on"):
        if source[name] is not None:
            source[name] = source[name].isoformat()
    for name in ("unit_price", "unit_cost"):
        if source[name] is not None:
            source[name] = str(source[name])
    return source


def _owner() -> int:
    owner_id = current_owner_id()
    if owner_id is None or owner_id < 0:
        raise PermissionError("a sale can only be added for a signed-in owner")
    return owner_id


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sale-undo")
