"""The mails the account system sends, each rendered from templates/mail/."""

from __future__ import annotations

from flask import render_template, url_for

from autosales.auth import tokens
from autosales.mail import send_mail
from autosales.models import User


def _send(to: str, subject: str, template: str, **context: object) -> None:
    send_mail(to, subject, render_template(f"mail/{template}.txt", **context))


def send_verification(user: User) -> None:
    token = tokens.make_token("verify", user)
    link = url_for("auth.verify_email", token=token, _external=True)
    _send(user.email, "Confirm your email address for Auto-sales", "verify", user=user, link=link)


def send_already_registered(user: User) -> None:
    links = {
        "login": url_for("auth.login", _external=True),
        "forgot": url_for("auth.forgot_password", _external=True),
    }
    _send(
        user.email,
        "Someone tried to create an Auto-sales account",
        "already_registered",
        user=user,
        **links,
    )


def send_reset(user: User) -> None:
    token = tokens.make_token("reset", user)
    link = url_for("auth.reset_password", token=token, _external=True)
    _send(user.email, "Reset your Auto-sales password", "reset", user=user, link=link)


def send_password_changed(user: User, *, by_reset: bool) -> None:
    link = url_for("auth.forgot_password", _external=True)
    _send(
        user.email,
        "Your Auto-sales password was changed",
        "password_changed",
        user=user,
        by_reset=by_reset,
        link=link,
    )


def send_email_change(user: User, new_email: str) -> None:
    token = tokens.make_token("email-change", user, new_email=new_email)
    link = url_for("account.confirm_email", token=token, _external=True)
    _send(
        new_email,
        "Confirm your new email address for Auto-sales",
        "email_change",
        user=user,
        link=link,
        new_email=new_email,
    )
    _send(
        user.email,
        "Your Auto-sales email address is about to change",
        "email_change_notice",
        user=user,
        new_email=new_email,
    )


def send_email_changed(user: User, old_email: str) -> None:
    _send(
        old_email,
        "Your Auto-sales email address was changed",
        "email_changed",
        user=user,
        old_email=old_email,
    )


def send_account_deleted(email: str, name: str) -> None:
    _send(email, "Your Auto-sales account was deleted", "account_deleted", name=name)


def send_new_sign_in(user: User, address: str | None) -> None:
    _send(
        user.email,
        "New sign-in to your Auto-sales account",
        "new_sign_in",
        user=user,
        address=address or "an unknown address",
    )
