"""Row fingerprints: a hash of every canonical value, to find rows already imported.

The canonical text of a row is its values in ``FINGERPRINT_FIELDS`` order joined by the unit
separator (U+001F): dates as ISO "YYYY-MM-DD", money as plain decimals with two places
("1234.50"), quantity as an integer, text with spaces collapsed, ``extra`` as compact JSON with
sorted keys (empty when there is none) and missing values as "". The fingerprint is the
32-hex-digit BLAKE2b (16-byte digest) of that text in UTF-8.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

FINGERPRINT_FIELDS: tuple[str, ...] = (
    "sale_date", "make", "model", "region", "quantity", "unit_price", "order_ref", "customer",
    "salesperson", "unit_cost", "stocked_on", "vin", "body_style", "colour", "transmission",
    "extra",
)  # fmt: skip
SEPARATOR = "\x1f"
_MONEY_FIELDS = ("unit_price", "unit_cost")
_DATE_FIELDS = ("sale_date", "stocked_on")
_FRACTIONS = np.array([f"{cents:02d}" for cents in range(100)], dtype=object)


def digest(text: str) -> str:
    """Give the 32-hex-digit BLAKE2b digest of the text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def fingerprint_rows(frame: pd.DataFrame) -> pd.Series:
    """Give each row's fingerprint for a frame with the clean frame's columns.

    Each field's canonical text is rendered once per distinct value; fields empty in every
    row are a constant. Joining and hashing are a Python loop, about 1.5 s per million rows.
    """
    parts = [_column_text(frame, name) for name in FINGERPRINT_FIELDS]
    if not any(isinstance(part, list) for part in parts):
        hashes = [digest(SEPARATOR.join(parts))] * len(frame)  # type: ignore[arg-type]
    else:
        # Constant fields repeat forever; the lists, all one per row, end the zip.
        columns = [part if isinstance(part, list) else repeat(part) for part in parts]
        join, blake2b = SEPARATOR.join, hashlib.blake2b  # local names: this loop runs per row
        hashes = [
            blake2b(join(values).encode(), digest_size=16).hexdigest()
            for values in zip(*columns, strict=False)
        ]
    return pd.Series(hashes, index=frame.index, dtype=object, name="fingerprint")


def _column_text(frame: pd.DataFrame, name: str) -> list[str] | str:
    """Give one field's canonical text per row ("" where missing), or "" if all are missing.

    Text is taken as it stands: the pipeline has already collapsed its spaces.
    """
    if name == "extra":
        extras = frame[name].tolist()
        return [_extra_text(value) for value in extras] if any(extras) else ""
    column = frame[f"{name}_cents"] if name in _MONEY_FIELDS else frame[name]
    if len(frame) == 0 or column.isna().all():
        return ""
    if name in _MONEY_FIELDS:
        return _cents_texts(column)
    if name in _DATE_FIELDS:
        return _distinct_texts(column, _date_text)
    if name == "quantity":
        return _distinct_texts(column, _int_text)
    return column.fillna("").astype(object).tolist()


def _distinct_texts(column: pd.Series, render: Any) -> list[str]:
    """Render each distinct value once and spread the texts back ("" where missing)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    texts = np.array([*(render(value) for value in uniques), ""], dtype=object)
    return texts[codes].tolist()  # code -1 (missing) picks the trailing ""


def _cents_texts(column: pd.Series) -> list[str]:
    """Give integer cents as plain decimals with two places ("-12.05"), "" where missing."""
    missing = column.isna().to_numpy()
    cents = column.astype("Int64").fillna(0).to_numpy(dtype=np.int64)
    whole = pd.Series(np.abs(cents) // 100).astype("str").to_numpy(dtype=object)
    text = whole + "." + _FRACTIONS[np.abs(cents) % 100]
    text = np.where(cents < 0, "-" + text, text)
    return np.where(missing, "", text).tolist()


def _int_text(value: Any) -> str:
    """Give a whole number as digits."""
    return str(int(value))


def _cents_text(cents: Any) -> str:
    """Give integer cents as a plain decimal with two places."""
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    return f"{sign}{whole}.{fraction:02d}"


def _date_text(value: Any) -> str:
    """Give a date-like value as ISO YYYY-MM-DD."""
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return pd.Timestamp(value).date().isoformat()


def _extra_text(extra: Any) -> str:
    """Give the extra attributes as compact sorted JSON, "" when there are none."""
    if not isinstance(extra, Mapping) or not extra:
        return ""
    items = {str(key): "" if val is None else str(val) for key, val in extra.items()}
    return json.dumps(items, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _money_text(value: Any) -> str:
    """Give a money value (Decimal, number or text) as a plain decimal with two places."""
    amount = Decimal(str(value).strip()).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _cents_text(int(amount * 100))


def _is_missing(value: Any) -> bool:
    """Say whether a value counts as empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def fingerprint_values(sale: Mapping[str, object]) -> str:
    """Give the fingerprint of one sale given as field -> value (a form entry, a stored row).

    Accepts dates as ``date``/``datetime``/ISO text, money as ``Decimal``/number/text under
    ``unit_price`` or as integer cents under ``unit_price_cents`` (same for unit cost), and
    gives the same hash :func:`fingerprint_rows` gives for the same row.
    """
    parts: list[str] = []
    for name in FINGERPRINT_FIELDS:
        value = sale.get(name)
        if name in _MONEY_FIELDS and _is_missing(value):
            cents = sale.get(f"{name}_cents")
            parts.append("" if _is_missing(cents) else _cents_text(cents))
        elif _is_missing(value):
            parts.append("")
        elif name in _MONEY_FIELDS:
            parts.append(_money_text(value))
        elif name in _DATE_FIELDS:
            parts.append(_date_text(value))
        elif name == "extra":
            parts.append(_extra_text(value))
        elif name == "quantity":
            parts.append(str(int(value)))  # type: ignore[call-overload]
        else:
            parts.append(" ".join(str(value).split()))
    return digest(SEPARATOR.join(parts))
