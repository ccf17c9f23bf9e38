"""Reading uploads: type from content, encodings, delimiters, header rows, ragged rows."""

from __future__ import annotations

import io
import zipfile

import pytest

from autosales.ingest import (
    MappingError,
    UnsupportedFileError,
    preview,
)
from autosales.ingest.readers import read_table

ROWS = [["24/02/2024", "Škoda", "Octavia", "Nord", 2, "21990.50"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "save as .xlsx or CSV"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
        (b"%PDF-1.7 ...", "PDF document"),
        (b"\x01\x02\x00\x03\x04binary\x00\x00" * 50, "not text"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedFileError, match=message):
        read_table(data)


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UnsupportedFileError, match="not an Excel workbook"):
        read_table(buffer.getvalue())


def test_csv_named_like_a_workbook_is_read_as_csv(make_csv) -> None:
    # The reader takes bytes only; a name such as "sales.xlsx" can never steer it.
    table = read_table(make_csv(ROWS))
    assert table.profile.kind == "csv"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_common_encodings_keep_accented_letters(make_csv, encoding: str) -> None:
    rows = [["24/02/2024", "Citroën", "C3", "Nord", 1, "100"]]
    table = read_table(make_csv(rows, encoding=encoding))
    assert table.frame["Make"].tolist() == ["Citroën"]
    assert table.profile.encoding == encoding
    assert table.frame.columns[0] == "Date"


def test_latin1_bytes_that_cp1252_cannot_decode_fall_back_to_latin1() -> None:
    data = "Date,Make\n24/02/2024,Caf\u00e9 \x81\n".encode("latin-1")
    assert read_table(data).profile.encoding == "latin-1"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(make_csv, delimiter: str) -> None:
    table = read_table(make_csv(ROWS * 3, delimiter=delimiter))
    assert table.profile.delimiter == delimiter
    assert list(table.frame.columns) == ["Date", "Make", "Model", "Region", "Qty", "Price"]


def test_decimal_comma_is_detected_in_semicolon_files(make_csv) -> None:
    rows = [
        ["24.02.2024", "VW", "Golf", "Nord", 1, "1.234,50"],
        ["25.02.2024", "VW", "Up", "Nord", 1, "999,99"],
    ]
    table = read_table(make_csv(rows, delimiter=";"))
    assert table.profile.decimal_mark == ","


def test_title_lines_above_the_header_are_skipped(tmp_path) -> None:
    lines = [
        "Dealer sales export",
        "Generated 2024-03-01",
        "",
        "Date,Make,Model",
        "01/03/2024,Kia,Ceed",
    ]
    table = read_table("\r\n".join(lines).encode())
    assert table.profile.header_row == 4
    assert table.frame.to_dict("list") == {
        "Date": ["01/03/2024"],
        "Make": ["Kia"],
        "Model": ["Ceed"],
    }
    assert table.lines.tolist() == [5]


def test_blank_lines_are_not_rows_but_line_numbers_stay_true() -> None:
    text = "Date,Make\n01/03/2024,Kia\n\n02/03/2024,Fiat\n"
    table = read_table(text.encode())
    assert table.profile.row_count == 2
    assert table.profile.blank_rows == 1
    assert table.lines.tolist() == [2, 4]


def test_row_with_more_cells_than_the_header_is_kept_as_a_bad_row() -> None:
    text = "Date,Make,Model\n01/03/2024,Kia,Ceed\n02/03/2024,Fiat,500,surprise\n03/03/2024,VW,Up,\n"
    table = read_table(text.encode())
    assert table.frame["Make"].tolist() == ["Kia", "VW"]
    assert table.bad_rows[["line", "reason"]].to_dict("records") == [
        {"line": 3, "reason": "has 4 cells but the header has 3"}
    ]


def test_na_is_a_string_not_a_missing_value() -> None:
    table = read_table(b'"Year","Month","Make"\n2007,1,"NA"\n')
    assert table.frame["Make"].tolist() == ["NA"]


def test_file_without_any_usable_column_is_refused_naming_the_fields() -> None:
    data = b"colour of sky,mood\nblue,happy\ngrey,calm\n"
    with pytest.raises(MappingError, match="no column for sale date, make, model, region"):
        from autosales.ingest import run_pipeline

        run_pipeline(data)
    assert preview(data).missing_required == ["sale_date", "make", "model", "region"]


def test_file_without_header_gets_numbered_columns_matched_by_content() -> None:
    data = b"24/02/2024,Toyota,Corolla,North,2,21990.50\n25/02/2024,Kia,Ceed,South,1,18000.00\n"
    result = preview(data)
    assert result.profile.header_row is None
    assert result.profile.row_count == 2
    assert result.mapping.columns["Column 1"] == "sale_date"
    assert result.mapping.columns["Column 6"] == "unit_price"
