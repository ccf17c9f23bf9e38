"""Personal settings: how numbers, money and dates are shown, and the dashboard's layout."""

from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/settings")

from autosales.settings import routes  # noqa: E402, F401 - routes attach themselves to bp
