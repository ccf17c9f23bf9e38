"""Feedback a signed-in user sent from the footer form, for the operator to read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId, UTCDateTime, utc_now

FEEDBACK_CATEGORIES = {
    "problem": "A problem",
    "idea": "An idea",
    "question": "A question",
    "other": "Something else",
}


class Feedback(Owned, db.Model):
    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    category: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    # The page the user was on, as they sent it: shown to the operator, never fetched.
    page: Mapped[str | None] = mapped_column(String(500))
