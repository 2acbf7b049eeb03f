"""The SMTP adapter against a real aiosmtpd server: down, refusing, then back."""

from __future__ import annotations

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from notify_fakes import (
    CASUS,
    OVERLEG,
    WINTER_START,
    FakePartners,
    actie,
    geannuleerd,
    genodigden,
    gepland,
    handle,
)
from notify_smtp import Collect, inhoud, smtp_server
from zvh_notify.adapters.smtp import SmtpMailSender
from zvh_notify.application.delivery import deliver_due_emails
from zvh_notify.application.ports import MailError
from zvh_notify.domain.model import Email, Kanaal, Resultaat, RetryBeleid, Status, message_id
from zvh_platform.testing import free_port


@pytest.fixture
def port() -> int:
    return free_port()


def sender_for(port: int) -> SmtpMailSender:
    return SmtpMailSender(host="127.0.0.1", port=port, mail_from="noreply@zvh.local", timeout_s=5)


async def test_message_has_dutch_text_and_message_id(port):
    handler = Collect()
    mid = message_id(uuid.uuid4())
    with smtp_server(port, handler):
        await sender_for(port).send(
            email=Email(adres="ggz-wnb@partners.zvh.local", onderwerp="Nieuwe actie", tekst="Ué"),
            message_id=mid,
        )
    [msg] = handler.messages
    assert msg["Message-ID"] == mid
    assert msg["To"] == "ggz-wnb@partners.zvh.local"
    assert inhoud(msg).decode("utf-8").strip() == "Ué"


async def test_server_down_raises_mail_error(port):
    with pytest.raises(MailError, match="ConnectionRefused"):
        await sender_for(port).send(
            email=Email(adres="x@partners.zvh.local", onderwerp="o", tekst="t"), message_id="<a@b>"
        )


async def test_down_then_refusing_then_back_retries_until_sent(
    port, store, partners, clock, uow_factory
):
    await handle(actie(), store=store, partners=partners, clock=clock)
    mail = next(b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL)
    beleid = RetryBeleid(venster=timedelta(minutes=5), backoff_s=1, max_backoff_s=4)
    sender = sender_for(port)

    async def attempt() -> None:
        await deliver_due_emails(uow_factory=uow_factory, sender=sender, clock=clock, beleid=beleid)
        clock.advance(10)

    await attempt()  # no server at all
    handler = Collect()
    handler.refuse = True
    with smtp_server(port, handler):
        await attempt()  # server answers 451
        handler.refuse = False
        await attempt()  # accepted
        await attempt()  # nothing due any more

    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.VERZONDEN
    assert [p.resultaat for p in stored.pogingen_log] == [
        Resultaat.MISLUKT,
        Resultaat.MISLUKT,
        Resultaat.GELUKT,
    ]
    assert "ConnectionRefused" in (stored.pogingen_log[0].fout or "")
    assert "451" in (stored.pogingen_log[1].fout or "")
    assert [m["Message-ID"] for m in handler.messages] == [message_id(mail.id)]


async def _verstuur(event, *, port, store, partners, clock, uow_factory) -> Collect:  # type: ignore[no-untyped-def]
    """Handle an overleg event and deliver its mails to a local SMTP server that keeps them."""
    await handle(event, store=store, partners=partners, clock=clock)
    handler = Collect()
    with smtp_server(port, handler):
        await deliver_due_emails(
            uow_factory=uow_factory, sender=sender_for(port), clock=clock, beleid=RetryBeleid()
        )
    return handler


def _attachment(msg):  # type: ignore[no-untyped-def]
    [part] = [p for p in msg.walk() if p.get_filename()]
    return part


@pytest.mark.parametrize(
    ("event", "bestand", "method"),
    [
        (gepland(sequence=1), "uitnodiging.ics", "REQUEST"),
        (geannuleerd("politie-zwb", sequence=2), "annulering.ics", "CANCEL"),
    ],
    ids=["request", "cancel"],
)
async def test_ics_attachment_arrives_and_parses_back(
    port, store, partners, clock, uow_factory, event, bestand, method
):
    handler = await _verstuur(
        event, port=port, store=store, partners=partners, clock=clock, uow_factory=uow_factory
    )
    [msg] = [m for m in handler.messages if m["To"] == "politie-zwb@partners.zvh.local"]
    assert msg.get_content_type() == "multipart/mixed"
    [body] = [p for p in msg.walk() if p.get_content_type() == "text/plain"]
    assert "Zorg- en Veiligheidshuis" in inhoud(body).decode("utf-8")

    part = _attachment(msg)
    assert part.get_filename() == bestand
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == method
    assert part.get_content_disposition() == "attachment"
    cal = Calendar.from_ical(inhoud(part))
    assert str(cal["METHOD"]) == method
    [vevent] = cal.events
    assert vevent.uid == f"{OVERLEG}@zvh-keten"
    assert vevent.sequence == event.sequence
    assert vevent.start == WINTER_START.astimezone(ZoneInfo("Europe/Amsterdam"))


async def test_non_ascii_location_survives_the_trip(port, store, clock, uow_factory):
    partners = FakePartners("politie-zwb", "zvh")
    event = gepland(uitgenodigd=genodigden(politie_zwb=[CASUS])).model_copy(
        update={"locatie": "Zaal ‘Één’, Stationsstraat 1, Roosendaal"}
    )
    handler = await _verstuur(
        event, port=port, store=store, partners=partners, clock=clock, uow_factory=uow_factory
    )
    [msg] = handler.messages
    cal = Calendar.from_ical(inhoud(_attachment(msg)))
    assert str(cal.events[0]["LOCATION"]) == "Zaal ‘Één’, Stationsstraat 1, Roosendaal"


async def test_the_sender_takes_its_own_settings_from_the_same_env_vars(
    port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ZVH_SMTP_HOST``/``ZVH_SMTP_PORT``/``ZVH_MAIL_FROM`` reach the sender through the
    notify settings' ``SmtpSettings`` part; the platform's settings no longer carry them."""
    from zvh_notify.config import NotifySettings
    from zvh_platform.settings import ServiceSettings

    monkeypatch.setenv("ZVH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ZVH_SMTP_PORT", str(port))
    monkeypatch.setenv("ZVH_MAIL_FROM", "keten@zvh.test")
    settings = NotifySettings(env="test")
    assert "smtp_host" not in ServiceSettings.model_fields
    handler = Collect()
    with smtp_server(port, handler):
        await SmtpMailSender.from_settings(settings).send(
            email=Email(adres="x@partners.zvh.local", onderwerp="o", tekst="t"), message_id="<a@b>"
        )
    [msg] = handler.messages
    assert msg["From"] == "keten@zvh.test"
