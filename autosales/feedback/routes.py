"""The feedback form: reached from every page's footer, for signed-in users."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from autosales.extensions import limiter
from autosales.feedback import bp
from autosales.feedback.forms import FeedbackForm
from autosales.feedback.services import own_feedback, store_feedback


@bp.app_context_processor
def feedback_link() -> dict[str, str]:
    """Give the footer's feedback link, naming the current page.

    A URL that carries a secret (a reset or confirmation token) is named by its pattern instead.
    """
    if not has_request_context():
        return {}
    if request.url_rule is None or request.blueprint == "feedback":
        return {"feedback_url": url_for("feedback.new")}
    page = request.path
    if request.view_args and "token" in request.view_args:
        page = request.url_rule.rule
    return {"feedback_url": url_for("feedback.new", page=page)}


def render_page(form: FeedbackForm, status: int = 200) -> tuple[str, int]:
    return render_template("feedback/index.html", form=form, sent=own_feedback()), status


@bp.get("/")
@login_required
def new() -> tuple[str, int]:
    form = FeedbackForm(page=request.args.get("page", "")[:500])
    return render_page(form)


@bp.post("/")
@login_required
@limiter.limit(
    lambda: current_app.config.get("RATELIMIT_FEEDBACK_PER_ADDRESS", "10 per hour"),
    key_func=get_remote_address,
)
def create() -> tuple[str, int] | Response:
    form = FeedbackForm()
    if not form.validate():
        return render_page(form, 422)

    store_feedback(current_user, form.category.data, form.message.data, form.page_to_store())
    flash("Thank you: your feedback reached us. We read every message.", "info")
    return redirect(url_for("feedback.new"), code=303)
