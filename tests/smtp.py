"""A real SMTP server for the tests: aiosmtpd on a free loopback port, keeping what it receives."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests import services


@dataclass
class Mailbox:
    """The mails the server received, oldest first, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if address in str(message["To"])]

    def last_to(self, address: str) -> EmailMessage:
        found = self.to(address)
        assert found, f"no mail to {address}; mails went to {[m['To'] for m in self.messages]}"
        return found[-1]

    def link_to(self, address: str) -> str:
        """Give the path of the first link in the newest mail to an address."""
        return path_of_link(body_of(self.last_to(address)))


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def path_of_link(text: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", text)
    assert match, f"no link in {text!r}"
    return match.group(1)


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """Run aiosmtpd on a free loopback port for one test; give the mailbox it fills."""
    mailbox = Mailbox(port=services.free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
