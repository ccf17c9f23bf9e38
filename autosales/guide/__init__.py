"""The help guide: from the first import to reading a forecast, in plain words."""

from flask import Blueprint, render_template

bp = Blueprint("guide", __name__)


@bp.get("/help")
def index() -> str:
    """Give the guide; it is open to visitors too, so they can read it before signing up."""
    return render_template("guide/index.html", breadcrumbs=[("Help", None)])
