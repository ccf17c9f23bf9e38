"""The home page and the dashboard."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from autosales.dashboard import routes  # noqa: E402, F401 - routes attach themselves to bp
