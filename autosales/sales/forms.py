"""The form for one sale, used inline in the sales table for adding and editing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, IntegerField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from autosales.models.types import MONEY_MAX

_CURRENCY = re.compile(r"[^\d,.\-]")


def parse_money_text(text: str) -> Decimal:
    """Read an amount as people type it: "24,500.00", "24.500,00", "€ 24500", "24 500".

    The last of "," and "." is the decimal mark when followed by one or two digits; other
    commas, dots and spaces group thousands. Raises ValueError with a message for the user.
    """
    cleaned = _CURRENCY.sub("", text.strip())
    if not cleaned or cleaned in "-.,":
        raise ValueError(f"'{text[:30]}' is not an amount like 24500 or 24,500.00.")
    mark = max(cleaned.rfind(","), cleaned.rfind("."))
    if mark >= 0 and 1 <= len(cleaned) - mark - 1 <= 2:
        whole, fraction = cleaned[:mark], cleaned[mark + 1 :]
    else:
        whole, fraction = cleaned, ""
    digits = whole.replace(",", "").replace(".", "") + (f".{fraction}" if fraction else "")
    try:
        return Decimal(digits).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValueError(f"'{text[:30]}' is not an amount like 24500 or 24,500.00.") from error


class MoneyField(Field):
    """A text box for an amount of money, kept as an exact Decimal with two places."""

    widget = StringField.widget

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if valuelist and str(valuelist[0]).strip():
            try:
                self.data = parse_money_text(str(valuelist[0]))
            except ValueError as error:
                self.raw_data = valuelist
                raise ValueError(str(error)) from error

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return f"{self.data:.2f}" if self.data is not None else ""


def _money_range(_form: FlaskForm, field: MoneyField) -> None:
    if field.data is not None and not Decimal(0) <= field.data <= MONEY_MAX:
        raise ValidationError("Give an amount from 0 up to 999,999,999.99.")


def _text(label: str, length: int, *, required: bool = False) -> StringField:
    presence = DataRequired(message=f"Give the {label.lower()}.") if required else Optional()
    return StringField(label, validators=[presence, Length(max=length)], filters=[_strip])


def _strip(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else value


class SaleForm(FlaskForm):
    sale_date = DateField(
        "Date", validators=[InputRequired(message="Give the sale date, like 2025-03-31.")]
    )
    make = _text("Make", 64, required=True)
    model = _text("Model", 64, required=True)
    region = _text("Region", 64, required=True)
    quantity = IntegerField(
        "Quantity",
        default=1,
        validators=[
            InputRequired(message="Give the number of vehicles, a whole number like 1."),
            NumberRange(min=1, max=100_000, message="Quantity is a whole number of 1 or more."),
        ],
    )
    unit_price = MoneyField("Unit price", validators=[InputRequired(), _money_range])
    unit_cost = MoneyField("Unit cost", validators=[Optional(), _money_range])
    stocked_on = DateField("In stock since", validators=[Optional()])
    order_ref = _text("Order reference", 64)
    customer = _text("Customer", 128)
    salesperson = _text("Salesperson", 128)
    vin = _text("VIN or stock number", 32)
    body_style = _text("Body style", 32)
    colour = _text("Colour", 32)
    transmission = _text("Transmission", 32)
    allow_future = BooleanField("Booked for a later date")

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or date.today()

    def validate_sale_date(self, field: DateField) -> None:
        if field.data and field.data > self.today and not self.allow_future.data:
            raise ValidationError(
                "This date is in the future. Tick 'Booked for a later date' if that is right."
            )

    def validate_stocked_on(self, field: DateField) -> None:
        if field.data and self.sale_date.data and field.data > self.sale_date.data:
            raise ValidationError("A vehicle enters stock on or before the day it is sold.")

    def sale_values(self) -> dict[str, Any]:
        """Give the sale's fields as the model takes them; empty optional text is None."""
        names = [name for name in self._fields if name not in ("csrf_token", "allow_future")]
        return {name: (self[name].data if self[name].data != "" else None) for name in names}
