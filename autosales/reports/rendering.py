"""Rendering the report: the sections, its header, its charts sized for a printed page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bokeh.models import LayoutDOM, Plot
from flask import render_template

from autosales.charts.decomposition import decomposition_figure
from autosales.charts.embed import figure_json
from autosales.charts.forecast import forecast_figure
from autosales.extensions import db
from autosales.formatting import local_datetime
from autosales.models import User, current_owner_id

STYLES = Path(__file__).parent.parent / "static" / "css" / "report.css"
# A4 portrait less 12 mm margins each side is 186 mm, about 700 CSS pixels; Letter is wider.
PRINT_WIDTH = 680
FILTER_LABELS = {"make": "Make", "model": "Model", "region": "Region"}


def render_report_html(result: dict[str, Any], params: dict[str, Any]) -> str:
    """Give the report of an analysis result for the owner in scope, ready to print or save."""
    return render_template(
        "reports/report.html",
        **report_context(result, params),
        styles=STYLES.read_text(encoding="utf-8"),
    )


def report_context(result: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """Give what every form of the report shows above its sections."""
    owner = db.session.get(User, current_owner_id())
    business = (owner.business_name or owner.name) if owner else ""
    filters = [(label, params[key]) for key, label in FILTER_LABELS.items() if params.get(key)]
    return {
        "result": result,
        "params": params,
        "business": business,
        "filters": filters,
        "generated": local_datetime(datetime.now(UTC)),
        "charts": {},
    }


def print_charts(result: dict[str, Any]) -> dict[str, str]:
    """Give the report's charts as JSON data blocks, at a fixed width that fits A4 portrait."""
    charts = {}
    if (result.get("forecast") or {}).get("dates"):
        charts["forecast"] = figure_json(_fixed_width(forecast_figure(result)))
    if (result.get("decomposition") or {}).get("observed"):
        layout = decomposition_figure(result["decomposition"])
        charts["decomposition"] = figure_json(_fixed_width(layout))
    return charts


def css_string(text: str) -> str:
    """Give text as a quoted CSS string; anything but plain characters becomes a hex escape."""
    escaped = re.sub(r"[^\w ,.:;()&+-]", lambda match: f"\\{ord(match.group()):x} ", text)
    return f'"{escaped}"'


def _fixed_width(model: LayoutDOM) -> LayoutDOM:
    """Stretching charts measure the screen; on paper they must be as wide as the page."""
    for item in model.select({"type": LayoutDOM}):
        if isinstance(item, Plot):
            item.sizing_mode = "fixed"
            item.width = PRINT_WIDTH
            item.toolbar_location = None
        else:
            item.sizing_mode = None
    return model
