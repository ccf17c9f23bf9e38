"""Storing an account's display settings."""

from __future__ import annotations

import logging

from autosales.extensions import db
from autosales.models import UserSettings, settings_of
from autosales.settings.forms import SettingsForm

log = logging.getLogger(__name__)


def save_settings(owner_id: int, form: SettingsForm) -> UserSettings:
    """Store the validated form as the account's settings, creating its row on first save."""
    record = settings_of(owner_id)
    if record is None:
        record = UserSettings(owner_id=owner_id)
        db.session.add(record)
    record.time_zone = form.time_zone.data
    record.date_format = form.date_format.data
    record.number_format = form.number_format.data
    record.currency = (form.currency.data or "").strip()
    record.default_period = form.default_period.data
    record.dashboard_panels = form.chosen_panels()
    db.session.commit()
    log.info("settings: account %s saved display settings (zone %s)", owner_id, record.time_zone)
    return record
