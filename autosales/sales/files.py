"""Saving and reading files kept in the database (uploads, rejected rows)."""

from __future__ import annotations

from sqlalchemy import select

from autosales.extensions import db
from autosales.models import FileChunk, StoredFile, get_owned_or_404
from autosales.models.files import CHUNK_BYTES


def save_file(kind: str, data: bytes) -> StoredFile:
    """Store the bytes for the owner in scope; the caller commits."""
    stored = StoredFile(kind=kind, size=len(data))
    db.session.add(stored)
    db.session.flush()
    for seq, start in enumerate(range(0, len(data), CHUNK_BYTES)):
        db.session.add(
            FileChunk(file_id=stored.id, seq=seq, data=data[start : start + CHUNK_BYTES])
        )
    return stored


def read_file(file_id: int) -> bytes:
    """Give the bytes of the owner's file; another owner's file is a 404."""
    stored = get_owned_or_404(StoredFile, file_id)
    chunks = db.session.execute(
        select(FileChunk.data).where(FileChunk.file_id == stored.id).order_by(FileChunk.seq)
    ).scalars()
    return b"".join(chunks)
