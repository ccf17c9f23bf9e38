"""Mail an account that asked for it when a fresh analysis finds an anomaly the last one had
not: a period that stood out from its trend and season."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app

from autosales.extensions import db
from autosales.formatting import numbers_in
from autosales.mail import send_mail
from autosales.models import User, current_owner_id

log = logging.getLogger(__name__)


def new_anomalies(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[dict[str, Any]]:
    """Give the anomalies of ``current`` whose periods ``previous`` did not flag.

    With no earlier analysis there is nothing to call new: the first one is not an alert.
    """
    if previous is None:
        return []
    seen = {item["period"] for item in _anomalies(previous)}
    return [item for item in _anomalies(current) if item["period"] not in seen]


def alert_new_anomalies(previous: dict[str, Any] | None, current: dict[str, Any]) -> bool:
    """Mail the owner in scope about new anomalies, if they asked for such mails."""
    found = new_anomalies(previous, current)
    owner = db.session.get(User, current_owner_id())
    if not found or owner is None or not owner.notify_anomalies:
        return False
    send_mail(owner.email, "A new anomaly in your sales", _text(owner, found, current))
    log.info("alerts: %d new anomalies mailed to account %s", len(found), owner.id)
    return True


def _text(owner: User, found: list[dict[str, Any]], current: dict[str, Any]) -> str:
    explanations = {
        (insight.get("figures") or {}).get("period"): insight["text"]
        for insight in current.get("insights") or []
        if insight.get("kind") == "anomaly"
    }
    lines = [f"Hello {owner.name},", "", "The latest analysis of your sales found:"]
    for item in found:
        text = explanations.get(item["period"], f"{item['period']}: {item['direction']} expected")
        lines.append("  " + numbers_in(text, owner.display_preferences()))
    lines += [
        "",
        f"See it on the dashboard: {current_app.config['PUBLIC_URL']}/dashboard",
        "You get this mail because anomaly alerts are on in your account settings.",
    ]
    return "\n".join(lines)


def _anomalies(result: dict[str, Any]) -> list[dict[str, Any]]:
    return list((result.get("anomalies") or {}).get("anomalies") or [])
