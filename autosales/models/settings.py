"""Personal display settings: time zone, date and number formats, currency, dashboard layout."""

from __future__ import annotations

from sqlalchemy import JSON, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from autosales import formatting
from autosales.extensions import db
from autosales.models.ownership import Owned, owner_scope
from autosales.models.types import BigId


class UserSettings(Owned, db.Model):
    """One row per account; an account without a row sees the defaults of ``Preferences``."""

    __tablename__ = "user_settings"
    __table_args__ = (UniqueConstraint("owner_id", name="uq_user_settings_owner"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    date_format: Mapped[str] = mapped_column(String(16), default="iso")
    number_format: Mapped[str] = mapped_column(String(16), default="1,234.56")
    currency: Mapped[str] = mapped_column(String(8), default="")
    default_period: Mapped[str] = mapped_column(String(20), default="all")
    # The dashboard panels shown, in order: a list of names from formatting.DASHBOARD_PANELS.
    dashboard_panels: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(formatting.DASHBOARD_PANELS)
    )

    def to_preferences(self) -> formatting.Preferences:
        """Give these settings as the preferences the template filters read."""
        known = [
            name for name in self.dashboard_panels or () if name in formatting.DASHBOARD_PANELS
        ]
        return formatting.Preferences(
            time_zone=self.time_zone,
            date_format=self.date_format,
            number_format=self.number_format,
            currency=self.currency or "",
            default_period=self.default_period,
            dashboard_panels=tuple(known),
        )


def settings_of(owner_id: int) -> UserSettings | None:
    """Give the stored settings of an account, or None when it has kept the defaults."""
    with owner_scope(owner_id):
        query = select(UserSettings).where(UserSettings.owner_id == owner_id)
        return db.session.execute(query).scalar_one_or_none()
