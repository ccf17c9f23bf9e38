"""The printable analysis report: self-contained HTML for the command line, a page in the app.

``render_report_html`` gives the command line's page (styles inline, no scripts); the
blueprint serves /reports/print, the same sections with charts and a print stylesheet.
"""

from flask import Blueprint

from autosales.reports.rendering import render_report_html

bp = Blueprint("reports", __name__, url_prefix="/reports")

__all__ = ["bp", "render_report_html"]

from autosales.reports import routes  # noqa: E402, F401 - routes attach themselves to bp
