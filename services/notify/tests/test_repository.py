"""The SQL repository on real SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from notify_fakes import db_url, email_bezorging
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from zvh_notify.adapters.db.repository import SqlBezorgingRepository
from zvh_notify.adapters.db.tables import metadata
from zvh_notify.domain.model import (
    Bezorging,
    Bijlage,
    Email,
    Kanaal,
    RetryBeleid,
    Status,
    WebhookBericht,
    bezorging_id,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
async def sessions(request, tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with db_url(request.param, tmp_path) as url:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        yield async_sessionmaker(engine, expire_on_commit=False)
        await engine.dispose()


async def test_round_trip_with_attempts(sessions):
    b = email_bezorging()
    async with sessions() as s:
        await SqlBezorgingRepository(s).add(b)
        await s.commit()

    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        loaded = await repo.get(b.id)
        assert loaded == b
        loaded.mislukt(tijd=T0 + timedelta(seconds=1), fout="refused", beleid=RetryBeleid())
        await repo.save(loaded)
        loaded.gelukt(tijd=T0 + timedelta(seconds=5))
        await repo.save(loaded)
        await s.commit()

    async with sessions() as s:
        final = await SqlBezorgingRepository(s).get(b.id)
    assert final is not None
    assert final.status is Status.VERZONDEN and final.pogingen == 2
    assert [(p.nr, p.fout) for p in final.pogingen_log] == [(1, "refused"), (2, None)]
    assert final.pogingen_log[1].tijd == T0 + timedelta(seconds=5)
    assert final.bijgewerkt_op is not None and final.bijgewerkt_op.tzinfo is not None


async def test_due_emails_respects_time_and_status(sessions):
    due, later, sent = email_bezorging(), email_bezorging(), email_bezorging()
    later.volgende_poging_op = T0 + timedelta(minutes=5)
    sent.gelukt(tijd=T0)
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        for b in (due, later, sent):
            await repo.add(b)
        await s.commit()
        assert [b.id for b in await repo.due_emails(now=T0, limit=10)] == [due.id]
        found = await repo.due_emails(now=T0 + timedelta(minutes=5), limit=10)
        assert {b.id for b in found} == {due.id, later.id}


async def test_find_filters(sessions):
    bron = uuid.uuid4()
    a = email_bezorging("politie-zwb", bron=bron)
    b = email_bezorging("ggz-wnb", bron=bron)
    c = email_bezorging("politie-zwb")
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        for x in (a, b, c):
            await repo.add(x)
        await s.commit()
        assert {x.id for x in await repo.find(bron_event_id=bron, ontvanger=None, limit=10)} == {
            a.id,
            b.id,
        }
        got = await repo.find(bron_event_id=bron, ontvanger="politie-zwb", limit=10)
        assert [x.id for x in got] == [a.id]
        assert len(await repo.find(bron_event_id=None, ontvanger=None, limit=2)) == 2


async def test_duplicate_id_is_refused(sessions):
    b = email_bezorging()
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        await repo.add(b)
        await s.commit()
    from sqlalchemy.exc import IntegrityError

    async with sessions() as s:
        with pytest.raises(IntegrityError):
            await SqlBezorgingRepository(s).add(b)


async def test_attachments_round_trip_and_plain_emails_have_none(sessions):
    ics = "BEGIN:VCALENDAR\r\nSUMMARY:Één\r\nEND:VCALENDAR\r\n".encode()
    met = email_bezorging()
    met.email = Email(
        adres="ggz-wnb@partners.zvh.local",
        onderwerp="Uitnodiging",
        tekst="Zie bijlage",
        bijlagen=(
            Bijlage("uitnodiging.ics", "text/calendar; method=REQUEST; charset=utf-8", ics),
            Bijlage("extra.bin", "application/octet-stream", bytes(range(256))),
        ),
    )
    zonder = email_bezorging()
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        await repo.add(met)
        await repo.add(zonder)
        await s.commit()
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        loaded = await repo.get(met.id)
        plain = await repo.get(zonder.id)
        [due_met] = [b for b in await repo.due_emails(now=T0, limit=10) if b.id == met.id]
    assert loaded == met and due_met == met
    assert loaded is not None and loaded.email is not None
    assert [b.bestandsnaam for b in loaded.email.bijlagen] == ["uitnodiging.ics", "extra.bin"]
    assert plain is not None and plain.email is not None and plain.email.bijlagen == ()


def webhook_bezorging(volgende: datetime = T0) -> Bezorging:
    bron = uuid.uuid4()
    return Bezorging(
        id=bezorging_id(bron_event_id=bron, kanaal=Kanaal.WEBHOOK, ontvanger="woonkwartier"),
        kanaal=Kanaal.WEBHOOK,
        ontvanger="woonkwartier",
        bron_event_id=bron,
        event_type="zvh.partner.actie.toegewezen.v1",
        casus_id=None,
        aangemaakt_op=T0,
        bijgewerkt_op=T0,
        volgende_poging_op=volgende,
        webhook=WebhookBericht(body='{"data":{"wat":"Huisbezoek – één"}}'.encode()),
    )


async def test_webhook_body_round_trips_and_only_due_webhooks_are_picked(sessions):
    due, later, mail = webhook_bezorging(), webhook_bezorging(T0 + timedelta(minutes=1)), None
    mail = email_bezorging()
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        for b in (due, later, mail):
            await repo.add(b)
        await s.commit()
    async with sessions() as s:
        repo = SqlBezorgingRepository(s)
        assert await repo.get(due.id) == due
        assert [b.id for b in await repo.due_webhooks(now=T0, limit=10)] == [due.id]
        assert [b.id for b in await repo.due_emails(now=T0, limit=10)] == [mail.id]
        loaded = await repo.get(later.id)
        assert loaded is not None and loaded.email is None
        loaded.mislukt(tijd=T0, fout="WebhookGeweigerd: HTTP 503", beleid=RetryBeleid())
        await repo.save(loaded)
        await s.commit()
    async with sessions() as s:
        final = await SqlBezorgingRepository(s).get(later.id)
    assert final is not None and final.webhook == later.webhook and final.pogingen == 1
