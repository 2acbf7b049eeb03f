"""Idempotency-Key on the real overleg app (uvicorn, SQLite and PostgreSQL, tansu broker).

A client that times out and retries ``POST /acties`` with the same key gets one actie, one
outbox event and the original response; the staff UI's hidden form key does the same for forms.
"""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from overleg_fakes import FakePdp, FixedClock, getrieerd
from overleg_web_fakes import FakeProvider, aanmelden, csrf_veld
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.overleg.casus_v1 import ActieToegewezen
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_overleg.adapters.db.tables import metadata
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import VoegActieToe, handle_melding_event, voeg_actie_toe
from zvh_overleg.application.ports import Actor
from zvh_overleg.bootstrap import Adapters, create_app
from zvh_overleg.config import OverlegSettings
from zvh_platform import testing
from zvh_platform.auth import lokaal_token
from zvh_platform.clock import utcnow
from zvh_platform.db import (
    idempotency_table,
    make_engine,
    outbox_table,
    session_factory,
)
from zvh_platform.idempotency import (
    ANDER_VERZOEK,
    FORM_FIELD,
    IN_BEHANDELING,
    REPLAYED_HEADER,
    Claim,
    KeyInUse,
    bound,
)
from zvh_platform.settings import ServiceSettings

pytestmark = [pytest.mark.broker, pytest.mark.timeout(180)]

acties = metadata.tables["acties"]


class GatedPdp:
    """Allows everything; holds write decisions while ``gate`` is clear (a slowed handler)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.held = threading.Event()

    async def is_held(self) -> bool:
        return self.held.is_set()

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        if request.action == "write" and not self.gate.is_set():
            self.held.set()
            await asyncio.to_thread(self.gate.wait, 60)
        return Decision(allow=True, reasons=["toegestaan"])

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        return [await self.decide(r, token=token) for r in requests]


@pytest.fixture
async def served(
    db_url: str, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[tuple[str, GatedPdp, async_sessionmaker[AsyncSession], uuid.UUID]]:
    """The overleg app as a server on a free port; a casus to add acties to; the test's sessions."""
    settings = OverlegSettings(
        env="test",
        database_url=db_url,
        kafka_bootstrap=kafka_bootstrap,
        var_dir=tmp_path,
        consent_url="http://127.0.0.1:9",  # never asked: the test's PDP answers
        intake_url="http://127.0.0.1:9",
    )
    pdp = GatedPdp()
    app = create_app(
        settings, adapters=Adapters(pdp=pdp, identiteit=FakeProvider(settings.region()))
    )
    with testing.serve(app) as base:
        engine = make_engine(db_url)
        sessions = session_factory(engine)
        try:
            casus_id = await handle_melding_event(
                event_id=uuid.uuid4(),
                event=getrieerd(),
                uow=uow_factory(sessions),
                clock=FixedClock(),
            )
            assert casus_id is not None
            yield base, pdp, sessions, casus_id
        finally:
            pdp.gate.set()
            await engine.dispose()


def _token(user_id: str = "pr.jansen") -> str:
    settings = ServiceSettings(service="overleg", env="test")
    user = settings.region().user(user_id)
    assert user is not None
    return lokaal_token(user)


async def _count(sessions: async_sessionmaker[AsyncSession], stmt: Any) -> int:
    async with sessions() as s:
        return int((await s.execute(stmt)).scalar_one())


async def _acties(sessions: async_sessionmaker[AsyncSession], casus_id: uuid.UUID) -> list[Any]:
    async with sessions() as s:
        return list(
            (await s.execute(select(acties.c.actie_id).where(acties.c.casus_id == casus_id)))
            .scalars()
            .all()
        )


async def _toegewezen(sessions: async_sessionmaker[AsyncSession]) -> int:
    return await _count(
        sessions,
        select(func.count())
        .select_from(outbox_table)
        .where(outbox_table.c.event_type == ActieToegewezen.event_type),
    )


async def _answered(sessions: async_sessionmaker[AsyncSession], key: str) -> bool:
    async with sessions() as s:
        status = (
            await s.execute(
                select(idempotency_table.c.status).where(idempotency_table.c.key == key)
            )
        ).scalar_one_or_none()
    return status is not None


def _actie(wat: str = "Huisbezoek") -> dict[str, str]:
    return {
        "wat": wat,
        "wie": "ggz-wnb",
        "wanneer": (date.today() + timedelta(days=30)).isoformat(),
    }


async def test_a_timed_out_post_acties_retried_with_its_key_acts_once(served) -> None:  # type: ignore[no-untyped-def]
    base, pdp, sessions, casus_id = served
    url = f"/v1/casussen/{casus_id}/acties"
    key = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {_token()}", "Idempotency-Key": key}
    pdp.gate.clear()  # the first request hangs at its PDP write check until the gate opens
    async with httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(10.0, read=0.5)) as c:
        with pytest.raises(httpx.ReadTimeout):
            await c.post(url, json=_actie(), headers=headers)
        await testing.wait_for(pdp.is_held)
        bezig = await c.post(url, json=_actie(), headers=headers)
        pdp.gate.set()
        await testing.wait_for(lambda: _answered(sessions, key))
        retry = await c.post(url, json=_actie(), headers=headers)
        ander = await c.post(url, json=_actie("Iets anders"), headers=headers)

    assert bezig.status_code == 409 and bezig.json() == {"detail": IN_BEHANDELING}
    assert retry.status_code == 201 and retry.headers[REPLAYED_HEADER] == "true"
    assert ander.status_code == 422 and ander.json() == {"detail": ANDER_VERZOEK}
    [actie_id] = await _acties(sessions, casus_id)
    assert retry.json() == {"actie_id": str(actie_id)}
    assert await _toegewezen(sessions) == 1


async def test_without_a_key_every_post_acts_as_before(served) -> None:  # type: ignore[no-untyped-def]
    base, _, sessions, casus_id = served
    headers = {"Authorization": f"Bearer {_token()}"}
    async with httpx.AsyncClient(base_url=base) as c:
        eerste = await c.post(f"/v1/casussen/{casus_id}/acties", json=_actie(), headers=headers)
        tweede = await c.post(f"/v1/casussen/{casus_id}/acties", json=_actie(), headers=headers)
    assert (eerste.status_code, tweede.status_code) == (201, 201)
    assert REPLAYED_HEADER.lower() not in tweede.headers
    assert len(await _acties(sessions, casus_id)) == 2
    assert await _count(sessions, select(func.count()).select_from(idempotency_table)) == 0


async def test_keys_are_per_user_and_a_bad_key_is_refused(served) -> None:  # type: ignore[no-untyped-def]
    base, _, sessions, casus_id = served
    url = f"/v1/casussen/{casus_id}/acties"
    async with httpx.AsyncClient(base_url=base) as c:
        jansen = await c.post(
            url,
            json=_actie(),
            headers={"Authorization": f"Bearer {_token()}", "Idempotency-Key": '"k-1"'},
        )
        notulist = await c.post(
            url,
            json=_actie(),
            headers={
                "Authorization": f"Bearer {_token('notulist.bakker')}",
                "Idempotency-Key": "k-1",
            },
        )
        slecht = await c.post(
            url,
            json=_actie(),
            headers={"Authorization": f"Bearer {_token()}", "Idempotency-Key": "x" * 201},
        )
    assert (jansen.status_code, notulist.status_code) == (201, 201)
    assert REPLAYED_HEADER.lower() not in notulist.headers
    assert slecht.status_code == 400 and "Idempotency-Key" in slecht.json()["detail"]
    assert len(await _acties(sessions, casus_id)) == 2


async def test_the_ui_form_posted_twice_with_its_hidden_key_adds_one_actie(served) -> None:  # type: ignore[no-untyped-def]
    base, _, sessions, casus_id = served
    async with httpx.AsyncClient(base_url=base) as c:
        await aanmelden(c, "pr.jansen")
        pagina = (await c.get(f"/casussen/{casus_id}")).text
        formulier = pagina[pagina.index('id="actie-formulier"') :]
        match = re.search(rf'name="{FORM_FIELD}" value="([^"]+)"', formulier)
        assert match, "the actie form carries no idempotency key"
        velden = {FORM_FIELD: match.group(1), **csrf_veld(formulier), **_actie()}
        eerste = await c.post(f"/casussen/{casus_id}/acties", data=velden)
        tweede = await c.post(f"/casussen/{casus_id}/acties", data=velden)
        nieuw = re.search(
            rf'name="{FORM_FIELD}" value="([^"]+)"', (await c.get(f"/casussen/{casus_id}")).text
        )
    assert eerste.status_code == 303
    assert tweede.status_code == 303 and tweede.headers[REPLAYED_HEADER] == "true"
    assert tweede.headers["location"] == eerste.headers["location"]
    assert len(await _acties(sessions, casus_id)) == 1
    assert await _toegewezen(sessions) == 1
    assert nieuw and nieuw.group(1) != match.group(1), "a new render must carry a new key"


async def test_a_double_click_while_the_first_submit_runs_adds_one_actie(served) -> None:  # type: ignore[no-untyped-def]
    base, pdp, sessions, casus_id = served
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        await aanmelden(c, "pr.jansen")
        pagina = (await c.get(f"/casussen/{casus_id}")).text
        velden = {FORM_FIELD: str(uuid.uuid4()), **csrf_veld(pagina), **_actie()}
        pdp.gate.clear()
        eerste = asyncio.create_task(c.post(f"/casussen/{casus_id}/acties", data=velden))
        await testing.wait_for(pdp.is_held)
        tweede = asyncio.create_task(c.post(f"/casussen/{casus_id}/acties", data=velden))
        pdp.gate.set()
        antwoorden = await asyncio.gather(eerste, tweede)
    assert [a.status_code for a in antwoorden] == [303, 303]
    assert antwoorden[1].headers[REPLAYED_HEADER] == "true"
    assert len(await _acties(sessions, casus_id)) == 1


async def test_expired_keys_are_purged(served) -> None:  # type: ignore[no-untyped-def]
    _, _, sessions, _ = served
    from zvh_platform.idempotency import purge_expired

    oud = datetime(2000, 1, 1, tzinfo=UTC)
    async with sessions() as s:
        await s.execute(
            insert(idempotency_table),
            [
                {"scope": "overleg:x", "key": "oud", "fingerprint": "f", "created_at": oud},
                {"scope": "overleg:x", "key": "nieuw", "fingerprint": "f", "created_at": utcnow()},
            ],
        )
        await s.commit()
    assert await purge_expired(sessions, ttl_s=3600) == 1
    assert await _count(sessions, select(func.count()).select_from(idempotency_table)) == 1


# --- the claim in the unit of work: key, effect and response in one transaction ---

CMD_WANNEER = date(2030, 4, 1)


async def _voeg_toe(sessions: async_sessionmaker[AsyncSession], casus_id: uuid.UUID) -> uuid.UUID:
    return await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Huisbezoek", wie="ggz-wnb", wanneer=CMD_WANNEER),
        actor=Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t"),
        uow=uow_factory(sessions),
        pdp=FakePdp(),
        clock=FixedClock(),
    )


def _claim(sessions: async_sessionmaker[AsyncSession], key: str) -> Claim:
    return Claim("overleg:pr.jansen", key, "vingerafdruk", sessions, task=asyncio.current_task())


async def _keys(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int | None]:
    async with sessions() as s:
        rows = await s.execute(select(idempotency_table.c.key, idempotency_table.c.status))
        return {k: status for k, status in rows.all()}


async def test_a_crash_before_the_response_is_stored_undoes_the_effect_so_the_retry_acts_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(), uow=uow_factory(sessions), clock=FixedClock()
    )
    assert casus_id is not None
    with bound(_claim(sessions, "k")) as crashed:
        await _voeg_toe(sessions, casus_id)
        assert crashed.state == "pending"
        assert await _acties(sessions, casus_id) == []  # not committed: waits for the response
        await crashed.abandon()  # the process dies: its open transaction rolls back
    assert await _acties(sessions, casus_id) == []
    assert await _keys(sessions) == {} and await _toegewezen(sessions) == 0

    with bound(_claim(sessions, "k")) as retry:
        actie_id = await _voeg_toe(sessions, casus_id)
        await retry.finish(201, [["content-type", "application/json"]], b"{}")
    assert await _acties(sessions, casus_id) == [actie_id]
    assert await _keys(sessions) == {"k": 201} and await _toegewezen(sessions) == 1

    with bound(_claim(sessions, "k")) as elders:  # the same key in another process
        with pytest.raises(KeyInUse):
            await _voeg_toe(sessions, casus_id)
        await elders.abandon()
    assert await _acties(sessions, casus_id) == [actie_id] and await _toegewezen(sessions) == 1


async def test_a_second_unit_of_work_commits_the_first_before_it_starts(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(), uow=uow_factory(sessions), clock=FixedClock()
    )
    assert casus_id is not None
    with bound(_claim(sessions, "k2")) as claim:
        actie_id = await _voeg_toe(sessions, casus_id)
        async with uow_factory(sessions)() as tx:  # reads what the first one wrote
            casus = await tx.casussen.get(casus_id)
        assert casus is not None and [a.actie_id for a in casus.acties] == [actie_id]
        assert claim.state == "settled" and await _keys(sessions) == {"k2": None}
        await claim.finish(204, [], b"")
    assert await _keys(sessions) == {"k2": 204}
