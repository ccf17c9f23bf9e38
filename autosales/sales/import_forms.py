"""The forms of an import: the upload, and the mapping the user confirms on the preview."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict

from autosales.ingest import fields as ingest_fields
from autosales.sales.importing import ImportChoices

TARGET_LABELS = {
    ingest_fields.LINE_TOTAL: "Line total (price × quantity)",
    ingest_fields.YEAR: "Year (with a month column)",
    ingest_fields.MONTH: "Month (with a year column)",
    ingest_fields.EXTRA: "Keep as an extra attribute",
    ingest_fields.IGNORE: "Ignore this column",
}


class UploadForm(FlaskForm):
    file = FileField(
        "Sales file (CSV or Excel .xlsx)",
        validators=[FileRequired(message="Choose a CSV or .xlsx file exported from your system.")],
    )


def mapping_targets() -> list[tuple[str, str]]:
    """Give (value, label) for every field a column can be mapped to."""
    targets = [(field.name, field.label or field.name) for field in ingest_fields.FIELDS]
    targets = [(name, label) for name, label in targets if name != ingest_fields.EXTRA]
    return targets + list(TARGET_LABELS.items())


def choices_from_form(form: MultiDict[str, str]) -> ImportChoices:
    """Read the preview form: ``map:<column>``, ``default:<field>``, ``spell:<field>:<text>``."""
    mapping: dict[str, str] = {}
    defaults: dict[str, str] = {}
    spelling: dict[str, dict[str, str]] = {}
    for key, value in form.items():
        kind, _, rest = key.partition(":")
        if kind == "map" and rest:
            mapping[rest] = value
        elif kind == "default" and rest and value.strip():
            defaults[rest] = value.strip()
        elif kind == "spell" and value.strip():
            field, _, original = rest.partition(":")
            spelling.setdefault(field, {})[original] = value.strip()
    return ImportChoices(
        mapping=mapping,
        defaults=defaults,
        spelling=spelling,
        keep_duplicates=form.get("keep_duplicates") == "y",
        allow_future=form.get("allow_future") == "y",
        date_order=form.get("date_order") or None,
    )
