"""BokehJS, served from the installed bokeh package so pages need no network."""

from __future__ import annotations

from pathlib import Path

import bokeh
from bokeh.util.paths import bokehjs_path
from flask import Blueprint, Flask, Response, send_from_directory, url_for
from markupsafe import Markup

bp = Blueprint("assets", __name__)

BOKEH_FILES = ("bokeh.min.js",)


@bp.get("/bokeh/<path:filename>")
def bokeh_static(filename: str) -> Response:
    """Serve a file of BokehJS; send_from_directory refuses paths that leave the folder."""
    response = send_from_directory(Path(bokehjs_path()) / "js", filename, max_age=86400)
    return response


def bokeh_scripts() -> Markup:
    """Give the script tags that load BokehJS, versioned so caches turn over with upgrades."""
    tags = [
        Markup('<script src="{}"></script>').format(
            url_for("assets.bokeh_static", filename=name, v=bokeh.__version__)
        )
        for name in BOKEH_FILES
    ]
    return Markup("\n").join(tags)


@bp.record_once
def _register_template_helpers(state: object) -> None:
    app: Flask = state.app  # type: ignore[attr-defined]
    app.jinja_env.globals["bokeh_scripts"] = bokeh_scripts
