"""Import batches: who uploaded which file when, and what became of its rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId, UTCDateTime, utc_now


class ImportBatch(Owned, db.Model):
    __tablename__ = "import_batches"
    __table_args__ = (Index("ix_import_batches_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The name the user's file had, for display only: never used as a path.
    filename: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_stored: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What the user chose on the preview: mapping, defaults, spellings, duplicate handling.
    choices: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(String(500))
    upload_file_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    rejected_file_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    job_id: Mapped[str | None] = mapped_column(String(36))

    @property
    def is_finished(self) -> bool:
        return self.status in ("done", "failed", "undone")
