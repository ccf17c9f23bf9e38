"""Work that runs by the clock: the nightly refresh of every active account's analysis and the
weekly digest mail. ``python worker.py --cron`` runs the schedule (one such process in all).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from flask import current_app
from rq.cron import CronScheduler
from sqlalchemy import func, select

from autosales.extensions import db
from autosales.formatting import format_money, format_number, format_percent, local_date
from autosales.jobs import analysis
from autosales.jobs.queue import start_job
from autosales.mail import send_mail
from autosales.models import Sale, User, owner_scope
from autosales.sales import aggregates
from autosales.sales.filters import SalesFilter

log = logging.getLogger(__name__)

NIGHTLY_REFRESH = "15 2 * * *"  # 02:15 UTC every day
WEEKLY_DIGEST = "0 7 * * 1"  # 07:00 UTC on Mondays


def register_schedule(scheduler: CronScheduler, queue_name: str) -> None:
    scheduler.register(refresh_all_accounts, queue_name, cron=NIGHTLY_REFRESH, job_timeout=3600)
    scheduler.register(send_weekly_digests, queue_name, cron=WEEKLY_DIGEST, job_timeout=3600)


def refresh_all_accounts() -> int:
    """Start the default analysis for every account whose stored one is out of date."""
    started = 0
    for user_id in _accounts_with_sales():
        with owner_scope(user_id):
            if analysis.current_result({}) is None and analysis.running_job({}) is None:
                start_job(analysis.ANALYSIS, {})
                started += 1
    log.info("schedule: nightly refresh started %d analyses", started)
    return started


def send_weekly_digests(today: date | None = None) -> int:
    """Mail each account that asked for it its week: KPIs against the week before, anomalies
    and the forecast from the latest analysis, and a link to the dashboard."""
    today = today or date.today()
    sent = 0
    for user in _digest_readers():
        with owner_scope(user.id):
            send_mail(user.email, "Your week in sales", digest_text(user, today))
        sent += 1
    log.info("schedule: weekly digest sent to %d accounts", sent)
    return sent


def digest_text(user: User, today: date) -> str:
    """Give the digest for the owner in scope: last seven full days against the seven before."""
    end = today - timedelta(days=1)
    week = aggregates.sales_totals(SalesFilter(date_from=end - timedelta(days=6), date_to=end))
    before = aggregates.sales_totals(
        SalesFilter(date_from=end - timedelta(days=13), date_to=end - timedelta(days=7))
    )
    lines = [
        f"Hello {user.name},",
        "",
        f"Your sales from {local_date(end - timedelta(days=6))} to {local_date(end)}:",
        f"  Revenue {_money(week.revenue)} ({_change(week.revenue, before.revenue)})",
        f"  Units {format_number(week.units)} ({_change(week.units, before.units)})",
        f"  Sales {format_number(week.sales)} ({_change(week.sales, before.sales)})",
        "",
        *_analysis_lines(),
        f"The dashboard: {current_app.config['PUBLIC_URL']}/dashboard",
        f"The printable report: {current_app.config['PUBLIC_URL']}/reports/print",
        "",
        "You get this mail because the weekly digest is on in your account settings.",
    ]
    return "\n".join(lines)


def _analysis_lines() -> list[str]:
    stored = analysis.latest_result({})
    if stored is None:
        return ["No analysis has been computed yet; it runs tonight.", ""]
    result: dict[str, Any] = stored.result
    lines: list[str] = []
    for item in ((result.get("anomalies") or {}).get("anomalies") or [])[-3:]:
        lines.append(
            f"  Stood out: {item['period']} was {item['direction']} what was expected "
            f"({_money(item['actual'])} against {_money(item['expected'])})."
        )
    forecast = result.get("forecast") or {}
    if forecast.get("dates"):
        lines.append(
            f"  Forecast for {forecast['dates'][0]}: {_money(forecast['mean'][0])} "
            f"(80% between {_money(forecast['lower_80'][0])} and "
            f"{_money(forecast['upper_80'][0])}; model {forecast['method']})."
            + _forecast_change(forecast, stored.data_version)
        )
    return [*lines, ""] if lines else []


def _forecast_change(forecast: dict[str, Any], version: int) -> str:
    """Say how the forecast for the same period moved since the analysis before this one."""
    earlier = analysis.earlier_result({}, version)
    before = (earlier.result.get("forecast") or {}) if earlier else {}
    if forecast["dates"][0] not in (before.get("dates") or []):
        return ""
    old = before["mean"][before["dates"].index(forecast["dates"][0])]
    if not old:
        return ""
    change = (forecast["mean"][0] - old) / old * 100
    return f" That is {format_percent(change)} on the previous forecast for that period."


def _accounts_with_sales() -> list[int]:
    statement = select(Sale.owner_id).group_by(Sale.owner_id).having(func.count(Sale.id) > 0)
    return list(db.session.execute(statement.execution_options(all_owners=True)).scalars())


def _digest_readers() -> list[User]:
    statement = select(User).where(
        User.notify_weekly_digest.is_(True), User.email_verified_at.is_not(None)
    )
    return list(db.session.execute(statement).scalars())


def _money(value: Any) -> str:
    """Whole amounts in the owner's number format and currency (the owner is in scope)."""
    return format_money(value, 0)


def _change(now: Any, before: Any) -> str:
    if not before:
        return "no sales the week before" if now else "none either week"
    percent = (float(now) - float(before)) / float(before) * 100
    return f"{format_percent(percent)} on the week before"
