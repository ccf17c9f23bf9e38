"""Feedback: a form reached from every page's footer, stored, mailed to the operator, listed by
``autosales feedback list``."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/feedback", cli_group="feedback")

from autosales.feedback import commands, routes  # noqa: E402, F401 - they attach themselves to bp
