"""Guess what a file is from its bytes: type, encoding, delimiter, header row and decimal mark.

Everything here looks at content only; the uploaded file name is never consulted.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections import Counter
from typing import Literal

from autosales.ingest.errors import UnsafeFileError, UnsupportedFileError

logger = logging.getLogger(__name__)

FileKind = Literal["csv", "xlsx"]

# Limits applied to an XLSX (zip) before any XML is parsed.
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 1024**3
MAX_COMPRESSION_RATIO = 100
# Small entries cannot exhaust anything whatever their ratio; XML compresses very well.
RATIO_CHECK_MIN_BYTES = 1024**2

PROLOG_BYTES = 64 * 1024
SAMPLE_BYTES = 64 * 1024
SAMPLE_ROWS = 50
HEADER_SEARCH_ROWS = 20
DELIMITERS = (",", ";", "\t", "|")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"GIF8": "a GIF image",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
_NUMBER = re.compile(r"^[-+(]?[$€£¥]?\s?[\d.,' \u00a0]*\d[\d.,' \u00a0]*\)?\s?(?:[$€£¥%]|kr)?$")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?$")
_COMMA_DECIMAL = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,(?:\d{1,2}|\d{4,}))$")
_POINT_DECIMAL = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.(?:\d{1,2}|\d{4,}))$")


def detect_kind(data: bytes) -> FileKind:
    """Say whether the bytes are an XLSX workbook or delimited text; refuse anything else."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnsupportedFileError("The file is empty. Choose a CSV or XLSX file with sales rows.")
    if data.startswith(_OLE_MAGIC):
        raise UnsupportedFileError(
            "This is a legacy Excel 97-2003 (.xls) file, which we cannot read. "
            "Open it in Excel and save as .xlsx or CSV, then upload that."
        )
    if data.startswith(b"PK\x03\x04"):
        check_xlsx_archive(data)
        return "xlsx"
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnsupportedFileError(
                f"This looks like {what}, not a spreadsheet. Upload a CSV or XLSX file."
            )
    return "csv"


def check_xlsx_archive(data: bytes) -> None:
    """Refuse a zip that is not a workbook or that would expand beyond the module limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsupportedFileError(
            "The file is a damaged zip archive. Save the workbook again as .xlsx or CSV."
        ) from exc
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise UnsupportedFileError(
                "The file is a zip archive but not an Excel workbook. Upload a CSV or XLSX file."
            )
        _check_expansion(entries)
        _check_prologs(archive, entries)


def _check_prologs(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts that declare a DTD or entities; Excel never writes them.

    This guards whichever XML parser reads the workbook; openpyxl's defusedxml is the second
    line. Only the start of each part is read: a declaration must come before the root element.
    """
    for entry in entries:
        if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(entry) as stream:
            head = stream.read(PROLOG_BYTES).replace(b"\x00", b"").upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            logger.warning("xlsx refused: DTD or entity declaration in %s", entry.filename)
            raise UnsafeFileError(
                "The workbook contains XML entity declarations, which we refuse for safety. "
                "Save it again from Excel, or as CSV, and upload that."
            )


def _check_expansion(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse archives with too many entries, too much content or suspicious compression."""
    if len(entries) > MAX_ZIP_ENTRIES:
        logger.warning("xlsx refused: %d zip entries", len(entries))
        raise UnsafeFileError(
            f"The workbook has {len(entries):,} parts (at most {MAX_ZIP_ENTRIES:,} allowed). "
            "Save it as CSV and upload that."
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        logger.warning("xlsx refused: %d bytes uncompressed", total)
        raise UnsafeFileError(
            "The workbook expands to more than 1 GB. Split it or save it as CSV and upload that."
        )
    for entry in entries:
        if entry.file_size < RATIO_CHECK_MIN_BYTES:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            logger.warning("xlsx refused: %s compressed %.0f:1", entry.filename, ratio)
            raise UnsafeFileError(
                "The workbook is compressed suspiciously well (a possible zip bomb) and was "
                "refused. Save it as CSV and upload that."
            )


def detect_encoding(data: bytes) -> str:
    """Give the text encoding: BOM first, then strict UTF-8, then cp1252, then latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def check_text(text: str) -> None:
    """Refuse decoded text that is really binary data (NUL bytes, many control characters)."""
    sample = text[:SAMPLE_BYTES]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\r\n\t")
    if "\x00" in sample or controls > len(sample) // 100:
        raise UnsupportedFileError(
            "The file is not text or a spreadsheet we know. Upload a CSV or XLSX file."
        )


def sample_lines(text: str) -> str:
    """Give the first complete lines of the text, up to about SAMPLE_BYTES characters."""
    if len(text) <= SAMPLE_BYTES:
        return text
    cut = text.rfind("\n", 0, SAMPLE_BYTES)
    return text[: cut + 1] if cut > 0 else text[:SAMPLE_BYTES]


def detect_delimiter(sample: str) -> str:
    """Pick the delimiter giving the most columns most consistently over the sample rows."""
    best, best_score = ",", 0.0
    for delimiter in DELIMITERS:
        rows = split_rows(sample, delimiter)
        counts = [len(row) for row in rows if any(cell.strip() for cell in row)]
        if not counts:
            continue
        width, frequency = Counter(counts).most_common(1)[0]
        score = (width - 1) * frequency / len(counts) if width > 1 else 0.0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def split_rows(sample: str, delimiter: str, limit: int = SAMPLE_ROWS) -> list[list[str]]:
    """Parse up to ``limit`` rows of the sample with the given delimiter."""
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        logger.debug("sniff: sample stops at an unreadable row for %r", delimiter)
    return rows


def looks_like_value(cell: str) -> bool:
    """Say whether a cell holds a number or a date rather than a column label."""
    cell = cell.strip()
    return bool(_NUMBER.match(cell) or _DATE_LIKE.match(cell))


def detect_header_row(rows: list[list[str]]) -> int | None:
    """Give the index of the first row that reads as column labels, or None if none does.

    A header row fills at least half as many cells as the widest sample row, and nine in ten of
    its filled cells are labels, not numbers or dates. Title lines above a header are skipped.
    """
    widths = [sum(1 for cell in row if cell.strip()) for row in rows]
    widest = max(widths, default=0)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [cell for cell in row if cell.strip()]
        if not filled or len(filled) * 2 < widest:
            continue
        labels = sum(1 for cell in filled if not looks_like_value(cell))
        return index if labels * 10 >= len(filled) * 9 else None
    return None


def detect_decimal_mark(rows: list[list[str]]) -> str:
    """Give "," when the sample's numbers mostly use a decimal comma, else "."."""
    comma = point = 0
    for row in rows:
        for cell in row:
            cell = re.sub(r"[\s$€£¥\u00a0]|kr", "", cell.strip())
            comma += bool(_COMMA_DECIMAL.match(cell))
            point += bool(_POINT_DECIMAL.match(cell))
    return "," if comma > point else "."
