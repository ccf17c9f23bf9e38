"""Write sales safely for spreadsheets: CSV and XLSX exports, rejected rows, the template.

CSV is UTF-8 with a byte-order mark and CRLF line ends, so Excel opens accents correctly and
our own importer reads it back unchanged. Text cells a spreadsheet would run as a formula
(starting with = + - @ tab, CR, LF or NUL) get a leading single quote; numbers are written as
numbers, and text that is a plain number ("-5", "+3.5") is left alone because a spreadsheet
reads it as that number, never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.cell import WriteOnlyCell

from autosales.ingest import fields as f

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
EXPORT_COLUMNS: tuple[str, ...] = tuple(field.name for field in f.FIELDS if field.name != f.EXTRA)
TEMPLATE_EXAMPLE: dict[str, str] = {
    "sale_date": "2024-03-15",
    "make": "Toyota",
    "model": "Corolla",
    "region": "Main",
    "quantity": "1",
    "unit_price": "24990.00",
    "order_ref": "SO-1001",
    "customer": "Jane Doe",
    "salesperson": "Sam Smith",
    "unit_cost": "21500.00",
    "stocked_on": "2024-02-01",
    "vin": "JTDBR32E720012345",
    "body_style": "Sedan",
    "colour": "Silver",
    "transmission": "Automatic",
}


def neutralise(value: Any) -> Any:
    """Give a cell value that a spreadsheet will show, never run as a formula."""
    formula = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    return "'" + value if formula and not _PLAIN_NUMBER.match(value) else value


def _text(value: Any) -> str:
    """Give a cell as CSV text: dates ISO, Decimals plain, missing empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Write rows as UTF-8-with-BOM CSV with CRLF line ends, neutralising formula text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow([_text(neutralise(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_rows(frame: pd.DataFrame) -> tuple[list[str], Iterator[list[Any]]]:
    """Give the export header (canonical fields, then extra keys) and the row values."""
    extra_keys = sorted({key for extra in frame.get("extra", []) if extra for key in extra})
    header = [*EXPORT_COLUMNS, *extra_keys]

    def rows() -> Iterator[list[Any]]:
        for record in f.sale_records(frame):
            extra = record.get("extra") or {}
            values = [record.get(name) for name in EXPORT_COLUMNS]
            yield values + [extra.get(key) for key in extra_keys]

    return header, rows()


def sales_to_csv(frame: pd.DataFrame) -> bytes:
    """Give a clean sales frame as CSV bytes that the importer reads back unchanged."""
    header, rows = export_rows(frame)
    return write_csv(header, rows)


def sales_to_xlsx(frame: pd.DataFrame, *, sheet_title: str = "Sales") -> bytes:
    """Give a clean sales frame as an XLSX workbook (dates as dates, money as numbers)."""
    header, rows = export_rows(frame)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([neutralise(name) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Give a workbook cell: dates formatted as dates, money with two decimals."""
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.00"
        return cell
    return neutralise(value)


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """Give any frame of cells (such as the report's rejected rows) as safe CSV bytes."""
    values = frame.astype(object).where(frame.notna(), None)
    return write_csv([str(c) for c in frame.columns], values.itertuples(index=False, name=None))


def template_csv() -> bytes:
    """Give a CSV template: the canonical headers and one example row."""
    return write_csv(list(TEMPLATE_EXAMPLE), [list(TEMPLATE_EXAMPLE.values())])
