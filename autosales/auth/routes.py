"""Signing up, in and out; confirming addresses; resetting passwords; the CAPTCHA pictures."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from autosales.auth import accounts, audit, bp, captcha, limits, notices, sessions, tokens
from autosales.auth.forms import (
    ConfirmForm,
    EmailForm,
    LoginForm,
    PasswordCheckForm,
    RegisterForm,
    ResetPasswordForm,
    form_started_stamp,
    seconds_since_form_shown,
)

log = logging.getLogger(__name__)

# What a signed-in account whose address is not confirmed yet may still open.
UNVERIFIED_ALLOWED = {
    "static",
    "auth.verify_pending",
    "auth.resend_verification",
    "auth.logout",
    "auth.verify_email",
}
LOGIN_FAILED = "That email and password do not match an account."


def safe_next_url(target: str | None) -> str:
    """Give the page to return to after signing in: only a path on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("dashboard.index")


@bp.before_app_request
def keep_unverified_accounts_to_confirmation() -> Response | None:
    if not current_user.is_authenticated or current_user.is_verified:
        return None
    if request.endpoint in UNVERIFIED_ALLOWED or request.blueprint == "assets":
        return None
    return redirect(url_for("auth.verify_pending"))


@bp.route("/login", methods=["GET", "POST"])
@limits.login_per_address
@limits.login_per_account
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    email = accounts.normalise_email(form.email.data or "")
    if form.validate_on_submit():
        if audit.captcha_needed_for(email) and not _captcha_solved(form, email=email):
            return _login_page(form, email)
        user = accounts.authenticate(email, form.password.data or "")
        if user is not None:
            return _signed_in(user, email, remember=bool(form.remember.data))
        known = accounts.find_user_by_email(email)
        audit.record("login_failed", user_id=known.id if known else None, email=email)
        flash(LOGIN_FAILED, "error")
    return _login_page(form, email)


def _login_page(form: LoginForm, email: str) -> str:
    needs_captcha = bool(email) and audit.captcha_needed_for(email)
    if needs_captcha:
        captcha.new_challenge()
    form.password.data = ""
    form.captcha.data = ""
    return render_template("auth/login.html", form=form, needs_captcha=needs_captcha)


def _captcha_solved(form: LoginForm | RegisterForm, *, email: str | None = None) -> bool:
    try:
        captcha.check_answer(form.captcha.data)
    except captcha.CaptchaError as error:
        audit.record("captcha_failed", email=email, detail=request.endpoint)
        form.captcha.errors = [*form.captcha.errors, str(error)]
        return False
    return True


def _signed_in(user: accounts.User, email: str, *, remember: bool) -> Response:
    sessions.start_session(user, remember=remember)
    audit.record("login", user_id=user.id, email=email)
    if user.notify_new_sign_in:
        notices.send_new_sign_in(user, request.remote_addr)
    if not user.is_verified:
        return redirect(url_for("auth.verify_pending"), code=303)
    return redirect(safe_next_url(request.args.get("next")), code=303)


@bp.post("/logout")
@login_required
def logout() -> Response:
    audit.record("logout", user_id=current_user.id)
    sessions.end_session()
    flash("You are signed out.", "info")
    return redirect(url_for("dashboard.home"), code=303)


@bp.route("/register", methods=["GET", "POST"])
@limits.mail_per_address
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        if form.website.data:
            audit.record("register_refused", detail="honeypot filled in")
            return redirect(url_for("auth.registered"), code=303)
        if _sent_too_fast(form) is None and _captcha_solved(form):
            accounts.register(form.email.data or "", form.name.data or "", form.password.data or "")
            return redirect(url_for("auth.registered"), code=303)
    return _register_page(form)


def _sent_too_fast(form: RegisterForm) -> str | None:
    """Refuse forms sent sooner than a person could fill them in (or with a forged stamp)."""
    elapsed = seconds_since_form_shown(form.started.data)
    minimum = current_app.config["FORM_MIN_SECONDS"]
    if elapsed is not None and elapsed >= minimum:
        return None
    audit.record("register_refused", detail="sent too fast")
    message = (
        "That was quicker than a person can fill in this form. "
        "Check your details, wait a few seconds and send it again."
    )
    form.form_errors.append(message)
    return message


def _register_page(form: RegisterForm) -> str:
    captcha.new_challenge()
    form.started.data = form_started_stamp()
    form.password.data = ""
    form.captcha.data = ""
    return render_template("auth/register.html", form=form)


@bp.get("/registered")
def registered() -> str:
    return render_template("auth/registered.html")


@bp.get("/captcha.png")
def captcha_image() -> Response:
    return _no_store(Response(captcha.image_png(captcha.current_challenge()), mimetype="image/png"))


@bp.get("/captcha.wav")
def captcha_audio() -> Response:
    return _no_store(Response(captcha.audio_wav(captcha.current_challenge()), mimetype="audio/wav"))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/verify")
@login_required
def verify_pending() -> str | Response:
    if current_user.is_verified:
        return redirect(url_for("dashboard.index"))
    return render_template("auth/verify_pending.html", form=ConfirmForm())


@bp.post("/verify/resend")
@login_required
@limits.mail_per_address
def resend_verification() -> Response:
    if ConfirmForm().validate_on_submit() and not current_user.is_verified:
        notices.send_verification(current_user)
        flash(f"A new link is on its way to {current_user.email}.", "info")
    return redirect(url_for("auth.verify_pending"), code=303)


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str) -> str | Response:
    """Confirm an address: the mailed link opens a page whose button confirms it."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("auth/verify_email.html", form=form)
    try:
        user = accounts.verify_email(token)
    except tokens.TokenError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    flash(f"Thank you: {user.email} is confirmed.", "info")
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"), code=303)
    return redirect(url_for("auth.login"), code=303)


@bp.route("/forgot", methods=["GET", "POST"])
@limits.mail_per_address
def forgot_password() -> str | Response:
    form = EmailForm()
    if form.validate_on_submit():
        started = time.monotonic()
        accounts.request_reset(form.email.data or "")
        _answer_no_sooner_than(started, current_app.config["RESET_ANSWER_SECONDS"])
        return redirect(url_for("auth.reset_sent"), code=303)
    return render_template("auth/forgot.html", form=form)


def _answer_no_sooner_than(started: float, seconds: float) -> None:
    """Wait out the rest of ``seconds`` since ``started``: answers for addresses with and
    without an account then take the same time, whatever sending the mail took."""
    elapsed = time.monotonic() - started
    if elapsed < seconds:
        time.sleep(seconds - elapsed)
    elif seconds:
        log.warning("reset request took %.2f s, longer than the %.2f s answer time", elapsed,
                    seconds)  # fmt: skip


@bp.get("/forgot/sent")
def reset_sent() -> str:
    return render_template("auth/reset_sent.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    try:
        user = accounts.user_for_reset(token)
    except tokens.TokenError as error:
        return render_template("auth/link_problem.html", message=str(error), reset=True), 400
    form = ResetPasswordForm(owner=(user.name, user.email))
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data or "")
        except tokens.TokenError as error:
            return render_template("auth/link_problem.html", message=str(error), reset=True), 400
        if current_user.is_authenticated:
            sessions.end_session()
        flash("Your password is changed and every session is signed out. Sign in again.", "info")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset.html", form=form)


@bp.route("/confirm-password", methods=["GET", "POST"])
@login_required
@limits.login_per_address
def reauthenticate() -> str | Response:
    """Ask for the password again before email and password changes or a deletion."""
    form = PasswordCheckForm()
    if form.validate_on_submit():
        if accounts.authenticate(current_user.email, form.password.data or "") is not None:
            sessions.confirm_password_again()
            return redirect(safe_next_url(request.args.get("next")), code=303)
        audit.record("login_failed", user_id=current_user.id, detail="password confirmation")
        form.password.errors = ["That password is not right. Type your current password."]
    return render_template("auth/reauthenticate.html", form=form)
