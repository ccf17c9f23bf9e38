"""Forms of the account system: signing in and up, links by mail, the account page."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import BooleanField, EmailField, Field, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from autosales.auth import clock
from autosales.auth.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    length_problem,
    password_context,
    strength_problem,
)

EMAIL_VALIDATORS = [DataRequired("Type your email address."), Email(), Length(max=254)]


class StrongPassword:
    """Refuse passwords outside 12 to 128 characters, or easy to guess for this user.

    The form gives the name and address to check against through ``password_owner()``.
    """

    def __call__(self, form: Any, field: Field) -> None:
        password = field.data or ""
        problem = length_problem(password)
        if problem is None:
            name, email = form.password_owner()
            problem = strength_problem(password, password_context(name, email))
        if problem is not None:
            raise ValidationError(problem)


def new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired("Choose a password."), StrongPassword()],
        description=f"{MIN_LENGTH} to {MAX_LENGTH} characters; a phrase of a few unrelated words "
        "works well. Any characters, including spaces, count.",
    )


class CaptchaMixin:
    captcha = StringField(
        "Type the six digits in the picture",
        validators=[Optional(), Length(max=20)],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )


def _trap_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="autosales-form-started")


def form_started_stamp() -> str:
    """Give a signed stamp of the time a form was shown, for the time trap."""
    return _trap_serializer().dumps(int(clock.epoch_seconds()))


def seconds_since_form_shown(stamp: str | None) -> float | None:
    """Give how long ago the form with this stamp was shown, or None when it is not genuine."""
    try:
        started = _trap_serializer().loads(stamp or "")
    except BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return clock.epoch_seconds() - started


class LoginForm(CaptchaMixin, FlaskForm):
    email = EmailField("Email", validators=EMAIL_VALIDATORS)
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField("Keep me signed in on this device (up to 12 hours)")


class RegisterForm(CaptchaMixin, FlaskForm):
    name = StringField("Your name", validators=[DataRequired("Type your name."), Length(max=100)])
    email = EmailField("Email", validators=EMAIL_VALIDATORS)
    password = new_password_field()
    # The honeypot: hidden from people by CSS and from screen readers; bots fill it in.
    website = StringField("Leave this empty", render_kw={"autocomplete": "off", "tabindex": "-1"})
    started = HiddenField()

    def password_owner(self) -> tuple[str, str]:
        return self.name.data or "", self.email.data or ""


class EmailForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL_VALIDATORS)


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password")

    def __init__(self, *args: Any, owner: tuple[str, str] = ("", ""), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner = owner

    def password_owner(self) -> tuple[str, str]:
        return self._owner


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: one button that confirms an action."""


class PasswordCheckForm(FlaskForm):
    password = PasswordField(
        "Your current password", validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )


class NameForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired("Type your name."), Length(max=100)])
    business_name = StringField("Business name (shown on reports)", validators=[Length(max=120)])


class ChangeEmailForm(FlaskForm):
    email = EmailField("New email address", validators=EMAIL_VALIDATORS)


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )


class SettingsForm(FlaskForm):
    notify_weekly_digest = BooleanField("Mail me a weekly summary of my sales")
    notify_new_sign_in = BooleanField("Mail me when my account is signed in to")
    notify_anomalies = BooleanField("Mail me when the analysis finds a new anomaly")
    show_activity_addresses = BooleanField(
        "Show the network address of each event in my recent activity"
    )


class DeleteAccountForm(PasswordCheckForm):
    confirm = BooleanField(
        "I understand that my account and all its sales, imports and analyses will be deleted "
        "and cannot be restored",
        validators=[DataRequired("Tick the box to confirm the deletion.")],
    )
