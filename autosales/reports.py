"""The printable analysis report, as a self-contained HTML page (styles inline, no scripts)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import render_template

from autosales.extensions import db
from autosales.models import User, current_owner_id

STYLES = Path(__file__).parent / "static" / "css" / "report.css"


def render_report_html(result: dict[str, Any], params: dict[str, Any]) -> str:
    """Give the report of an analysis result for the owner in scope, ready to print or save."""
    owner = db.session.get(User, current_owner_id())
    return render_template(
        "reports/report.html",
        result=result,
        params=params,
        business=(owner.business_name or owner.name) if owner else "",
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        styles=STYLES.read_text(encoding="utf-8"),
    )
