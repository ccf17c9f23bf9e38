"""Errors the ingest package raises; each message is written for the person who sent the file."""

from __future__ import annotations


class IngestError(ValueError):
    """A file or a mapping that cannot be imported; the message says why and what to do."""


class UnsupportedFileError(IngestError):
    """The content is not a CSV or XLSX file we can read (legacy XLS, binary, empty, ...)."""


class UnsafeFileError(IngestError):
    """The file looks built to exhaust the server (zip bomb, XML entity expansion)."""


class MappingError(IngestError):
    """The column mapping leaves required fields without a source.

    ``missing`` lists the canonical field names that need a column or a default value.
    """

    def __init__(self, message: str, missing: list[str] | None = None) -> None:
        super().__init__(message)
        self.missing = list(missing or [])
