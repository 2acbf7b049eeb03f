"""E-mail retries and partner-topic reconciliation on fakes."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import zvh_notify.application.delivery as delivery
from notify_fakes import FakeUnitOfWork, actie, handle
from zvh_notify.application.delivery import (
    deliver_due_emails,
    meld_opgegeven,
    reconcile_partner_topic,
)
from zvh_notify.config import NotifySettings
from zvh_notify.domain.model import Kanaal, Resultaat, RetryBeleid, Status, message_id

BELEID = RetryBeleid(venster=timedelta(seconds=100), backoff_s=10, max_backoff_s=15)


async def _setup(store, partners, clock):  # type: ignore[no-untyped-def]
    await handle(actie(), store=store, partners=partners, clock=clock)
    return next(b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL)


async def deliver(uow_factory, sender, clock):  # type: ignore[no-untyped-def]
    return await deliver_due_emails(
        uow_factory=uow_factory, sender=sender, clock=clock, beleid=BELEID
    )


async def test_email_sent_once_with_deterministic_message_id(
    store, partners, clock, sender, uow_factory
):
    mail = await _setup(store, partners, clock)
    assert await deliver(uow_factory, sender, clock) == 1
    assert await deliver(uow_factory, sender, clock) == 0
    assert [mid for _, mid in sender.sent] == [message_id(mail.id)]
    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.VERZONDEN and stored.pogingen == 1
    assert [p.resultaat for p in stored.pogingen_log] == [Resultaat.GELUKT]


async def test_failures_back_off_then_succeed(store, partners, clock, sender, uow_factory):
    mail = await _setup(store, partners, clock)
    sender.failures = 2
    assert await deliver(uow_factory, sender, clock) == 1
    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.WACHT and stored.laatste_fout == "Connection refused"
    assert stored.volgende_poging_op == clock.now() + timedelta(seconds=10)

    assert await deliver(uow_factory, sender, clock) == 0  # not due yet
    clock.advance(10)
    assert await deliver(uow_factory, sender, clock) == 1
    assert store.bezorgingen[mail.id].volgende_poging_op == clock.now() + timedelta(seconds=15)
    clock.advance(15)
    assert await deliver(uow_factory, sender, clock) == 1

    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.VERZONDEN and stored.pogingen == 3
    assert [p.resultaat for p in stored.pogingen_log] == [
        Resultaat.MISLUKT,
        Resultaat.MISLUKT,
        Resultaat.GELUKT,
    ]
    assert len(sender.sent) == 1


async def test_retries_for_the_whole_window_then_gives_up_once(
    store, partners, clock, sender, uow_factory, caplog
):
    mail = await _setup(store, partners, clock)
    einde = mail.aangemaakt_op + timedelta(seconds=100)
    sender.failures = 999
    opgegeven: list[uuid.UUID] = []

    async def hook(b) -> None:  # type: ignore[no-untyped-def]
        opgegeven.append(b.id)
        await meld_opgegeven(b)

    for _ in range(40):
        await deliver_due_emails(
            uow_factory=uow_factory, sender=sender, clock=clock, beleid=BELEID, on_opgegeven=hook
        )
        clock.advance(5)
    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.OPGEGEVEN and stored.volgende_poging_op is None
    # 10 s, then 15 s (the cap) apart, and the last attempt exactly at the end of the window:
    # attempts at 0, 10, 25, 40, 55, 70, 85, 100 s — more than any fixed count would have made.
    tijden = [(p.tijd - mail.aangemaakt_op).total_seconds() for p in stored.pogingen_log]
    assert tijden == [0, 10, 25, 40, 55, 70, 85, 100]
    assert stored.pogingen_log[-1].tijd == einde
    assert opgegeven == [mail.id] and sender.sent == []
    [line] = [r.getMessage() for r in caplog.records if "needs an operator" in r.getMessage()]
    assert str(mail.id) in line and "politie-zwb" in line and "opgegeven" in line
    assert mail.email is not None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for content in (mail.email.adres, mail.email.onderwerp, mail.email.tekst):
        assert content not in logged


async def test_a_mail_server_back_within_the_window_gets_the_mail(
    store, partners, clock, sender, uow_factory
):
    mail = await _setup(store, partners, clock)
    sender.failures = 7  # more than the old budget of attempts
    for _ in range(40):
        await deliver(uow_factory, sender, clock)
        clock.advance(5)
    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.VERZONDEN and stored.pogingen == 8
    assert [mid for _, mid in sender.sent] == [message_id(mail.id)]


def test_back_off_doubles_up_to_the_cap() -> None:
    beleid = RetryBeleid(backoff_s=2, max_backoff_s=60)
    waits = [beleid.wachttijd(n).total_seconds() for n in range(1, 9)]
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]
    assert beleid.wachttijd(10_000) == timedelta(seconds=60)  # no overflow after a long outage


def test_defaults_retry_a_day_with_at_most_a_minute_between_attempts() -> None:
    beleid = NotifySettings(env="test").retry_beleid()
    assert beleid.venster == timedelta(hours=24)
    assert beleid.max_backoff_s == 60


async def test_reconciler_marks_published_partner_messages(store, partners, clock, uow_factory):
    await _setup(store, partners, clock)
    topic_b = next(b for b in store.bezorgingen.values() if b.kanaal is Kanaal.PARTNER_TOPIC)

    assert await reconcile_partner_topic(uow_factory=uow_factory, clock=clock) == 0
    assert store.bezorgingen[topic_b.id].status is Status.WACHT

    store.outbox[0].published_at = clock.now()
    assert await reconcile_partner_topic(uow_factory=uow_factory, clock=clock) == 1
    stored = store.bezorgingen[topic_b.id]
    assert stored.status is Status.VERZONDEN and stored.pogingen == 1
    assert await reconcile_partner_topic(uow_factory=uow_factory, clock=clock) == 0


class _Locked(Exception):
    """Stands in for "database is locked": the fake says it is transient."""


async def test_a_locked_database_after_sending_records_later_and_never_sends_twice(
    store, partners, clock, sender, monkeypatch
):
    monkeypatch.setattr(delivery, "_RECORD_RETRY_FIRST_S", 0.0)
    mail = await _setup(store, partners, clock)
    fails_left = 3

    class LockedOnCommit(FakeUnitOfWork):
        async def commit(self) -> None:
            nonlocal fails_left
            if fails_left:
                fails_left -= 1
                raise _Locked()
            await super().commit()

    sent = await deliver_due_emails(
        uow_factory=lambda: LockedOnCommit(store),
        sender=sender,
        clock=clock,
        beleid=BELEID,
        is_transient=lambda exc: isinstance(exc, _Locked),
    )
    assert sent == 1 and fails_left == 0
    assert [mid for _, mid in sender.sent] == [message_id(mail.id)]
    assert store.bezorgingen[mail.id].status is Status.VERZONDEN
    assert await deliver(lambda: FakeUnitOfWork(store), sender, clock) == 0
    assert len(sender.sent) == 1


async def test_a_permanent_error_while_recording_is_not_retried(store, partners, clock, sender):
    await _setup(store, partners, clock)

    class Broken(FakeUnitOfWork):
        async def commit(self) -> None:
            raise ValueError("bug")

    with pytest.raises(ValueError):
        await deliver_due_emails(
            uow_factory=lambda: Broken(store),
            sender=sender,
            clock=clock,
            beleid=BELEID,
            is_transient=lambda exc: isinstance(exc, _Locked),
        )
    assert len(sender.sent) == 1
