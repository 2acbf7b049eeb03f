"""The HTTP API through httpx's ASGI transport, with fake ports and a fake PDP (allow/deny)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakePdp, Store
from voorbeelden import bericht
from zvh_contracts import topics
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_platform.auth import User, issue_token
from zvh_platform.settings import ServiceSettings

SETTINGS = ServiceSettings(service="intake", env="test")
SECRET = SETTINGS.token_secret.get_secret_value()
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
AGENT = User(id="agent.smit", naam="K", org="politie-zwb", roles=["deelnemer"])


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(user, secret=SECRET)}"}


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=True, reasons=["procesregisseur leest voor triage"])


@pytest.fixture
async def client(
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],
    pdp: FakePdp,  # type: ignore[no-untyped-def]
) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    deps = IntakeDeps(uow_factory=uow_factory, pdp=pdp, clock=clock, partners=partners)
    app.include_router(make_router(SETTINGS, deps=DepsHolder(deps)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as c:
        yield c


@pytest.fixture
async def melding_id(uow_factory, clock: FakeClock, partners: frozenset[str]) -> uuid.UUID:  # type: ignore[no-untyped-def]
    intake = MeldingIntake(
        uow_factory=uow_factory, pseudonym_key=b"k", partners=partners, clock=clock
    )
    resultaat = await intake.verwerk(bericht())
    assert resultaat.melding_id is not None
    return resultaat.melding_id


async def test_token_is_required(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/meldingen")
    assert r.status_code == 401
    r = await client.get("/v1/meldingen", headers={"Authorization": "Bearer nep"})
    assert r.status_code == 401


async def test_queue_lists_without_content(
    client: httpx.AsyncClient, melding_id: uuid.UUID
) -> None:
    r = await client.get("/v1/meldingen", headers=auth(PR))
    assert r.status_code == 200
    (item,) = r.json()
    assert item["melding_id"] == str(melding_id)
    assert item["melder"] == "politie-zwb" and item["status"] == "te-trieren"
    assert item["triage_uiterlijk"] == "2025-03-13" and item["uitkomst"] is None
    assert "reden" not in item and "betrokkenen" not in item and "Testpersoon" not in r.text
    r = await client.get("/v1/meldingen?status=getrieerd", headers=auth(PR))
    assert r.json() == []
    assert (await client.get("/v1/meldingen", headers=auth(AGENT))).status_code == 403


async def test_read_returns_content_after_pdp_allow(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp
) -> None:
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 200
    body = r.json()
    assert body["eigenaar"] == "politie-zwb"
    assert body["betrokkenen"][0]["achternaam"] == "Testpersoon"
    assert body["reden"].startswith("Zorgen")
    ((request, token),) = pdp.requests
    assert token == auth(PR)["Authorization"].removeprefix("Bearer ")
    assert request.subject.user == "pr.jansen" and request.subject.org == "zvh"
    assert request.context.doel == "triage"


async def test_read_denied_shows_the_reasons(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp
) -> None:
    pdp.allow, pdp.reasons = False, ["geen regel staat dit toe (read melding, doel monitoring)"]
    r = await client.get(f"/v1/meldingen/{melding_id}?doel=monitoring", headers=auth(AGENT))
    assert r.status_code == 403
    assert r.json() == {
        "detail": "inzage geweigerd",
        "reasons": ["geen regel staat dit toe (read melding, doel monitoring)"],
    }
    assert "Testpersoon" not in r.text
    assert pdp.requests[0][0].context.doel == "monitoring"
    r = await client.get(f"/v1/meldingen/{uuid.uuid4()}", headers=auth(PR))
    assert r.status_code == 404


async def test_triage_flow(client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store) -> None:
    url = f"/v1/meldingen/{melding_id}/triage"
    casus = {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}
    assert (await client.post(url, json=casus, headers=auth(AGENT))).status_code == 403

    r = await client.post(url, json={**casus, "ave_fase": None}, headers=auth(PR))
    assert r.status_code == 422
    verplicht = {"veld": "ave_fase", "melding": "Kies een AVE-fase voor de casus."}
    assert r.json()["redenen"] == [verplicht]
    r = await client.post(url, json={**casus, "client_geinformeerd": False}, headers=auth(PR))
    assert r.status_code == 422
    assert r.json()["redenen"][0]["veld"] == "reden_niet_geinformeerd"
    r = await client.post(url, json={**casus, "ave_fase": 9}, headers=auth(PR))
    assert r.status_code == 422

    r = await client.post(
        url, json={**casus, "uit_te_nodigen_partners": ["ggz-wnb"]}, headers=auth(PR)
    )
    assert r.status_code == 200
    assert r.json() == {"melding_id": str(melding_id), "uitkomst": "casus"}
    event = store.outbox[-1]
    assert event.topic == topics.INTAKE_MELDING
    assert isinstance(event.event, MeldingGetrieerd) and event.event.getrieerd_door == "pr.jansen"

    assert (await client.post(url, json=casus, headers=auth(PR))).status_code == 409
    missing = f"/v1/meldingen/{uuid.uuid4()}/triage"
    assert (await client.post(missing, json=casus, headers=auth(PR))).status_code == 404
    r = await client.get("/v1/meldingen?status=getrieerd", headers=auth(PR))
    assert [m["uitkomst"] for m in r.json()] == ["casus"]
