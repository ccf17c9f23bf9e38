"""Sales data: entry, the sales table, exports, and the SQL aggregates analyses start from."""

from flask import Blueprint

bp = Blueprint("sales", __name__, url_prefix="/sales")

from autosales.sales import routes  # noqa: E402, F401 - routes attach themselves to bp
