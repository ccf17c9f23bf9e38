"""Read an uploaded CSV or XLSX into a frame of strings, with a profile of what was found.

Every cell is read as text (missing cells as ""); typed conversion happens in cleaning, so no
value is guessed twice. The uploaded file name is never used: the bytes alone decide.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException

try:  # optional: a Rust reader about 20x faster than openpyxl
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - depends on the environment
    CalamineWorkbook = None

from autosales.ingest import sniff
from autosales.ingest.errors import IngestError, UnsafeFileError, UnsupportedFileError

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class FileProfile:
    """What the reader found in a file, shown to the user beside the mapping form.

    ``header_row`` is the 1-based line (CSV) or sheet row (XLSX) of the column labels, None when
    the file has no header. ``date_order`` ("DMY", "MDY", "YMD") and ``date_format`` are filled
    once the sale date column is known.
    """

    kind: str
    encoding: str | None
    delimiter: str | None
    decimal_mark: str
    header_row: int | None
    row_count: int
    columns: list[str]
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    blank_rows: int = 0
    date_order: str | None = None
    date_format: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Give the profile as JSON-serialisable values."""
        return asdict(self)


@dataclass(slots=True)
class RawTable:
    """The file as text cells: ``frame`` (one str column per file column), each row's line
    number in ``lines``, and ``bad_rows`` that could not be split into the header's columns
    (original cells, ``line`` and ``reason``)."""

    frame: pd.DataFrame
    lines: np.ndarray
    profile: FileProfile
    bad_rows: pd.DataFrame


def read_table(data: bytes, *, sheet: str | None = None) -> RawTable:
    """Read CSV or XLSX bytes (judged from content) into a :class:`RawTable`."""
    kind = sniff.detect_kind(data)
    table = read_xlsx(data, sheet=sheet) if kind == "xlsx" else read_csv(data)
    if not len(table.frame.columns):
        raise UnsupportedFileError("The file has no columns we can use. Check it has a header.")
    logger.info(
        "ingest read: %s, %d rows, %d columns",
        kind,
        table.profile.row_count,
        len(table.frame.columns),
    )
    return table


def read_csv(data: bytes) -> RawTable:
    """Read delimited text: detect encoding, delimiter, header row and decimal mark."""
    encoding = sniff.detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    sniff.check_text(text)
    sample = sniff.sample_lines(text)
    delimiter = sniff.detect_delimiter(sample)
    rows = sniff.split_rows(sample, delimiter, limit=200)
    header_index = sniff.detect_header_row(rows)
    skip = 0 if header_index is None else header_index + 1
    header = _unique_names(rows[header_index] if header_index is not None else [])

    # The whole file is decoded in memory (about 30x its size at peak); a streaming reader would
    # lift that. Line numbers count records, so a quoted cell spanning lines shifts later ones.
    source = io.StringIO(text) if encoding.startswith("utf-16") else io.BytesIO(data)
    frame, bad_rows = _read_cells(source, encoding, text, (delimiter, skip, header))
    lines = np.arange(len(frame), dtype=np.int64) + skip + 1
    frame, lines, blank = _drop_blank(frame, lines)
    profile = FileProfile(
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
        decimal_mark=sniff.detect_decimal_mark(rows[skip:]),
        header_row=None if header_index is None else header_index + 1,
        row_count=len(frame) + len(bad_rows),
        columns=list(frame.columns),
        blank_rows=blank - len(bad_rows),
    )
    return RawTable(frame, lines, profile, bad_rows)


def _read_cells(
    source: io.IOBase, encoding: str, text: str, layout: tuple[str, int, list[str]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse the data rows with pandas; fall back to the csv module for ragged rows.

    ``layout`` is (delimiter, lines to skip, header names); bytes are parsed directly when the
    encoding allows, which is faster than parsing the decoded text.
    """
    delimiter, skip, header = layout
    try:
        frame = pd.read_csv(
            source,
            encoding=None if isinstance(source, io.StringIO) else encoding,
            encoding_errors="replace",
            sep=delimiter,
            header=None,
            skiprows=skip,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
            quotechar='"',
        )
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame(columns=header or ["Column 1"], dtype=str)
    except pd.errors.ParserError:
        logger.info("ingest read: ragged rows, reading with the csv module")
        return _read_ragged(text, delimiter, skip, header)
    if header and len(frame.columns) > len(header):
        return _read_ragged(text, delimiter, skip, header)
    names = header or [f"Column {i + 1}" for i in range(len(frame.columns))]
    for name in names[len(frame.columns) :]:
        frame[name] = ""
    frame.columns = names
    return frame.astype(str), _empty_bad_rows(names)


def _read_ragged(
    text: str, delimiter: str, skip: int, header: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read row by row; rows longer than the header (beyond empty cells) become bad rows."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)[skip:]
    width = len(header) or max((len(row) for row in rows), default=1)
    names = header or [f"Column {i + 1}" for i in range(width)]
    good: list[list[str]] = []
    bad: list[list[Any]] = []
    for offset, row in enumerate(rows):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            reason = f"has {len(row)} cells but the header has {width}"
            bad.append([*row[:width], skip + offset + 1, reason])
            good.append([""] * width)  # placeholder keeps line numbers; dropped as blank
            continue
        good.append((row + [""] * width)[:width])
    frame = pd.DataFrame(good, columns=names, dtype=str)
    bad_rows = pd.DataFrame(bad, columns=[*names, "line", "reason"])
    return frame, bad_rows


def _empty_bad_rows(names: list[str]) -> pd.DataFrame:
    """Give an empty bad-rows frame with the file's columns plus line and reason."""
    return pd.DataFrame(columns=[*names, "line", "reason"])


def _unique_names(header: list[str]) -> list[str]:
    """Trim header labels, name empty ones by position and number repeated ones."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(header, start=1):
        name = " ".join(str(raw).split()) or f"Column {position}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _drop_blank(frame: pd.DataFrame, lines: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Remove rows whose cells are all empty; blank lines are not sales rows."""
    if frame.empty:
        return frame, lines, 0
    filled = np.zeros(len(frame), dtype=bool)
    for name in frame.columns:
        filled |= (frame[name].str.len() > 0).to_numpy()
    if filled.all():
        return frame.reset_index(drop=True), lines, 0
    blank = int((~filled).sum())
    return frame[filled].reset_index(drop=True), lines[filled], blank


def read_xlsx(data: bytes, *, sheet: str | None = None) -> RawTable:
    """Read the chosen sheet, or the first sheet with data, of an XLSX workbook."""
    sheets, name, rows = _load_sheet_rows(data, sheet)
    header_index = sniff.detect_header_row(rows[:50])
    start = 0 if header_index is None else header_index + 1
    width = max((len(row) for row in rows), default=0)
    header = _unique_names(rows[header_index] if header_index is not None else [])
    header += [f"Column {i + 1}" for i in range(len(header), width)]
    body = [(row + [""] * width)[:width] for row in rows[start:]]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    lines = np.arange(len(frame), dtype=np.int64) + start + 1
    frame, lines, blank = _drop_blank(frame, lines)
    profile = FileProfile(
        kind="xlsx",
        encoding=None,
        delimiter=None,
        decimal_mark=sniff.detect_decimal_mark(body[:200]),
        header_row=None if header_index is None else header_index + 1,
        row_count=len(frame),
        columns=list(frame.columns),
        sheet=name,
        sheets=sheets,
        blank_rows=blank,
    )
    return RawTable(frame, lines, profile, _empty_bad_rows(header))


def _load_sheet_rows(data: bytes, sheet: str | None) -> tuple[list[str], str, list[list[str]]]:
    """Give the sheet names, the sheet read and its rows as text cells.

    python-calamine reads the workbook when installed, openpyxl (with defusedxml) otherwise.
    """
    if CalamineWorkbook is not None:
        return _calamine_rows(data, sheet)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles, validation and extensions it drops; none affect values.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return _pick_sheet(workbook, sheet)
            finally:
                workbook.close()
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        if _caused_by_unsafe_xml(exc):
            logger.warning("xlsx refused: unsafe XML")
            raise UnsafeFileError(
                "The workbook contains XML entity declarations, which we refuse for safety. "
                "Save it again from Excel, or as CSV, and upload that."
            ) from exc
        raise UnsupportedFileError(
            "The workbook could not be read (it may be damaged or password-protected). "
            "Save it again as .xlsx or CSV and upload that."
        ) from exc


def _calamine_rows(data: bytes, sheet: str | None) -> tuple[list[str], str, list[list[str]]]:
    """Read the sheet's rows with python-calamine."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return _pick_sheet(workbook, sheet, _calamine_sheet_rows)
    except IngestError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise UnsupportedFileError(
            "The workbook could not be read (it may be damaged or password-protected). "
            "Save it again as .xlsx or CSV and upload that."
        ) from exc


def _calamine_sheet_rows(workbook: Any, name: str) -> list[list[str]]:
    """Give a calamine sheet's rows as text cells."""
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return _trim_rows([[cell_text(value) for value in row] for row in rows])


def _caused_by_unsafe_xml(exc: BaseException | None) -> bool:
    """Say whether defusedxml refused the XML somewhere in the exception's chain."""
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _pick_sheet(
    workbook: Any, sheet: str | None, read_rows: Any = None
) -> tuple[list[str], str, list[list[str]]]:
    """Give the named sheet's rows, or those of the first sheet that has any filled cell."""
    read_rows = read_rows or _openpyxl_sheet_rows
    names = list(getattr(workbook, "sheetnames", None) or workbook.sheet_names)
    if sheet is not None and sheet not in names:
        raise IngestError(f"The workbook has no sheet named {sheet!r}; its sheets are {names}.")
    for name in [sheet] if sheet is not None else names:
        rows = read_rows(workbook, name)
        if rows:
            return names, name, rows
    raise UnsupportedFileError("The workbook has no sheet with data. Check the file and retry.")


def _openpyxl_sheet_rows(workbook: Any, name: str) -> list[list[str]]:
    """Give an openpyxl sheet's rows as text cells (slow: tens of thousands of cells a second)."""
    rows = workbook[name].iter_rows(values_only=True)
    return _trim_rows([[cell_text(value) for value in row] for row in rows])


def _trim_rows(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows and the empty cells right of the last filled column."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max(
        (max((i + 1 for i, c in enumerate(row) if c), default=0) for row in rows), default=0
    )
    return [row[:width] for row in rows]


def cell_text(value: object) -> str:
    """Give a spreadsheet cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
