"""A bezorging given up during a mail outage is reopened by an operator and delivered once.

The real delivery loop on SQLite, a real SMTP client and a real aiosmtpd server, the operator
endpoint wired to the worker's wake-up as in bootstrap. The retry window is one second so
giving up takes moments.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from notify_fakes import email_bezorging, migrated_sessions
from notify_smtp import Collect, smtp_server
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.adapters.smtp import SmtpMailSender
from zvh_notify.config import NotifySettings
from zvh_notify.domain.model import Resultaat, RetryBeleid, Status
from zvh_notify.entrypoints.beheer import make_beheer_router
from zvh_notify.entrypoints.workers import DeliveryWorker
from zvh_platform.auth import User, lokaal_token
from zvh_platform.clock import SystemClock
from zvh_platform.testing import free_port, wait_for


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with migrated_sessions("sqlite", tmp_path) as sessions:
        yield sessions


async def test_given_up_then_reopened_is_delivered_once(sessions) -> None:
    uows = uow_factory(sessions)
    mail = email_bezorging()
    mail.aangemaakt_op = mail.volgende_poging_op = mail.bijgewerkt_op = SystemClock().now()
    async with uows() as uow:
        await uow.bezorgingen.add(mail)
        await uow.commit()

    port = free_port()
    worker = DeliveryWorker(
        uow_factory=uows,
        sender=SmtpMailSender(host="127.0.0.1", port=port, mail_from="noreply@zvh.local"),
        clock=SystemClock(),
        beleid=RetryBeleid(venster=timedelta(seconds=1), backoff_s=0.1, max_backoff_s=0.2),
        poll_interval_s=0.05,
    )
    settings = NotifySettings(env="test")
    app = FastAPI()
    app.include_router(
        make_beheer_router(
            settings,
            uow_factory=lambda _r: uows,
            wake=lambda _r: worker.wake(),
            clock=SystemClock(),
        )
    )
    user = User(id="beheer.dekker", naam="Test", org="zvh", roles=["beheerder"])
    token = lokaal_token(user)

    async def status() -> Status:
        async with uows() as uow:
            b = await uow.bezorgingen.get(mail.id)
        assert b is not None
        return b.status

    async def opgegeven() -> bool:
        return await status() is Status.OPGEGEVEN

    async def verzonden() -> bool:
        return await status() is Status.VERZONDEN

    handler = Collect()
    worker.start()
    try:
        # the outage: nothing listens until the window is over and notify gives up
        await wait_for(opgegeven, timeout_s=60, interval_s=0.1)
        async with uows() as uow:
            given_up = await uow.bezorgingen.get(mail.id)
        assert given_up is not None and given_up.pogingen > 1
        with smtp_server(port, handler):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://notify") as c:
                listed = await c.get(
                    "/beheer/bezorgingen", headers={"Authorization": f"Bearer {token}"}
                )
                assert [r["bezorging_id"] for r in listed.json()] == [str(mail.id)]
                r = await c.post(
                    f"/beheer/bezorgingen/{mail.id}/opnieuw",
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert r.status_code == 200, r.text
            await wait_for(verzonden, timeout_s=60, interval_s=0.1)
    finally:
        await worker.stop()

    async with uows() as uow:
        sent = await uow.bezorgingen.get(mail.id)
    assert sent is not None and sent.heropend_door == "beheer.dekker"
    assert sent.pogingen == given_up.pogingen + 1
    assert [p.resultaat for p in sent.pogingen_log[-2:]] == [Resultaat.MISLUKT, Resultaat.GELUKT]
    assert [m["Message-ID"] for m in handler.messages] == [mail.message_id]  # exactly once
    print(f"given up after {given_up.pogingen} attempts; reopened and delivered on the next one")
