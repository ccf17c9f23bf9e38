"""Outgoing mail: through the configured SMTP server, or to the log and instance/outbox/.

With no MAIL_SERVER (the local default) a mail is logged by subject and recipient only (links
in it may be secret) and written as an .eml file to ``OUTBOX_DIR``, where a local user can
open it and click its link.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from flask_mail import Message

from autosales import extensions

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> None:
    """Send one mail to one address, or keep it in the local outbox when no server is set."""
    if current_app.config.get("MAIL_SERVER"):
        message = Message(subject=subject, recipients=[to], body=text, html=html)
        extensions.mail.send(message)
        log.info("mail: sent %r to %r", subject, to)
        return
    path = write_to_outbox(to, subject, text, html)
    log.info("mail: no MAIL_SERVER set, %r to %r written to %s", subject, to, path)


def write_to_outbox(to: str, subject: str, text: str, html: str | None = None) -> Path:
    """Write the mail as an .eml file in OUTBOX_DIR (readable by its owner only); give the path."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="autosales.local")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    outbox = Path(current_app.config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(bytes(message))
    path.chmod(0o600)
    return path
