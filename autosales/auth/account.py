"""The account page: name, address, password, settings, activity, download and deletion."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from autosales.auth import accounts, audit, sessions, tokens
from autosales.auth.export import account_zip
from autosales.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    NameForm,
    SettingsForm,
)
from autosales.downloads import attachment
from autosales.extensions import db, login_manager

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
def require_sign_in() -> Response | None:
    if request.endpoint == "account.confirm_email" or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def _page(**forms: object) -> str:
    user = current_user
    defaults = {
        "name_form": NameForm(obj=user),
        "email_form": ChangeEmailForm(formdata=None),
        "password_form": ChangePasswordForm(owner=(user.name, user.email), formdata=None),
        "settings_form": SettingsForm(obj=user),
        "end_sessions_form": ConfirmForm(),
    }
    return render_template(
        "account/index.html",
        **(defaults | forms),
        events=audit.recent_events(user.id),
        describe=audit.describe,
        sessions=sessions.active_sessions(user.id),
        is_current=sessions.is_current,
        recent_login=sessions.login_is_recent(),
    )


@bp.get("")
def index() -> str:
    return _page()


@bp.post("/name")
def change_name() -> str | Response:
    form = NameForm()
    if not form.validate_on_submit():
        return _page(name_form=form)
    current_user.name = (form.name.data or "").strip()
    current_user.business_name = (form.business_name.data or "").strip() or None
    db.session.commit()
    audit.record("name_changed", user_id=current_user.id)
    flash("Your name is saved.", "info")
    return redirect(url_for("account.index"), code=303)


@bp.post("/settings")
def change_settings() -> Response:
    form = SettingsForm()
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        audit.record("settings_changed", user_id=current_user.id)
        flash("Your settings are saved.", "info")
    return redirect(url_for("account.index"), code=303)


@bp.post("/email")
@sessions.recent_login_required
def change_email() -> str | Response:
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return _page(email_form=form)
    try:
        accounts.request_email_change(current_user, form.email.data or "")
    except accounts.AccountError as error:
        form.email.errors = [str(error)]
        return _page(email_form=form)
    flash(
        f"We sent a confirmation link to {accounts.normalise_email(form.email.data or '')}. "
        "Your address changes when you open it (within 2 hours).",
        "info",
    )
    return redirect(url_for("account.index"), code=303)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> str | Response | tuple[str, int]:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("account/confirm_email.html", form=form)
    try:
        user = accounts.confirm_email_change(token)
    except tokens.TokenError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    flash(f"Your account's address is now {user.email}.", "info")
    return redirect(url_for("account.index"), code=303)


@bp.post("/password")
@sessions.recent_login_required
def change_password() -> str | Response:
    form = ChangePasswordForm(owner=(current_user.name, current_user.email))
    if not form.validate_on_submit():
        return _page(password_form=form)
    try:
        accounts.change_password(
            current_user, form.current_password.data or "", form.password.data or ""
        )
    except accounts.AccountError as error:
        form.current_password.errors = [str(error)]
        return _page(password_form=form)
    user = db.session.get(accounts.User, current_user.id)
    sessions.start_session(user)
    flash("Your password is changed. Every other browser has been signed out.", "info")
    return redirect(url_for("account.index"), code=303)


@bp.post("/sessions/end-others")
def end_other_sessions() -> Response:
    if ConfirmForm().validate_on_submit():
        user = db.session.get(accounts.User, current_user.id)
        sessions.end_all_sessions(current_user.id)
        sessions.start_session(user)
        audit.record("sessions_ended", user_id=user.id)
        flash("Every other browser has been signed out.", "info")
    return redirect(url_for("account.index"), code=303)


@bp.get("/export")
def export() -> Response:
    audit.record("data_exported", user_id=current_user.id)
    response = attachment(account_zip(current_user), "auto-sales-account.zip", "application/zip")
    return response


@bp.route("/delete", methods=["GET", "POST"])
@sessions.recent_login_required
def delete() -> str | Response:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            accounts.delete_account(current_user, form.password.data or "")
        except accounts.AccountError as error:
            form.password.errors = [str(error)]
        else:
            flash("Your account and all its data are deleted.", "info")
            return redirect(url_for("dashboard.home"), code=303)
    return render_template("account/delete.html", form=form)
