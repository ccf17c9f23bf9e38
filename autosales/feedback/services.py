"""Storing feedback and telling the operator about it."""

from __future__ import annotations

import logging
import smtplib

from flask import current_app
from sqlalchemy import select

from autosales.extensions import db
from autosales.mail import send_mail
from autosales.models import FEEDBACK_CATEGORIES, Feedback, User

log = logging.getLogger(__name__)


def store_feedback(author: User, category: str, message: str, page: str | None) -> Feedback:
    """Store one piece of feedback from the signed-in account and mail the operator."""
    record = Feedback(owner_id=author.id, category=category, message=message.strip(), page=page)
    db.session.add(record)
    db.session.commit()
    log.info("feedback %s: %s from account %s", record.id, category, author.id)
    notify_operator(record, author.email)
    return record


def notify_operator(record: Feedback, author_email: str) -> None:
    """Mail the feedback to OPERATOR_EMAIL when one is set; a failed mail keeps the record."""
    operator = current_app.config.get("OPERATOR_EMAIL")
    if not operator:
        return
    subject = f"Feedback {record.id}: {FEEDBACK_CATEGORIES[record.category].lower()}"
    try:
        send_mail(operator, subject, operator_text(record, author_email))
    except (smtplib.SMTPException, OSError):
        log.exception("feedback %s: stored, but the mail to the operator failed", record.id)


def operator_text(record: Feedback, author_email: str) -> str:
    return (
        f"Feedback {record.id} from {author_email}\n"
        f"Category: {record.category}\n"
        f"Page: {record.page or '(not included)'}\n"
        f"Sent: {record.created_at:%Y-%m-%d %H:%M} UTC\n\n"
        f"{record.message}\n\n"
        f"All feedback: autosales feedback list\n"
    )


def own_feedback(limit: int = 20) -> list[Feedback]:
    """Give the signed-in account's own feedback, newest first (the owner scope limits it)."""
    query = select(Feedback).order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


def all_feedback(limit: int) -> list[tuple[Feedback, str]]:
    """Give every account's feedback with its author's address, newest first (operator only)."""
    query = (
        select(Feedback, User.email)
        .join(User, User.id == Feedback.owner_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(limit)
        .execution_options(all_owners=True)
    )
    return [(record, email) for record, email in db.session.execute(query)]
