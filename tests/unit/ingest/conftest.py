"""Fixtures for the ingest tests: factories that build small CSV and XLSX files."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from autosales.ingest import run_pipeline

TODAY = dt.date(2025, 6, 30)
SHARED_DATA = Path("/work/shared/data")
HEADER = ["Date", "Make", "Model", "Region", "Qty", "Price"]


@pytest.fixture
def make_csv(tmp_path: Path) -> Callable[..., bytes]:
    """Give a factory writing rows to a CSV file in tmp_path and returning its bytes."""

    def build(
        rows: Sequence[Sequence[Any]],
        header: Sequence[str] = HEADER,
        *,
        delimiter: str = ",",
        encoding: str = "utf-8",
        newline: str = "\r\n",
    ) -> bytes:
        lines = [delimiter.join(header), *(delimiter.join(map(str, row)) for row in rows)]
        path = tmp_path / "upload.csv"
        path.write_bytes((newline.join(lines) + newline).encode(encoding))
        return path.read_bytes()

    return build


@pytest.fixture
def make_xlsx() -> Callable[..., bytes]:
    """Give a factory building a workbook from {sheet name: rows} and returning its bytes."""

    def build(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    return build


@pytest.fixture
def run() -> Callable[..., Any]:
    """Give run_pipeline with a fixed 'today', so future-date checks do not drift."""
    return functools.partial(run_pipeline, today=TODAY)


@pytest.fixture
def shared_file() -> Callable[[str], bytes]:
    """Give a factory reading a public sample file, skipping when the samples are absent."""

    def read(name: str) -> bytes:
        path = SHARED_DATA / name
        if not path.exists():
            pytest.skip(f"sample file {path} is not on this machine")
        return path.read_bytes()

    return read
