"""The settings page: one form, shown filled with the account's current settings."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from autosales.settings import bp
from autosales.settings.forms import PANEL_LABELS, SettingsForm
from autosales.settings.services import save_settings

BREADCRUMBS = [("Dashboard", "/dashboard"), ("Settings", None)]


def render_page(form: SettingsForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "settings/index.html", form=form, panel_labels=PANEL_LABELS, breadcrumbs=BREADCRUMBS
    )
    return page, status


@bp.get("")
@login_required
def index() -> tuple[str, int]:
    return render_page(SettingsForm.for_preferences(current_user.display_preferences()))


@bp.post("")
@login_required
def update() -> tuple[str, int] | Response:
    form = SettingsForm()
    if not form.validate():
        return render_page(form, 422)

    save_settings(current_user.id, form)
    flash("Your settings are saved; every page now shows figures and dates this way.", "info")
    return redirect(url_for("settings.index"), code=303)
