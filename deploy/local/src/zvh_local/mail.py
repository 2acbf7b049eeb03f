"""The local SMTP server: every e-mail the notify service sends lands in a Maildir.

Runs in a thread of the supervisor (aiosmtpd's Controller), so it needs no process of its own.
"""

from __future__ import annotations

import mailbox
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
