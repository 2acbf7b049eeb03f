"""A real aiosmtpd server for tests: collects messages, or refuses them while ``refuse`` is set."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller


class Collect:
    """aiosmtpd handler: keeps messages, or refuses them with a 451 while ``refuse`` is set."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 4.3.0 tijdelijk niet beschikbaar"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def inhoud(part: email.message.Message) -> bytes:
    """A (non-multipart) part's body, transfer-decoded."""
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes), type(payload)
    return payload


@contextmanager
def smtp_server(port: int, handler: Collect) -> Iterator[Controller]:
    ctl = Controller(handler, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        yield ctl
    finally:
        ctl.stop()
