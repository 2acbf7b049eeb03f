"""The local SMTP server: every e-mail the notify service sends lands in a Maildir.

Runs in a thread of the supervisor (aiosmtpd's Controller), so it needs no process of its own.
"""

from __future__ import annotations

import email
import email.header
import mailbox
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from zvh_local.ports import HOST


class MailServer:
    """SMTP on ``127.0.0.1:<port>`` writing to the Maildir ``maildir``."""

    def __init__(self, *, port: int, maildir: Path) -> None:
        self.port = port
        self.maildir = maildir
        self._controller: Controller | None = None

    def start(self) -> None:
        # Maildir(create=True) makes tmp/new/cur only when the folder itself is new; make sure they
        # exist even when var/mail was created beforehand.
        for sub in ("tmp", "new", "cur"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        self._controller = Controller(Mailbox(self.maildir), hostname=HOST, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> list[mailbox.MaildirMessage]:
        """The messages received so far (for tests and curious developers)."""
        if not self.maildir.exists():
            return []
        return list(mailbox.Maildir(str(self.maildir), create=False))


def mail_text(msg: Message) -> str:
    """Subject and every text part of ``msg``, transfer encodings undone."""
    parts = [str(email.header.make_header(email.header.decode_header(msg["Subject"] or "")))]
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(parts)
