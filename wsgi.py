"""The WSGI entry point: ``gunicorn wsgi:app``."""

from autosales import create_app

app = create_app()
