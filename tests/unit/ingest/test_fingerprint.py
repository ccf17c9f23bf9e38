"""Fingerprints: one hash per row of canonical values, equal for form entries and imports."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pandas as pd
import pytest

from autosales.ingest import fingerprint_rows, fingerprint_values, sale_records, with_fingerprints

from .conftest import HEADER

ROWS = [
    ["24/02/2024", "Toyota", "Corolla", "North", "2", "21990.5"],
    ["25/02/2024", "Kia", "Ceed", "South", "1", "18000"],
]


def test_fingerprints_are_32_hex_digits_and_differ_per_row(run, make_csv) -> None:
    fingerprints = with_fingerprints(run(make_csv(ROWS)).frame)["fingerprint"]
    assert fingerprints.str.fullmatch(r"[0-9a-f]{32}").all()
    assert fingerprints.nunique() == 2


def test_canonical_text_is_documented_and_stable() -> None:
    sale = {"sale_date": dt.date(2024, 2, 24), "make": "Toyota", "model": "Corolla",
            "region": "North", "quantity": 2, "unit_price": Decimal("21990.5")}  # fmt: skip
    text = "\x1f".join(["2024-02-24", "Toyota", "Corolla", "North", "2", "21990.50", *[""] * 10])
    expected = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    assert fingerprint_values(sale) == expected


def test_form_entry_matches_imported_row(run, make_csv) -> None:
    frame = run(make_csv(ROWS)).frame
    form = {"sale_date": "2024-02-24", "make": " Toyota ", "model": "Corolla", "region": "North",
            "quantity": 2, "unit_price": "21990.50", "customer": None, "extra": {}}  # fmt: skip
    assert fingerprint_values(form) == fingerprint_rows(frame)[0]


def test_stored_records_hash_like_their_frame(run, make_csv) -> None:
    header = [*HEADER, "Unit Cost", "STATUS"]
    rows = [[*ROWS[0], "19000.10", "Shipped"], [*ROWS[1], "", ""]]
    frame = run(make_csv(rows, header), keep_extra_columns=["STATUS"]).frame
    for record, fingerprint in zip(sale_records(frame), fingerprint_rows(frame), strict=True):
        assert fingerprint_values(record) == fingerprint


@pytest.mark.parametrize(
    ("column", "value"),
    [("make", "Kia"), ("unit_price_cents", 1), ("quantity", 3), ("extra", {"a": "b"})],
)
def test_any_changed_value_changes_the_fingerprint(run, make_csv, column: str, value) -> None:
    frame = run(make_csv(ROWS[:1])).frame
    changed = frame.copy()
    changed.at[0, column] = value
    assert fingerprint_rows(changed)[0] != fingerprint_rows(frame)[0]


def test_fingerprint_rows_on_an_empty_frame_gives_an_empty_series(run, make_csv) -> None:
    frame = run(make_csv(ROWS)).frame.iloc[0:0]
    assert isinstance(fingerprint_rows(frame), pd.Series)
    assert fingerprint_rows(frame).empty
