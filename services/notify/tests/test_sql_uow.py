"""Handler, reconciler and HTTP API on the real SQL unit of work (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from notify_fakes import FakeClock, FakePartners, FakePdp, actie, geopend, migrated_sessions
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.envelope import derived_id
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.application.delivery import reconcile_partner_topic
from zvh_notify.application.handlers import handle_event
from zvh_notify.application.ports import UnitOfWorkFactory
from zvh_notify.config import NotifySettings
from zvh_notify.entrypoints.api import make_router
from zvh_platform.auth import User, lokaal_token
from zvh_platform.db import outbox_table


@pytest.fixture(params=["sqlite", "postgres"])
async def sessions(request, tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with migrated_sessions(request.param, tmp_path) as sessions:
        yield sessions


async def _handle(uows: UnitOfWorkFactory, event, ce_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return await handle_event(
        event_id=ce_id,
        event=event,
        uow=uows(),
        partners=FakePartners("politie-zwb", "ggz-wnb"),
        clock=FakeClock(),
    )


async def test_one_transaction_and_replay_is_a_no_op(sessions):
    uows = uow_factory(sessions)
    ce_id = uuid.uuid4()
    assert len(await _handle(uows, actie(), ce_id)) == 2
    assert await _handle(uows, actie(), ce_id) == []

    async with sessions() as s:
        rows = (await s.execute(select(outbox_table))).mappings().all()
    assert [r["event_id"] for r in rows] == [derived_id("notify", ce_id, "partner", "politie-zwb")]
    assert rows[0]["topic"] == "zvh.partner.politie-zwb.from-zvh.v1"
    assert rows[0]["headers"]["ce_id"] == str(rows[0]["event_id"])


async def test_failure_rolls_everything_back(sessions):
    uows = uow_factory(sessions)
    ce_id = uuid.uuid4()

    class Boom(FakePartners):
        calls = 0

        def partner(self, code: str):  # type: ignore[no-untyped-def]
            Boom.calls += 1
            if Boom.calls > 1:  # after the first deelnemer's rows were written
                raise RuntimeError("boom")
            return super().partner(code)

    with pytest.raises(RuntimeError):
        await handle_event(
            event_id=ce_id,
            event=geopend("politie-zwb", "ggz-wnb"),
            uow=uows(),
            partners=Boom("politie-zwb", "ggz-wnb"),
            clock=FakeClock(),
        )
    async with sessions() as s:
        assert (await s.execute(select(outbox_table))).all() == []
    # nothing was recorded in the inbox either: a redelivery processes the event fully
    assert len(await _handle(uows, geopend("politie-zwb", "ggz-wnb"), ce_id)) == 4


async def test_reconciler_and_api(sessions):
    uows = uow_factory(sessions)
    ce_id = uuid.uuid4()
    await _handle(uows, actie(), ce_id)
    published = datetime(2025, 3, 1, 9, 0, 5, tzinfo=UTC)
    async with sessions() as s:
        await s.execute(update(outbox_table).values(published_at=published))
        await s.commit()
    assert await reconcile_partner_topic(uow_factory=uows, clock=FakeClock()) == 1

    settings = NotifySettings(env="test")
    app = FastAPI()
    pdp = FakePdp()
    app.include_router(
        make_router(settings, uow_factory=lambda _request: uows, pdp=lambda _request: pdp)
    )

    def auth(org: str) -> dict[str, str]:
        user = User(id=f"u.{org}", naam="Test", org=org, roles=["deelnemer"])
        return {"Authorization": f"Bearer {lokaal_token(user)}"}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        assert (await client.get("/v1/bezorgingen")).status_code == 401

        r = await client.get(f"/v1/bezorgingen?bron_event_id={ce_id}", headers=auth("zvh"))
        assert r.status_code == 200
        body = {b["kanaal"]: b for b in r.json()}
        assert body["partner-topic"]["status"] == "verzonden"
        assert body["partner-topic"]["bezorgpogingen"] == [
            {"nr": 1, "tijd": "2025-03-01T09:00:05Z", "resultaat": "gelukt", "fout": None}
        ]
        assert body["email"]["status"] == "wacht"
        assert body["email"]["message_id"].endswith("@notify.zvh.local>")
        assert "tekst" not in body["email"]

        r = await client.get(f"/v1/bezorgingen?event_id={ce_id}", headers=auth("politie-zwb"))
        assert len(r.json()) == 2
        r = await client.get(f"/v1/bezorgingen?event_id={ce_id}", headers=auth("ggz-wnb"))
        assert r.json() == []
        r = await client.get("/v1/bezorgingen?ontvanger=politie-zwb", headers=auth("ggz-wnb"))
        assert r.status_code == 403

        # operators find what was given up; the status filter takes only known values
        r = await client.get("/v1/bezorgingen?status=verzonden", headers=auth("zvh"))
        assert [b["kanaal"] for b in r.json()] == ["partner-topic"]
        r = await client.get("/v1/bezorgingen?status=opgegeven", headers=auth("zvh"))
        assert r.status_code == 200 and r.json() == []
        r = await client.get("/v1/bezorgingen?status=kwijt", headers=auth("zvh"))
        assert r.status_code == 422
