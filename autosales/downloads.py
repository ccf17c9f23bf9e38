"""Downloads: files the app makes for a user (exports, rejected rows, the account archive)."""

from __future__ import annotations

from flask import Response


def attachment(data: bytes, filename: str, mimetype: str) -> Response:
    """Give bytes as a download under a name of our making (never one a user sent)."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
