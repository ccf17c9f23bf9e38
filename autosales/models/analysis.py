"""Stored analysis results and the jobs that compute them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId, UTCDateTime, utc_now


class AnalysisResult(Owned, db.Model):
    """One analysis of one owner's data at one data version with one set of parameters."""

    __tablename__ = "analysis_results"
    __table_args__ = (
        UniqueConstraint("owner_id", "kind", "params_key", "data_version", name="uq_analysis_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    params_key: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    data_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class JobRecord(Owned, db.Model):
    """A job a user started: what it is, where it stands, and what came of it."""

    __tablename__ = "job_records"
    __table_args__ = (Index("ix_job_records_owner_created", "owner_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    result_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_finished(self) -> bool:
        return self.status in ("done", "failed")
