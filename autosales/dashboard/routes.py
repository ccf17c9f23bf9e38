"""The landing page for visitors and the dashboard for signed-in users."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from autosales.charts.embed import figure_json
from autosales.charts.trend import revenue_trend_figure
from autosales.dashboard import bp
from autosales.sales import aggregates


@bp.get("/")
def home() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("dashboard/home.html")


@bp.get("/dashboard")
@login_required
def index() -> str:
    totals = aggregates.sales_totals()
    trend = aggregates.totals_by_period("M")
    chart = (
        figure_json(revenue_trend_figure(trend, title="Revenue per month")) if len(trend) else None
    )
    return render_template(
        "dashboard/index.html",
        totals=totals,
        trend_chart=chart,
        top_makes=aggregates.top_values("make"),
        top_regions=aggregates.top_values("region"),
    )
