"""HTML attributes for the sale form's inputs: types, suggestions and validation as you type."""

from __future__ import annotations

from typing import Any

from flask import url_for
from wtforms import Field

INPUT_ATTRIBUTES: dict[str, dict[str, str]] = {
    "sale_date": {"type": "date"},
    "stocked_on": {"type": "date"},
    "make": {"list": "make-options", "autocomplete": "off"},
    "model": {"list": "model-options", "autocomplete": "off"},
    "region": {"list": "region-options", "autocomplete": "off"},
    "quantity": {"inputmode": "numeric"},
    "unit_price": {"inputmode": "decimal"},
    "unit_cost": {"inputmode": "decimal"},
}


def sale_input_attributes(field: Field, prefix: str) -> dict[str, Any]:
    """Give the attributes of one input: an id unique on the page, and a server check on change."""
    field_id = f"{prefix}-{field.name}"
    attributes: dict[str, Any] = {
        "id": field_id,
        "aria-describedby": f"{field_id}-error",
        "hx-post": url_for("sales.validate_field", field=field.name),
        "hx-trigger": "change",
        "hx-include": "closest form",
        "hx-target": f"#{field_id}-error",
        "hx-swap": "innerHTML",
        "hx-push-url": "false",
    }
    if field.errors:
        attributes["aria-invalid"] = "true"
    return attributes | INPUT_ATTRIBUTES.get(field.name, {})
