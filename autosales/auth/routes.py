"""Sign in and sign out."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from autosales.auth import bp
from autosales.auth.accounts import authenticate
from autosales.auth.forms import LoginForm

log = logging.getLogger(__name__)


def safe_next_url(target: str | None) -> str:
    """Give the page to return to after signing in: only a path on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=form.remember.data)
            log.info("login: account %s signed in from %s", user.id, request.remote_addr)
            return redirect(safe_next_url(request.args.get("next")), code=303)
        log.info("login: failed attempt from %s", request.remote_addr)
        flash("That email and password do not match an account.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    log.info("logout: account %s signed out", current_user.id)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("dashboard.home"), code=303)
