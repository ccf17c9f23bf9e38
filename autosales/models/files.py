"""Files kept in the database, so every web and worker machine can read them.

Uploads wait here between preview and import, and rejected rows wait here for download. A file
is split into chunks of at most 1 MiB to stay well under MariaDB's packet limit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.dialects.mysql import MEDIUMBLOB
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId, UTCDateTime, utc_now

CHUNK_BYTES = 1024 * 1024


class StoredFile(Owned, db.Model):
    __tablename__ = "stored_files"
    __table_args__ = (Index("ix_stored_files_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class FileChunk(db.Model):
    """A piece of a stored file; reached only through its owner-scoped StoredFile."""

    __tablename__ = "file_chunks"

    file_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # MEDIUMBLOB on MariaDB (up to 16 MiB); a chunk holds at most CHUNK_BYTES.
    data: Mapped[bytes] = mapped_column(
        LargeBinary().with_variant(MEDIUMBLOB(), "mysql", "mariadb")
    )
