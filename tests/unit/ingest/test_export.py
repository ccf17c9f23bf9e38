"""Exports: formula text neutralised, numbers kept numeric, files that re-import unchanged."""

from __future__ import annotations

import io

import openpyxl
import pytest

from autosales.ingest import fingerprint_rows, sales_to_csv, sales_to_xlsx, template_csv
from autosales.ingest.export import neutralise

from .conftest import HEADER

ROWS = [
    ["24/02/2024", "=1+2", "@SUM(A1)", "North", "2", "21990.50"],
    ["25/02/2024", "Kia", "-5", "+South", "1", "18000"],
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("Corolla", "Corolla"),
        (-5, -5),
    ],
)
def test_formula_text_is_neutralised(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_csv_export_has_bom_and_neutralised_cells(run, make_csv) -> None:
    data = sales_to_csv(run(make_csv(ROWS)).frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=1+2" in text and "'@SUM(A1)" in text and ",-5," in text and "'+South" in text


def test_xlsx_export_keeps_numbers_numeric_and_text_safe(run, make_csv) -> None:
    frame = run(make_csv(ROWS)).frame
    sheet = openpyxl.load_workbook(io.BytesIO(sales_to_xlsx(frame))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("sale_date", "make", "model", "region", "quantity", "unit_price")
    assert rows[1][1] == "'=1+2"
    assert rows[1][4] == 2 and float(rows[1][5]) == 21990.5
    assert rows[2][2] == "-5"


def test_csv_export_re_imports_with_the_same_fingerprints(run, make_csv) -> None:
    rows = [["24/02/2024", "Toyota", "Corolla", "North", "2", "21990.50"]] * 1 + [
        ["25/02/2024", "Kia", "Ceed", "South", "1", "18000"]
    ]
    header = [*HEADER, "STATUS"]
    first = run(make_csv([[*r, "Shipped"] for r in rows], header), keep_extra_columns=["STATUS"])
    again = run(sales_to_csv(first.frame), keep_extra_columns=["STATUS"])
    assert fingerprint_rows(again.frame).tolist() == fingerprint_rows(first.frame).tolist()


def test_xlsx_export_re_imports_with_the_same_fingerprints(run, make_csv) -> None:
    rows = [["24/02/2024", "Toyota", "Corolla", "North", "2", "21990.50"]]
    first = run(make_csv(rows))
    again = run(sales_to_xlsx(first.frame))
    assert fingerprint_rows(again.frame).tolist() == fingerprint_rows(first.frame).tolist()


def test_template_has_canonical_headers_and_imports_cleanly(run) -> None:
    data = template_csv()
    assert data.decode("utf-8-sig").startswith("sale_date,make,model,region,quantity,unit_price")
    result = run(data)
    assert result.report.rows_clean == 1
    assert result.mapping.columns == {name: name for name in result.mapping.columns}
