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
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FINGERPRINT_FIELDS: tuple[str, ...] = (
    "sale_date", "make", "model", "region", "quantity", "unit_price", "order_ref", "customer",
    "salesperson", "unit_cost", "stocked_on", "vin", "body_style", "colour", "transmission",
    "extra",
)  # fmt: skip
SEPARATOR = "\x1f"
HASH_SLICE_ROWS = 65_536
_MONEY_FIELDS = ("unit_price", "unit_cost")
_DATE_FIELDS = ("sale_date", "stocked_on")
_FRACTIONS = pa.array([f"{cents:02d}" for cents in range(100)], type=pa.large_string())
_EMPTY, _POINT, _MINUS, _JOIN = (
    pa.scalar(text, pa.large_string()) for text in ("", ".", "-", SEPARATOR)
)


def digest(text: str) -> str:
    """Give the 32-hex-digit BLAKE2b digest of the text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def fingerprint_rows(frame: pd.DataFrame) -> pd.Series:
    """Give each row's fingerprint for a frame with the clean frame's columns."""
    return hash_texts(canonical_texts(frame))


def with_fingerprints(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the frame with a ``fingerprint`` column, hashed from its ``canonical`` texts
    unless it has one already."""
    if "fingerprint" in frame:
        return frame
    return frame.assign(fingerprint=hash_texts(frame["canonical"]))


def canonical_texts(frame: pd.DataFrame) -> pd.Series:
    """Give each row's canonical text (Arrow-backed), the text its fingerprint hashes.

    Two rows are the same sale exactly when their texts are equal, so duplicates can be found
    from the texts and the hashing left to where fingerprints are stored. The texts are built
    column-wise with Arrow (each date and quantity rendered once per distinct value) and
    joined in one vectorised step.
    """
    if len(frame) == 0:
        texts = pa.array([], type=pa.large_string())
    else:
        parts = _merge_constants([_column_text(frame, name) for name in FINGERPRINT_FIELDS])
        texts = pc.binary_join_element_wise(*parts, _JOIN)
        if isinstance(texts, pa.Scalar):  # every field constant: one text for every row
            texts = pa.array([texts.as_py()] * len(frame), type=pa.large_string())
    return pd.Series(
        pd.arrays.ArrowExtensionArray(texts), index=frame.index, name="canonical", copy=False
    )


def hash_texts(texts: pd.Series) -> pd.Series:
    """Give the fingerprint of each canonical text (see :func:`canonical_texts`), as an
    Arrow-backed series.

    The hashing is a Python loop, about 0.5 s per million rows. It takes the texts a slice at
    a time and keeps the digests in Arrow, so a million rows never exist as a million Python
    strings at once.
    """
    blake2b = hashlib.blake2b  # a local name: this loop runs once per row
    utf8 = pa.array(texts.array, type=pa.large_string()).cast(pa.large_binary())
    digests = [
        pa.array(
            [blake2b(text, digest_size=16).hexdigest() for text in piece.to_pylist()],
            type=pa.string(),
        )
        for piece in _slices(utf8, HASH_SLICE_ROWS)
    ]
    hashed = pa.chunked_array(digests, type=pa.string())
    return pd.Series(
        pd.arrays.ArrowExtensionArray(hashed), index=texts.index, name="fingerprint", copy=False
    )


def _slices(array: pa.Array, rows: int) -> list[pa.Array]:
    return [array.slice(start, rows) for start in range(0, len(array), rows)]


def _merge_constants(parts: list[pa.Array | pa.Scalar]) -> list[pa.Array | pa.Scalar]:
    """Join neighbouring constant texts beforehand: fewer, longer parts join faster."""
    merged: list[pa.Array | pa.Scalar] = []
    for part in parts:
        if merged and isinstance(part, pa.Scalar) and isinstance(merged[-1], pa.Scalar):
            text = merged[-1].as_py() + SEPARATOR + part.as_py()
            merged[-1] = pa.scalar(text, pa.large_string())
        else:
            merged.append(part)
    return merged


def _column_text(frame: pd.DataFrame, name: str) -> pa.Array | pa.Scalar:
    """Give one field's canonical text per row ("" where missing), or "" if all are missing.

    Text is taken as it stands: the pipeline has already collapsed its spaces.
    """
    if name == "extra":
        extras = frame[name].tolist()
        if not any(extras):
            return _EMPTY
        return pa.array([_extra_text(value) for value in extras], type=pa.large_string())
    column = frame[f"{name}_cents"] if name in _MONEY_FIELDS else frame[name]
    if column.isna().all():
        return _EMPTY
    if name in _MONEY_FIELDS:
        return _cents_texts(column)
    if name in _DATE_FIELDS:
        return _distinct_texts(column, _date_text)
    if name == "quantity":
        return _distinct_texts(column, _int_text)
    text = pa.array(column, from_pandas=True)
    return pc.fill_null(text.cast(pa.large_string()), _EMPTY)


def _distinct_texts(column: pd.Series, render: Any) -> pa.Array:
    """Render each distinct value once and spread the texts back ("" where missing)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    texts = pa.array([*(render(value) for value in uniques), ""], type=pa.large_string())
    return texts.take(np.where(codes < 0, len(uniques), codes))  # missing picks the last ""


def _cents_texts(column: pd.Series) -> pa.Array:
    """Give integer cents as plain decimals with two places ("-12.05"), "" where missing."""
    missing = column.isna().to_numpy()
    cents = column.astype("Int64").fillna(0).to_numpy(dtype=np.int64)
    size = np.abs(cents)
    whole = pc.cast(pa.array(size // 100), pa.large_string())
    text = pc.binary_join_element_wise(whole, _FRACTIONS.take(size % 100), _POINT)
    negative = cents < 0
    if negative.any():
        signed = pc.binary_join_element_wise(_MINUS, text, _EMPTY)
        text = pc.if_else(pa.array(negative), signed, text)
    return pc.if_else(pa.array(missing), _EMPTY, text) if missing.any() else text


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
