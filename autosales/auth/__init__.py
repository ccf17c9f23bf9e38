"""Accounts: signing up, in and out, confirming addresses, resets, and the account page."""

from flask import Blueprint
from flask.sansio.blueprints import BlueprintSetupState

bp = Blueprint("auth", __name__, url_prefix="/auth")

from autosales.auth import routes  # noqa: E402, F401 - routes attach themselves to bp
from autosales.auth.account import bp as account_bp  # noqa: E402


@bp.record_once
def register_account_pages(state: BlueprintSetupState) -> None:
    """The account page lives at /account, beside /auth, and comes with the auth blueprint."""
    state.app.register_blueprint(account_bp)
