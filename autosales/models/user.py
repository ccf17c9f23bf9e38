"""Accounts, their signed-in sessions, and the version of their data analyses are computed from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.types import BigId, UTCDateTime, utc_now

if TYPE_CHECKING:
    from autosales.formatting import Preferences


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    business_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # Bumped by every change to the owner's sales; stored analyses name the version they used.
    data_version: Mapped[int] = mapped_column(default=0)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Notification and privacy settings the account page offers.
    # Opt-in: nobody gets the weekly digest until they ask for it.
    notify_weekly_digest: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    notify_new_sign_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    notify_anomalies: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    show_activity_addresses: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true()
    )

    # The secret of the session this object was loaded for (set at sign-in and by the user
    # loader, never stored here): Flask-Login keeps it in the session and the remember cookie.
    session_secret = None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def display_preferences(self) -> Preferences:
        """Give this account's display preferences: its stored settings, or the defaults."""
        from autosales import formatting
        from autosales.models.settings import settings_of

        stored = settings_of(self.id)
        return stored.to_preferences() if stored is not None else formatting.DEFAULT

    def get_id(self) -> str:
        return f"{self.id}:{self.session_secret or ''}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class UserSession(db.Model):
    """One signed-in browser: ending it on the server makes its cookie worthless."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user", "user_id"),)

    # SHA-256 of the secret the browser holds; the secret itself is never stored.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))
