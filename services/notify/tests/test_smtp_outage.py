"""A mail server that is down for longer than the old attempt budget loses no e-mail.

The real delivery loop on SQLite, a real SMTP client and a real aiosmtpd server: while nothing
listens, every e-mail is tried more often than the six attempts notify used to give it; once
the server is back every e-mail arrives exactly once (one per Message-ID). The back-off is
scaled down (0.1 s doubling, capped at 0.4 s) so the outage takes seconds, not minutes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from notify_fakes import FakePartners, actie, migrated_sessions
from notify_smtp import Collect, smtp_server
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.adapters.smtp import SmtpMailSender
from zvh_notify.application.handlers import handle_event
from zvh_notify.domain.model import Kanaal, RetryBeleid, Status, message_id
from zvh_notify.entrypoints.workers import DeliveryWorker
from zvh_platform.clock import SystemClock
from zvh_platform.testing import free_port, wait_for

N = 20
#: What notify used to do: six attempts, then mislukt for good.
OLD_MAX_ATTEMPTS = 6


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with migrated_sessions("sqlite", tmp_path) as sessions:
        yield sessions


async def test_mail_server_down_longer_than_the_old_budget_loses_nothing(sessions) -> None:
    uows = uow_factory(sessions)
    partners = FakePartners("politie-zwb")
    for _ in range(N):
        await handle_event(
            event_id=uuid.uuid4(), event=actie(), uow=uows(), partners=partners, clock=SystemClock()
        )
    async with uows() as uow:
        mails = [
            b
            for b in await uow.bezorgingen.find(bron_event_id=None, ontvanger=None, limit=1000)
            if b.kanaal is Kanaal.EMAIL
        ]
    assert len(mails) == N
    expected = {message_id(b.id) for b in mails}

    port = free_port()
    worker = DeliveryWorker(
        uow_factory=uows,
        sender=SmtpMailSender(host="127.0.0.1", port=port, mail_from="noreply@zvh.local"),
        clock=SystemClock(),
        beleid=RetryBeleid(venster=timedelta(minutes=5), backoff_s=0.1, max_backoff_s=0.4),
        poll_interval_s=0.05,
    )

    async def states() -> list[tuple[Status, int]]:
        async with uows() as uow:
            found = await uow.bezorgingen.find(bron_event_id=None, ontvanger=None, limit=1000)
        return [(b.status, b.pogingen) for b in found if b.kanaal is Kanaal.EMAIL]

    async def past_the_old_budget() -> bool:
        return all(pogingen > OLD_MAX_ATTEMPTS for _, pogingen in await states())

    handler = Collect()
    started = time.monotonic()
    worker.start()
    try:
        # The outage: nothing listens on the port until every e-mail failed 7+ times.
        await wait_for(past_the_old_budget, timeout_s=120, interval_s=0.2)
        assert {status for status, _ in await states()} == {Status.WACHT}
        outage_s = time.monotonic() - started
        with smtp_server(port, handler):

            async def all_sent() -> bool:
                return {s for s, _ in await states()} == {Status.VERZONDEN}

            await wait_for(all_sent, timeout_s=120, interval_s=0.2)
    finally:
        await worker.stop()

    attempts = sum(pogingen for _, pogingen in await states())
    print(f"SMTP down {outage_s:.1f} s: {attempts} attempts for {N} e-mails, all delivered once")
    received = [m["Message-ID"] for m in handler.messages]
    assert sorted(received) == sorted(expected)  # every e-mail, each exactly once
