"""How numbers, money and dates are shown: in the signed-in user's own formats and time zone.

Templates use the filters ``money``, ``number``, ``percent``, ``share``, ``numbers_in``,
``local_date`` and ``local_datetime``. They read the user's preferences through
:func:`user_preferences`, so a change of setting applies everywhere, reports included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, g, has_app_context, has_request_context
from flask_login import current_user

DATE_FORMATS = {
    "iso": "%Y-%m-%d",
    "dmy": "%d/%m/%Y",
    "mdy": "%m/%d/%Y",
    "long": "%-d %B %Y",
}
# (thousands separator, decimal mark)
NUMBER_FORMATS = {
    "1,234.56": (",", "."),
    "1.234,56": (".", ","),
    "1 234,56": ("\u202f", ","),
    "1'234.56": ("'", "."),
}


# The dashboard's panels, in their default order; a user may hide some and reorder the rest.
DASHBOARD_PANELS = (
    "kpis", "insights", "forecast", "decomposition", "share", "top", "rules", "classes", "stock",
)  # fmt: skip


@dataclass(frozen=True)
class Preferences:
    """A user's display preferences; the defaults serve visitors and the command line."""

    time_zone: str = "UTC"
    date_format: str = "iso"
    number_format: str = "1,234.56"
    currency: str = ""
    default_period: str = "all"
    dashboard_panels: tuple[str, ...] = DASHBOARD_PANELS

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


DEFAULT = Preferences()


def user_preferences() -> Preferences:
    """Give the signed-in user's preferences, read once per request; outside a request (a
    job, a command) those of the owner in scope, so mails and reports made there read the same."""
    if has_request_context():
        if "preferences" not in g:
            loader = getattr(current_user, "display_preferences", None)
            g.preferences = loader() if callable(loader) else DEFAULT
        return g.preferences
    if not has_app_context():
        return DEFAULT
    from autosales.models import User, current_owner_id

    owner_id = current_owner_id()
    if owner_id is None:
        return DEFAULT
    known: dict[int, Preferences] = g.setdefault("owner_preferences", {})
    if owner_id not in known:
        from autosales.extensions import db

        owner = db.session.get(User, owner_id)
        known[owner_id] = owner.display_preferences() if owner is not None else DEFAULT
    return known[owner_id]


def format_number(value: Any, places: int = 0, preferences: Preferences | None = None) -> str:
    """Give a number with the user's thousands separator and decimal mark; None as a dash."""
    if value is None or value == "":
        return "–"
    preferences = preferences or user_preferences()
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{amount:,.{places}f}"
    thousands, mark = NUMBER_FORMATS.get(preferences.number_format, (",", "."))
    return text.replace(",", "\0").replace(".", mark).replace("\0", thousands)


def format_money(value: Any, places: int = 2, preferences: Preferences | None = None) -> str:
    preferences = preferences or user_preferences()
    text = format_number(value, places, preferences)
    if text == "–" or not preferences.currency:
        return text
    return f"{preferences.currency} {text}"


def format_percent(value: Any, places: int = 1, *, signed: bool = True) -> str:
    """Give a percentage figure (12.5 for 12.5%) as "+12.5%"."""
    if value is None:
        return "–"
    text = format_number(abs(float(value)), places)
    sign = "−" if value < 0 else ("+" if value > 0 and signed else "")
    return f"{sign}{text}%"


def format_share(value: Any, places: int = 0, preferences: Preferences | None = None) -> str:
    """Give a fraction (0.125) as a percentage ("12.5%" with places=1), unsigned."""
    if value is None:
        return "–"
    return f"{format_number(float(value) * 100, places, preferences)}%"


# A figure as Python writes it ("1,234", "2,782,772.5", "0.95"), not inside a longer token
# such as a date, a version or a name with digits.
_WRITTEN_FIGURE = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w]|[.,]\d)")


def numbers_in(text: Any, preferences: Preferences | None = None) -> str:
    """Rewrite the figures in a sentence the analysis wrote ("2,782,772 to 3,395,214") in the
    user's number format; the analysis code itself knows nothing of users."""
    if text is None:
        return ""
    preferences = preferences or user_preferences()
    thousands, mark = NUMBER_FORMATS.get(preferences.number_format, (",", "."))
    if (thousands, mark) == (",", "."):
        return str(text)
    table = str.maketrans({",": thousands, ".": mark})
    return _WRITTEN_FIGURE.sub(lambda match: match.group().translate(table), str(text))


def local_date(value: date | datetime | str | None, preferences: Preferences | None = None) -> str:
    if value in (None, ""):
        return "–"
    preferences = preferences or user_preferences()
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = _localise(value, preferences).date()
    return value.strftime(DATE_FORMATS.get(preferences.date_format, DATE_FORMATS["iso"]))


def local_datetime(value: datetime | None, preferences: Preferences | None = None) -> str:
    """Give a stored UTC time in the user's time zone and date format, with the zone named."""
    if value is None:
        return "–"
    preferences = preferences or user_preferences()
    moment = _localise(value, preferences)
    pattern = DATE_FORMATS.get(preferences.date_format, DATE_FORMATS["iso"])
    return f"{moment.strftime(pattern)} {moment:%H:%M} {moment.tzname()}"


def _localise(value: datetime, preferences: Preferences) -> datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(preferences.zone)


def init_app(app: Flask) -> None:
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_percent, "percent")
    app.add_template_filter(format_share, "share")
    app.add_template_filter(numbers_in, "numbers_in")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(local_datetime, "local_datetime")
