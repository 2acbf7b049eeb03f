"""Send e-mail over SMTP (stdlib smtplib in a worker thread: no extra dependency).

Every failure — connection refused, timeout, a 4xx/5xx answer — becomes a MailError so the
delivery loop records it and retries. The ``Message-ID`` is the bezorging's, so a re-send after
a crash is recognisable as the same message. Attachments become MIME parts of their own
(``multipart/mixed``); a ``text/calendar`` part keeps its ``method`` parameter (iMIP, RFC 6047).
"""

from __future__ import annotations

import asyncio
import smtplib
from email.headerregistry import ContentTypeHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime

from zvh_platform.clock import utcnow

from zvh_notify.application.ports import MailError
from zvh_notify.config import SmtpSettings
from zvh_notify.domain.model import Bijlage, Email


class SmtpMailSender:
    def __init__(self, *, host: str, port: int, mail_from: str, timeout_s: float = 10.0) -> None:
        self._host = host
        self._port = port
        self._from = mail_from
        self._timeout = timeout_s

    @classmethod
    def from_settings(cls, settings: SmtpSettings) -> SmtpMailSender:
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            mail_from=settings.mail_from,
            timeout_s=settings.smtp_timeout_s,
        )

    async def send(self, *, email: Email, message_id: str) -> None:
        msg = self._message(email=email, message_id=message_id)
        try:
            await asyncio.to_thread(self._send_sync, msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}"[:500]) from exc

    def _message(self, *, email: Email, message_id: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self._from
        msg["To"] = email.adres
        msg["Subject"] = email.onderwerp
        msg["Message-ID"] = message_id
        msg["Date"] = format_datetime(utcnow())
        msg["Auto-Submitted"] = "auto-generated"
        msg.set_content(email.tekst, charset="utf-8")
        for bijlage in email.bijlagen:
            _voeg_toe(msg, bijlage)
        return msg

    def _send_sync(self, msg: EmailMessage) -> None:
        with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
            smtp.send_message(msg)


_HEADERS = HeaderRegistry()


def _voeg_toe(msg: EmailMessage, bijlage: Bijlage) -> None:
    """Attach as its own MIME part with the full content type (e.g. ``method=REQUEST``)."""
    ct = _HEADERS("Content-Type", bijlage.content_type)
    assert isinstance(ct, ContentTypeHeader)
    params = {k: v for k, v in ct.params.items() if k != "charset"}
    if ct.maintype == "text":
        charset = ct.params.get("charset", "utf-8")
        msg.add_attachment(
            bijlage.inhoud.decode(charset),
            subtype=ct.subtype,
            charset=charset,
            filename=bijlage.bestandsnaam,
            params=params,
        )
    else:
        msg.add_attachment(
            bijlage.inhoud,
            maintype=ct.maintype,
            subtype=ct.subtype,
            filename=bijlage.bestandsnaam,
            params=params,
        )
