"""Comparisons side by side: periods, makes and regions, in tables and grouped bar charts."""

from flask import Blueprint

bp = Blueprint("compare", __name__, url_prefix="/compare")

from autosales.compare import routes  # noqa: E402, F401 - routes attach themselves to bp
