"""The meldingen part of the quarterly report: gemeente carried from the partner's melding, counts
per gemeente, melder and uitkomst, one PDP question, Dutch errors for a bad period."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakeConvenanten, FakePdp, Store, verwachte_regels
from voorbeelden import bericht, melding_body
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.config import IntakeSettings
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_platform.auth import User, lokaal_token

PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
AGENT = User(id="agent.smit", naam="K", org="politie-zwb", roles=["deelnemer"])
Q1 = {"van": "2025-01-01", "tot": "2025-04-01"}
CASUS = {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=False, regel=verwachte_regels)


@pytest.fixture
async def client(  # type: ignore[no-untyped-def]
    uow_factory, clock: FakeClock, partners: frozenset[str], pdp: FakePdp
) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=uow_factory,
        pdp=pdp,
        clock=clock,
        partners=partners,
        convenanten=FakeConvenanten({}),
    )
    app.include_router(make_router(IntakeSettings(env="test"), deps=DepsHolder(deps)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://i") as c:
        yield c


async def _meld(uow_factory, clock: FakeClock, partners, ref: str, **extra: object):  # type: ignore[no-untyped-def]
    intake = MeldingIntake(
        uow_factory=uow_factory, pseudonym_key=b"k", partners=partners, clock=clock
    )
    resultaat = await intake.verwerk(bericht(melding_body(melder_referentie=ref, **extra)))
    assert resultaat.melding_id is not None
    return resultaat.melding_id


async def test_gemeente_is_stored_and_travels_in_the_triage_event(  # type: ignore[no-untyped-def]
    client: httpx.AsyncClient, uow_factory, clock: FakeClock, partners, store: Store
) -> None:
    melding_id = await _meld(uow_factory, clock, partners, "R-1", gemeente="GM0748")
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(melding_id)
    assert melding is not None and melding.gemeente == "GM0748"
    assert "gemeente" not in melding.inhoud  # a code beside the content, not part of it
    r = await client.post(f"/v1/meldingen/{melding_id}/triage", json=CASUS, headers=auth(PR))
    assert r.status_code == 200, r.text
    event = store.outbox[-1].event
    assert isinstance(event, MeldingGetrieerd) and event.gemeente == "GM0748"


async def test_counts_per_gemeente_melder_and_uitkomst(  # type: ignore[no-untyped-def]
    client: httpx.AsyncClient, uow_factory, clock: FakeClock, partners, pdp: FakePdp
) -> None:
    op_tijd = await _meld(uow_factory, clock, partners, "R-1", gemeente="GM0748")
    te_laat = await _meld(uow_factory, clock, partners, "R-2", gemeente="GM0748")
    await _meld(uow_factory, clock, partners, "R-3")
    for melding_id in (op_tijd, te_laat):  # deadline 2025-03-13: the first today, then a week on
        r = await client.post(f"/v1/meldingen/{melding_id}/triage", json=CASUS, headers=auth(PR))
        assert r.status_code == 200, r.text
        clock.advance(days=7)
    clock.at = datetime(2025, 4, 1, 8, 0, tzinfo=UTC)  # 10:00 in Amsterdam: the next quarter
    await _meld(uow_factory, clock, partners, "R-4", gemeente="GM0748")
    pdp.requests.clear()

    r = await client.get("/v1/meldingen/tellingen", params=Q1, headers=auth(PR))
    assert r.status_code == 200, r.text
    assert r.json() == [
        {
            "gemeente": None,
            "melder": "politie-zwb",
            "uitkomst": "te-trieren",
            "aantal": 1,
            "binnen_termijn": 0,
        },
        {
            "gemeente": "GM0748",
            "melder": "politie-zwb",
            "uitkomst": "casus",
            "aantal": 2,
            "binnen_termijn": 1,
        },
    ]
    [(request, _)] = pdp.requests
    assert (request.action, request.resource.type, request.context.doel) == (
        "read",
        "rapportage",
        "verantwoording",
    )
    r = await client.get(
        "/v1/meldingen/tellingen", params={**Q1, "gemeente": "onbekend"}, headers=auth(PR)
    )
    assert [(t["gemeente"], t["aantal"]) for t in r.json()] == [(None, 1)]
    r = await client.get(
        "/v1/meldingen/tellingen",
        params={"van": "2025-04-01", "tot": "2025-07-01", "gemeente": "GM0748"},
        headers=auth(PR),
    )
    assert [(t["uitkomst"], t["aantal"]) for t in r.json()] == [("te-trieren", 1)]


async def test_counts_are_refused_to_a_partner_and_for_a_bad_period(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("/v1/meldingen/tellingen", params=Q1, headers=auth(AGENT))
    assert r.status_code == 403
    r = await client.get(
        "/v1/meldingen/tellingen",
        params={"van": "2025-04-01", "tot": "2025-01-01"},
        headers=auth(PR),
    )
    assert r.status_code == 422
    assert r.json()["redenen"] == [{"veld": "tot", "melding": "'tot' moet na 'van' liggen."}]
    r = await client.get(
        "/v1/meldingen/tellingen", params={**Q1, "gemeente": "Bergen"}, headers=auth(PR)
    )
    assert r.status_code == 422
