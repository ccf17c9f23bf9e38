"""XLSX uploads: sheets, cell types, and refusal of zip bombs and XML entity tricks."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl.xml
import pytest

from autosales.ingest import (
    IngestError,
    UnsafeFileError,
    UnsupportedFileError,
    readers,
    run_pipeline,
    sniff,
)
from autosales.ingest.readers import read_table

from .conftest import TODAY

SALES = [
    ["Sale Date", "Brand", "Model", "Dealer_Region", "Units", "Price ($)"],
    [dt.datetime(2024, 2, 24), "Toyota", "Corolla", "North", 2, 21990.5],
    [dt.datetime(2024, 3, 1, 14, 30), "Ford", "Focus", "South", 1, 18000],
]


def test_first_sheet_with_data_is_read(make_xlsx) -> None:
    data = make_xlsx({"Cover": [], "Sales": SALES})
    result = run_pipeline(data, today=TODAY)
    assert result.profile.sheet == "Sales"
    assert result.profile.sheets == ["Cover", "Sales"]
    assert result.frame["sale_date"].dt.date.tolist() == [dt.date(2024, 2, 24), dt.date(2024, 3, 1)]
    assert result.frame["unit_price_cents"].tolist() == [2199050, 1800000]
    assert result.frame["quantity"].tolist() == [2, 1]


def test_chosen_sheet_is_read_and_unknown_sheet_is_named(make_xlsx) -> None:
    data = make_xlsx({"Sales": SALES, "Other": [["Date", "Make"], ["2024-01-02", "Kia"]]})
    assert read_table(data, sheet="Other").frame["Make"].tolist() == ["Kia"]
    with pytest.raises(IngestError, match="no sheet named 'Missing'"):
        read_table(data, sheet="Missing")


def test_workbook_without_data_is_refused(make_xlsx) -> None:
    with pytest.raises(UnsupportedFileError, match="no sheet with data"):
        read_table(make_xlsx({"Empty": []}))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_parsing() -> None:
    data = _zip({
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b"\x00" * (20 * 1024 * 1024),
    })  # fmt: skip
    with pytest.raises(UnsafeFileError, match="zip bomb"):
        read_table(data)


def test_too_many_entries_are_refused(monkeypatch: pytest.MonkeyPatch, make_xlsx) -> None:
    monkeypatch.setattr(sniff, "MAX_ZIP_ENTRIES", 3)
    with pytest.raises(UnsafeFileError, match="at most 3 allowed"):
        read_table(make_xlsx({"Sales": SALES}))


def test_too_much_uncompressed_content_is_refused(
    monkeypatch: pytest.MonkeyPatch, make_xlsx
) -> None:
    monkeypatch.setattr(sniff, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(UnsafeFileError, match="more than 1 GB"):
        read_table(make_xlsx({"Sales": SALES}))


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def _entity_workbook(make_xlsx) -> bytes:
    """Give a workbook whose workbook.xml declares nested entities (billion laughs style)."""
    source = zipfile.ZipFile(io.BytesIO(make_xlsx({"Sales": SALES})))
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheets><sheet name="&lol2;" sheetId="1"/></sheets></workbook>'
    )
    entries = {name: source.read(name) for name in source.namelist()}
    entries["xl/workbook.xml"] = bomb
    return _zip(entries)


def test_xml_entity_declarations_are_refused(make_xlsx) -> None:
    with pytest.raises(UnsafeFileError, match="entity"):
        read_table(_entity_workbook(make_xlsx))


def test_openpyxl_reads_workbooks_when_calamine_is_absent(
    monkeypatch: pytest.MonkeyPatch, make_xlsx
) -> None:
    monkeypatch.setattr(readers, "CalamineWorkbook", None)
    result = run_pipeline(make_xlsx({"Cover": [], "Sales": SALES}), today=TODAY)
    assert result.profile.sheet == "Sales"
    assert result.frame["unit_price_cents"].tolist() == [2199050, 1800000]


def test_openpyxl_refuses_entities_through_defusedxml(
    monkeypatch: pytest.MonkeyPatch, make_xlsx
) -> None:
    monkeypatch.setattr(readers, "CalamineWorkbook", None)
    monkeypatch.setattr(sniff, "_check_prologs", lambda archive, entries: None)
    with pytest.raises(UnsafeFileError, match="entity"):
        read_table(_entity_workbook(make_xlsx))
