"""Vectorised fast paths give what the careful per-value paths give, on awkward values too."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from autosales.ingest.cleaning import repeats_earlier
from autosales.ingest.fingerprint import fingerprint_rows, fingerprint_values
from autosales.ingest.parsing import _slow_cents, amounts_to_cents, plain_amounts_to_cents

AWKWARD_POINT = [
    "21990.5", " 21990.50 ", "0", "-12.05", "007.10", "1234.565", "$1,234.56", "1.234,56",
    "", "  ", "abc", "12.", ".5", "1e5", "\u0661\u0662\u0663", "12\u00a0345.60", "--1",
    "99999999999.99", "\x1f42.00", "12.5\t", "+3",
]  # fmt: skip
AWKWARD_COMMA = ["21990,5", " 12,05 ", "1.234,56", "1234,565", "12.50", "7", "", "-0,01"]


def _careful(values: list[str], decimal_mark: str) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.array([_slow_cents(value, decimal_mark) for value in values]).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1] == 1


@pytest.mark.parametrize(("values", "decimal_mark"), [(AWKWARD_POINT, "."), (AWKWARD_COMMA, ",")])
def test_fast_amounts_match_the_careful_path(values: list[str], decimal_mark: str) -> None:
    cents, rounded = amounts_to_cents(pd.Series(values, dtype="str"), decimal_mark)
    expected_cents, expected_rounded = _careful(values, decimal_mark)
    np.testing.assert_array_equal(cents, expected_cents)
    np.testing.assert_array_equal(rounded, expected_rounded)


def test_huge_plain_amounts_are_read_and_left_to_the_limit_check() -> None:
    cents, _ = amounts_to_cents(pd.Series(["123456789012345"], dtype="str"), ".")
    assert cents[0] > 99_999_999_999  # rejected as above the limit, as before the fast path


def test_digits_of_other_scripts_are_read_by_the_careful_path() -> None:
    cents, _ = amounts_to_cents(pd.Series(["\u0661\u0662\u0663"], dtype="str"), ".")
    assert cents.tolist() == [12300]


def test_only_plain_ascii_amounts_take_the_fast_path() -> None:
    values = pd.Series(["12.50", " 7 ", "-3.1", "1,5", "\u0661\u0662", "12.345", ""], dtype="str")
    plain, cents = plain_amounts_to_cents(values, ".")
    assert plain.tolist() == [True, True, True, False, False, False, False]
    assert cents.tolist() == [1250, 700, -310]


def test_amounts_in_an_object_column_with_missing_values() -> None:
    cents, _ = amounts_to_cents(pd.Series(["1.10", None, "x"], dtype=object), ".")
    assert cents[0] == 110
    assert np.isnan(cents[1:]).all()


def test_repeats_are_marked_after_their_first_appearance() -> None:
    codes, _ = pd.factorize(pd.Series(["a", "b", "a", "c", "b", "b", "d"]))
    assert repeats_earlier(codes).tolist() == [False, False, True, False, True, True, False]
    assert repeats_earlier(np.array([], dtype=np.intp)).tolist() == []


def test_vectorised_fingerprints_match_one_row_at_a_time() -> None:
    frame = pd.DataFrame(
        {
            "sale_date": pd.to_datetime(["2024-02-24", "1999-12-31", "2024-02-24", "2020-01-01"]),
            "make": pd.Series(["Toyota", "Škoda", "Kia", "Ford"], dtype="str"),
            "model": pd.Series(["Corolla", "Octavia RS", "Ceed", "Focus"], dtype="str"),
            "region": pd.Series(["North", "Zürich", "South", "East"], dtype="str"),
            "quantity": np.array([2, 1, 3, 1], dtype=np.int64),
            "unit_price_cents": np.array([2199050, 0, 5, 99999999999], dtype=np.int64),
            "order_ref": pd.Series(["A-1", None, "", None], dtype="str"),
            "customer": pd.Series(
                [None, "Zoë 'Q' Smith", None, 'Smith & Sons, "Ltd"'], dtype="str"
            ),
            "salesperson": pd.Series([None] * 4, dtype="str"),
            "unit_cost_cents": pd.array([None, -5, 12345, 1], dtype="Int64"),
            "stocked_on": pd.to_datetime([None, "2021-02-03", None, "1990-01-01"]),
            "vin": pd.Series([None] * 4, dtype="str"),
            "body_style": pd.Series([None] * 4, dtype="str"),
            "colour": pd.Series(["Red", None, None, None], dtype="str"),
            "transmission": pd.Series([None] * 4, dtype="str"),
            "extra": [None, {"b": "2", "a": None}, {}, {"é": "x"}],
        }
    )
    records = frame.to_dict("records")  # cents under *_cents, as stored rows give them
    expected = [fingerprint_values(record) for record in records]
    assert fingerprint_rows(frame).tolist() == expected


def test_a_frame_of_constant_fields_gives_one_fingerprint_per_row() -> None:
    frame = pd.DataFrame(
        {
            "sale_date": pd.to_datetime(["2024-01-31"] * 3),
            "make": "Kia", "model": "Ceed", "region": "North", "quantity": 1,
            "unit_price_cents": 100, "order_ref": None, "customer": None, "salesperson": None,
            "unit_cost_cents": pd.array([None] * 3, dtype="Int64"), "stocked_on": pd.NaT,
            "vin": None, "body_style": None, "colour": None, "transmission": None, "extra": None,
        }
    )  # fmt: skip
    fingerprints = fingerprint_rows(frame)
    assert fingerprints.nunique() == 1
    assert fingerprints[0] == fingerprint_values(
        {"sale_date": "2024-01-31", "make": "Kia", "model": "Ceed", "region": "North",
         "quantity": 1, "unit_price_cents": 100}
    )  # fmt: skip
