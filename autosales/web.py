"""What every page shares: security headers, HTTPS behind a proxy, error pages, the CSRF audit."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from autosales.auth import audit, sessions

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bokeh and htmx set inline styles on the elements they draw.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        seconds = current_app.config["HSTS_SECONDS"]
        response.headers.setdefault("Strict-Transport-Security", f"max-age={seconds}")
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


class SecureCookiesOverHttps:
    """WSGI middleware: give every cookie the Secure flag when the request came over HTTPS.

    Flask sets the session cookie after every after_request function has run, so the flag
    is added here, on the way out, for the session and remember-me cookies alike.
    """

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def secure_start_response(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            headers = [_secure_cookie(name, value) for name, value in headers]
            return start_response(status, headers, *args)

        return self.app(environ, secure_start_response)


def _secure_cookie(name: str, value: str) -> tuple[str, str]:
    if name.lower() == "set-cookie" and "; secure" not in value.lower():
        return name, f"{value}; Secure"
    return name, value


def render_http_error(error: HTTPException) -> tuple[str, int]:
    templates = {413: "errors/413.html", 429: "errors/429.html"}
    template = templates.get(error.code or 500, "errors/http.html")
    return render_template(template, error=error), error.code or 500


def render_csrf_error(error: CSRFError) -> tuple[str, int]:
    user_id = current_user.id if current_user.is_authenticated else None
    audit.record("csrf_failed", user_id=user_id, detail=f"{request.method} {request.path}")
    return render_template("errors/csrf.html", error=error), 400


def render_server_error(error: Exception) -> tuple[str, int]:
    reference = secrets.token_hex(4)
    log.error("error %s on %s %r", reference, request.method, request.path, exc_info=error)
    return render_template("errors/500.html", reference=reference), 500


def init_app(app: Flask) -> None:
    sessions.init_app(app)
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)  # type: ignore[method-assign]
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies > 0:
        # Trust X-Forwarded-For/-Proto/-Host only from the proxies we run, never from clients.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.after_request(add_security_headers)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(Exception, render_server_error)
