"""Spellings a user confirmed once ("VW" is "Volkswagen"), applied again on later imports."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId


class SpellingMapping(Owned, db.Model):
    __tablename__ = "spelling_mappings"
    __table_args__ = (
        UniqueConstraint("owner_id", "field", "original", name="uq_spelling_mappings_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    field: Mapped[str] = mapped_column(String(20))
    original: Mapped[str] = mapped_column(String(64))
    replacement: Mapped[str] = mapped_column(String(64))
