"""The comparison page: a GET form whose result loads in place with htmx, or as a whole page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app, render_template, request
from flask_login import login_required

from autosales.charts.embed import figure_json
from autosales.compare import bp, queries, service
from autosales.compare.chart import grouped_bar_figure
from autosales.compare.forms import KINDS, MAX_PICKS, ComparisonForm, parse_comparison
from autosales.compare.periods import PRESETS, DateRange
from autosales.formatting import local_date, user_preferences


@bp.get("/")
@login_required
def index() -> str:
    """Give the form and, when it asks for something sensible, the comparison."""
    form = parse_comparison(request.args)
    problems = list(form.problems) or service.unknown_picks(form)
    result, chart = (None, None) if problems else _comparison(form)
    context = {"form": form, "problems": problems, "result": result, "chart": chart}
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render_template("compare/_result.html", **context)
    return render_template(
        "compare/index.html",
        **context,
        kinds=KINDS,
        presets=PRESETS,
        makes=queries.known_values("make"),
        regions=queries.known_values("region"),
        max_picks=MAX_PICKS,
    )


def today() -> date:
    """Give today in the user's zone; tests set ``app.config["TODAY"]`` to a callable."""
    clock: Callable[[], date] | None = current_app.config.get("TODAY")
    if clock is not None:
        return clock()
    return datetime.now(UTC).astimezone(user_preferences().zone).date()


def _comparison(form: ComparisonForm) -> tuple[Any, str | None]:
    if form.kind == "periods":
        periods = service.compare_periods(form, today())
        sides = [_range_label(periods.pair.first), _range_label(periods.pair.second)]
        data = {(name, side): value for name, values in periods.chart_data.items()
                for side, value in zip(sides, values, strict=True)}  # fmt: skip
        title = f"Revenue by {periods.breakdown}"
        return periods, _chart(data, sides, title)
    groups = service.compare_groups(form)
    data = {(part, name): value for (name, part), value in groups.chart_data.items()}
    return groups, _chart(data, list(form.picks), f"Revenue by {groups.breakdown}")


def _chart(data: dict[tuple[str, str], Any], sides: list[str], title: str) -> str | None:
    if not data:
        return None
    return figure_json(grouped_bar_figure(data, sides, title=title))


def _range_label(period: DateRange) -> str:
    return f"{local_date(period.start)} – {local_date(period.end)}"
