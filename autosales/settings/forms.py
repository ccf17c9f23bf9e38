"""The personal settings form: formats, time zone, currency, default period, dashboard panels."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Regexp, ValidationError

from autosales import formatting
from autosales.settings.periods import DEFAULT_PERIODS

PANEL_LABELS = {
    "kpis": "Key figures",
    "insights": "What stands out",
    "forecast": "Trend and forecast",
    "decomposition": "Trend, season and the rest",
    "share": "Share of sales",
    "top": "Best sellers",
    "rules": "What sells together",
    "classes": "Makes at a glance",
    "stock": "Stock and margin",
}
DATE_EXAMPLES = {
    "iso": "2024-02-24",
    "dmy": "24/02/2024",
    "mdy": "02/24/2024",
    "long": "24 February 2024",
}
POSITIONS = [str(number) for number in range(1, len(formatting.DASHBOARD_PANELS) + 1)]
# Symbols and letters, no digits, spaces or markup characters: "€", "$", "NOK", "R$", "kr".
CURRENCY_PATTERN = r"^[^\d\s<>&\"'.,]{0,5}$"


@functools.cache
def time_zone_names() -> list[str]:
    """Give every IANA time zone name this system knows, UTC first, then alphabetical."""
    return ["UTC", *sorted(name for name in zoneinfo.available_timezones() if name != "UTC")]


class ListedChoice(SelectField):
    """A select whose refusal message is the form's own, not WTForms' "Not a valid choice"."""

    def __init__(
        self, label: str, choices: list[tuple[str, str]], message: str, **kwargs: Any
    ) -> None:
        options = [SelectChoice(value, text) for value, text in choices]
        validators = [AnyOf([value for value, _text in choices], message=message)]
        super().__init__(
            label, choices=options, validate_choice=False, validators=validators, **kwargs
        )


class ZoneChoice:
    """Refuse a time zone name this system does not know."""

    def __call__(self, form: Any, field: Field) -> None:
        if field.data not in time_zone_names():
            raise ValidationError(
                "Choose a time zone from the list, such as Europe/Oslo or America/New_York."
            )


class BaseSettingsForm(FlaskForm):
    time_zone = SelectField(
        "Time zone", validate_choice=False, validators=[ZoneChoice()],
        description="Dates and times are shown as they were on the clock here.",
    )  # fmt: skip
    date_format = ListedChoice(
        "Date format",
        [(key, example) for key, example in DATE_EXAMPLES.items()],
        "Choose one of the date formats in the list.",
    )
    number_format = ListedChoice(
        "Number format",
        [(key, key) for key in formatting.NUMBER_FORMATS],
        "Choose one of the number formats in the list, such as 1,234.56 or 1.234,56.",
    )
    currency = StringField(
        "Currency",
        validators=[
            Length(max=5, message="Keep the currency to 5 characters at most, such as € or NOK."),
            Regexp(
                CURRENCY_PATTERN,
                message="Type a currency symbol or code such as €, $ or NOK (no digits or "
                "spaces), or leave it empty to show amounts without one.",
            ),
        ],
        description="Shown before amounts, e.g. € or NOK. Leave empty for none.",
    )
    default_period = ListedChoice(
        "Default period on the dashboard",
        list(DEFAULT_PERIODS.items()),
        "Choose one of the periods in the list.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [
            SelectChoice(name, name.replace("_", " ")) for name in time_zone_names()
        ]

    def panel_fields(self) -> list[tuple[str, BooleanField, SelectField]]:
        """Give (panel name, show tick box, position select) for each dashboard panel."""
        return [
            (name, self[f"show_{name}"], self[f"position_{name}"])
            for name in formatting.DASHBOARD_PANELS
        ]

    def chosen_panels(self) -> list[str]:
        """Give the ticked panels by their chosen position; ties keep the default order."""
        ticked = [
            (int(position.data), index, name)
            for index, (name, show, position) in enumerate(self.panel_fields())
            if show.data
        ]
        return [name for _position, _index, name in sorted(ticked)]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.chosen_panels():
            self.form_errors.append("Tick at least one dashboard panel to show.")
            return False
        return valid


def _add_panel_fields(form_class: type[BaseSettingsForm]) -> type[BaseSettingsForm]:
    message = f"Give each panel a position from 1 to {len(POSITIONS)}."
    for name in formatting.DASHBOARD_PANELS:
        setattr(form_class, f"show_{name}", BooleanField(f"Show {PANEL_LABELS[name]}"))
        position = ListedChoice(f"Position of {PANEL_LABELS[name]}",
                                [(value, value) for value in POSITIONS], message)  # fmt: skip
        setattr(form_class, f"position_{name}", position)
    return form_class


@_add_panel_fields
class SettingsForm(BaseSettingsForm):
    """Every personal setting on one form."""

    @classmethod
    def for_preferences(cls, preferences: formatting.Preferences) -> SettingsForm:
        """Give the form filled with stored preferences; hidden panels go after the shown ones."""
        shown = list(preferences.dashboard_panels)
        order = shown + [name for name in formatting.DASHBOARD_PANELS if name not in shown]
        data: dict[str, Any] = {
            "time_zone": preferences.time_zone,
            "date_format": preferences.date_format,
            "number_format": preferences.number_format,
            "currency": preferences.currency,
            "default_period": preferences.default_period,
        }
        for position, name in enumerate(order, start=1):
            data[f"show_{name}"] = name in shown
            data[f"position_{name}"] = str(position)
        return cls(data=data)
