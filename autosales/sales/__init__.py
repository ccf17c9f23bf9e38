"""Sales data: entry, the sales table, exports, and the SQL aggregates analyses start from."""

from flask import Blueprint

bp = Blueprint("sales", __name__, url_prefix="/sales")

# Routes attach themselves to bp; the summary module listens to the session for changed sales.
from autosales.sales import routes, summary  # noqa: E402, F401
