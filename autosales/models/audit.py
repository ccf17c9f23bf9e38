"""The audit trail of security events, and one-time tokens already spent.

Audit events are not :class:`~autosales.models.ownership.Owned`: a failed sign-in for an
address with no account has no owner, and the operator reads events across accounts. Views
that show a user their own activity filter on ``user_id`` themselves.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.types import BigId, UTCDateTime


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_user_created", "user_id", "created_at"),
        Index("ix_audit_events_kind_email_created", "kind", "email", "created_at"),
        Index("ix_audit_events_kind_ip_created", "kind", "ip", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(40))
    # The account concerned; deleting the account deletes its events.
    user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"))
    # The address typed, for sign-in attempts (counted to decide when a CAPTCHA is asked).
    email: Mapped[str | None] = mapped_column(String(254))
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[str | None] = mapped_column(String(255))


class SpentToken(db.Model):
    """A single-use link or CAPTCHA challenge that has been used, kept until it would expire."""

    __tablename__ = "spent_tokens"
    __table_args__ = (Index("ix_spent_tokens_expires", "expires_at"),)

    # SHA-256 of the token: the token itself is never stored.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
