"""The job functions. Each takes the job's parameters and gives a JSON-ready result.

They run inside an owner scope set by the runner, so every query sees one account's data only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from autosales.sales import aggregates

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
Task = Callable[[dict[str, Any], Progress], dict[str, Any]]


def summarise_sales(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Give the account's totals, its span, and its top makes and regions by revenue."""
    totals = aggregates.sales_totals()
    return {
        "revenue": str(totals.revenue),
        "units": totals.units,
        "sales": totals.sales,
        "average_sale": str(totals.average_sale) if totals.average_sale is not None else None,
        "first_date": totals.first_date.isoformat() if totals.first_date else None,
        "last_date": totals.last_date.isoformat() if totals.last_date else None,
        "top_makes": _named_rows(aggregates.top_values("make")),
        "top_regions": _named_rows(aggregates.top_values("region")),
    }


def analyse_sales(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Run the full analysis (KPIs, decomposition, anomalies, forecasts, rules, classes), and
    alert the owner, if they asked, to anomalies the previous analysis had not found."""
    from autosales.jobs.alerts import alert_new_anomalies
    from autosales.jobs.analysis import compute_analysis, latest_result

    progress(0.1, "analysing the sales")
    previous = latest_result(params)
    result = compute_analysis(params)
    alert_new_anomalies(previous.result if previous else None, result)
    return result


def import_sales(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Import a staged file (by its import batch id) with the choices the user confirmed."""
    from autosales.sales.importing import run_import

    return run_import(int(params["import_id"]), progress)


def fail_on_purpose(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Fail with the given message; lets tests and operators check the failure path end to end."""
    raise RuntimeError(params.get("message", "this job fails on purpose"))


def _named_rows(rows: list[tuple[str, Any, int]]) -> list[dict[str, Any]]:
    return [
        {"name": name, "revenue": str(revenue), "units": units} for name, revenue, units in rows
    ]


TASKS: dict[str, Task] = {
    "summary": summarise_sales,
    "analysis": analyse_sales,
    "import": import_sales,
    "fail": fail_on_purpose,
}
