"""Operators list given-up bezorgingen and retry one over HTTP (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from notify_fakes import FakeClock, email_bezorging, migrated_sessions
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.config import NotifySettings
from zvh_notify.domain.model import RetryBeleid, Status
from zvh_notify.entrypoints.beheer import make_beheer_router
from zvh_platform.auth import User, lokaal_token

BELEID = RetryBeleid(venster=timedelta(seconds=10), backoff_s=1, max_backoff_s=4)
ADRES_FOUT = "SMTPRecipientsRefused: {'politie-zwb@partners.zvh.local': (550, b'unknown')}"


@pytest.fixture(params=["sqlite", "postgres"])
async def sessions(request, tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with migrated_sessions(request.param, tmp_path) as sessions:
        yield sessions


async def test_list_and_retry_given_up_bezorgingen(sessions) -> None:
    uows = uow_factory(sessions)
    opgegeven, wacht = email_bezorging(), email_bezorging("ggz-wnb")
    while opgegeven.status is Status.WACHT:
        assert opgegeven.volgende_poging_op is not None
        opgegeven.mislukt(tijd=opgegeven.volgende_poging_op, fout=ADRES_FOUT, beleid=BELEID)
    async with uows() as uow:
        await uow.bezorgingen.add(opgegeven)
        await uow.bezorgingen.add(wacht)
        await uow.commit()

    settings = NotifySettings(env="test")
    clock = FakeClock()
    clock.advance(3600)
    woken: list[int] = []
    app = FastAPI()
    app.include_router(
        make_beheer_router(
            settings,
            uow_factory=lambda _request: uows,
            wake=lambda _request: woken.append(1),
            clock=clock,
        )
    )

    def auth(*roles: str) -> dict[str, str]:
        user = User(id="beheer.dekker", naam="Test", org="zvh", roles=list(roles))
        return {"Authorization": f"Bearer {lokaal_token(user)}"}

    beheerder = auth("beheerder")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        assert (await client.get("/beheer/bezorgingen")).status_code == 401
        r = await client.get("/beheer/bezorgingen", headers=auth("procesregisseur"))
        assert r.status_code == 403
        r = await client.post(
            f"/beheer/bezorgingen/{opgegeven.id}/opnieuw", headers=auth("procesregisseur")
        )
        assert r.status_code == 403

        r = await client.get("/beheer/bezorgingen", headers=beheerder)
        assert r.status_code == 200
        (row,) = r.json()
        assert row["bezorging_id"] == str(opgegeven.id) and row["status"] == "opgegeven"
        assert row["fout_type"] == "SMTPRecipientsRefused"
        assert row["pogingen"] == opgegeven.pogingen and row["heropend_door"] is None
        assert "partners.zvh.local" not in r.text and "Nieuwe actie" not in r.text  # no content

        r = await client.post(f"/beheer/bezorgingen/{uuid.uuid4()}/opnieuw", headers=beheerder)
        assert r.status_code == 404 and r.json()["detail"] == "bezorging onbekend"
        r = await client.post(f"/beheer/bezorgingen/{wacht.id}/opnieuw", headers=beheerder)
        assert r.status_code == 409 and "opgegeven" in r.json()["detail"]
        assert woken == []

        r = await client.post(f"/beheer/bezorgingen/{opgegeven.id}/opnieuw", headers=beheerder)
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "wacht" and r.json()["heropend_door"] == "beheer.dekker"
        assert woken == [1]  # the delivery worker is told at once

        again = await client.post(f"/beheer/bezorgingen/{opgegeven.id}/opnieuw", headers=beheerder)
        assert again.status_code == 409  # waiting again: nothing to reopen
        r = await client.get("/beheer/bezorgingen", headers=beheerder)
        assert r.json() == []
        r = await client.get("/beheer/bezorgingen?status=wacht", headers=beheerder)
        assert {row["bezorging_id"] for row in r.json()} == {str(opgegeven.id), str(wacht.id)}

    async with uows() as uow:
        stored = await uow.bezorgingen.get(opgegeven.id)
        due = await uow.bezorgingen.due_emails(now=clock.now(), limit=10)
    assert stored is not None
    assert stored.venster_start == clock.now() and stored.volgende_poging_op == clock.now()
    assert stored.heropend_door == "beheer.dekker" and stored.pogingen == opgegeven.pogingen
    assert opgegeven.id in {b.id for b in due}
