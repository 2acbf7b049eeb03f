"""Idempotency-Key on intake's triage command: the real app under uvicorn, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from intake_fakes import FakePdp, verwachte_regels
from sqlalchemy import func, select
from voorbeelden import bericht
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_intake.adapters.db.uow import uow_factory
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.bootstrap import Adapters, create_app
from zvh_intake.config import IntakeSettings
from zvh_platform import testing
from zvh_platform.auth import lokaal_token
from zvh_platform.clock import SystemClock
from zvh_platform.db import make_engine, outbox_table, session_factory
from zvh_platform.idempotency import ANDER_VERZOEK, REPLAYED_HEADER

pytestmark = [pytest.mark.broker, pytest.mark.timeout(180)]

PARTNERS = frozenset({"zvh", "politie-zwb", "ggz-wnb", "gemeente-bergen-op-zoom"})


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request, tmp_path: Path) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}"
        return
    reason = testing.postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    async with testing.postgres_database() as url:
        yield url


async def test_triage_retried_with_its_key_is_recorded_once(
    db_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = IntakeSettings(
        env="test",
        database_url=db_url,
        kafka_bootstrap=kafka_bootstrap,
        var_dir=tmp_path,
    )
    user = settings.region().user("pr.jansen")
    assert user is not None
    token = lokaal_token(user)
    with testing.serve(
        create_app(settings, adapters=Adapters(pdp=FakePdp(allow=False, regel=verwachte_regels)))
    ) as base:
        engine = make_engine(db_url)
        sessions = session_factory(engine)
        try:
            intake = MeldingIntake(
                uow_factory=uow_factory(sessions),
                pseudonym_key=b"k",
                partners=PARTNERS,
                clock=SystemClock(),
            )
            melding_id = (await intake.verwerk(bericht())).melding_id
            assert melding_id is not None
            url = f"/v1/meldingen/{melding_id}/triage"
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
            casus = {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}
            async with httpx.AsyncClient(base_url=base) as c:
                eerste = await c.post(url, json=casus, headers=headers)
                retry = await c.post(url, json=casus, headers=headers)
                ander = await c.post(url, json={**casus, "ave_fase": 4}, headers=headers)
                zonder = await c.post(
                    url, json=casus, headers={"Authorization": headers["Authorization"]}
                )
            async with sessions() as s:
                getrieerd = (
                    await s.execute(
                        select(func.count())
                        .select_from(outbox_table)
                        .where(outbox_table.c.event_type == MeldingGetrieerd.event_type)
                    )
                ).scalar_one()
        finally:
            await engine.dispose()
    assert eerste.status_code == 200 and REPLAYED_HEADER.lower() not in eerste.headers
    assert retry.status_code == 200 and retry.headers[REPLAYED_HEADER] == "true"
    assert retry.json() == eerste.json()
    assert ander.status_code == 422 and ander.json() == {"detail": ANDER_VERZOEK}
    assert zonder.status_code == 409  # without a key the domain's own check still answers
    assert getrieerd == 1


async def test_withdrawal_retried_with_its_key_is_answered_once(
    db_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = IntakeSettings(
        env="test",
        database_url=db_url,
        kafka_bootstrap=kafka_bootstrap,
        var_dir=tmp_path,
    )
    user = settings.region().user("agent.smit")  # of politie-zwb, the melder: the eigenaar
    assert user is not None
    token = lokaal_token(user)
    pdp = FakePdp(allow=False, regel=verwachte_regels)  # the PDP is not the subject here
    with testing.serve(create_app(settings, adapters=Adapters(pdp=pdp))) as base:
        engine = make_engine(db_url)
        sessions = session_factory(engine)
        try:
            intake = MeldingIntake(
                uow_factory=uow_factory(sessions),
                pseudonym_key=b"k",
                partners=PARTNERS,
                clock=SystemClock(),
            )
            melding_id = (await intake.verwerk(bericht())).melding_id
            assert melding_id is not None
            async with uow_factory(sessions)() as uow:
                melding = await uow.meldingen.get(melding_id)
            assert melding is not None
            item = melding.items[0]
            url = f"/v1/meldingen/{melding_id}/items/{item.id}/intrekken"
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
            async with httpx.AsyncClient(base_url=base) as c:
                eerste = await c.post(url, headers=headers)
                retry = await c.post(url, headers=headers)
            async with uow_factory(sessions)() as uow:
                na = await uow.meldingen.get(melding_id)
        finally:
            await engine.dispose()
    assert eerste.status_code == 200, eerste.text
    assert eerste.json()["ingetrokken"] is True
    assert retry.status_code == 200 and retry.headers[REPLAYED_HEADER] == "true"
    assert retry.json() == eerste.json()
    assert na is not None and na.items[0].ingetrokken and na.items[0].ingetrokken_door == user.id
    assert len(pdp.asked(action="write")) == 1  # the retry was answered from the stored response
