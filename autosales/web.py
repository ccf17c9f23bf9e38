"""What every page shares: the signed-in user, security headers, error pages."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, render_template, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from autosales.extensions import db, login_manager
from autosales.models import User

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bokeh and htmx set inline styles on the elements they draw.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def render_http_error(error: HTTPException) -> tuple[str, int]:
    template = "errors/413.html" if error.code == 413 else "errors/http.html"
    return render_template(template, error=error), error.code or 500


def render_server_error(error: Exception) -> tuple[str, int]:
    reference = secrets.token_hex(4)
    log.error("error %s on %s %s", reference, request.method, request.path, exc_info=error)
    return render_template("errors/500.html", reference=reference), 500


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(Exception, render_server_error)
