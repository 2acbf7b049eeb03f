"""E-mail retries and partner-topic reconciliation on fakes."""

from __future__ import annotations

import uuid
from datetime import timedelta

from notify_fakes import FakeUnitOfWork, actie
from zvh_notify.application.delivery import deliver_due_emails, reconcile_partner_topic
from zvh_notify.application.handlers import handle_casus_event
from zvh_notify.domain.model import Kanaal, Resultaat, RetryBeleid, Status, message_id

BELEID = RetryBeleid(max_pogingen=3, backoff_s=10, max_backoff_s=15)


async def _setup(store, partners, clock):  # type: ignore[no-untyped-def]
    await handle_casus_event(
        event_id=uuid.uuid4(),
        event=actie(),
        uow=FakeUnitOfWork(store),
        partners=partners,
        clock=clock,
    )
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
    assert stored.volgende_poging_op == clock.now + timedelta(seconds=10)

    assert await deliver(uow_factory, sender, clock) == 0  # not due yet
    clock.advance(10)
    assert await deliver(uow_factory, sender, clock) == 1
    assert store.bezorgingen[mail.id].volgende_poging_op == clock.now + timedelta(seconds=15)
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


async def test_gives_up_after_max_attempts(store, partners, clock, sender, uow_factory):
    mail = await _setup(store, partners, clock)
    sender.failures = 99
    for _ in range(5):
        await deliver(uow_factory, sender, clock)
        clock.advance(60)
    stored = store.bezorgingen[mail.id]
    assert stored.status is Status.MISLUKT and stored.pogingen == 3
    assert stored.volgende_poging_op is None and sender.sent == []


async def test_reconciler_marks_published_partner_messages(store, partners, clock, uow_factory):
    await _setup(store, partners, clock)
    topic_b = next(b for b in store.bezorgingen.values() if b.kanaal is Kanaal.PARTNER_TOPIC)

    assert await reconcile_partner_topic(uow_factory=uow_factory, clock=clock) == 0
    assert store.bezorgingen[topic_b.id].status is Status.WACHT

    store.outbox[0].published_at = clock.now
    assert await reconcile_partner_topic(uow_factory=uow_factory, clock=clock) == 1
    stored = store.bezorgingen[topic_b.id]
    assert stored.status is Status.VERZONDEN and stored.pogingen == 1
    assert await reconcile_partner_topic(uow_factory=uow_factory, clock=clock) == 0
