"""The eigenaar's controls over its informatie-items: restrict, lift, withdraw (via the API).

Who may is the PDP's answer (the FakePdp with the rules intake expects); the state travels with
every later question about the item as ``beperkt_tot`` / ``ingetrokken``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakeConvenanten, FakePdp, Store, verwachte_regels
from voorbeelden import BSN, bericht
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.config import IntakeSettings
from zvh_intake.domain.informatie import ItemSoort
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_platform.auth import User, lokaal_token

SETTINGS = IntakeSettings(env="test")
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
AGENT = User(id="agent.smit", naam="K", org="politie-zwb", roles=["deelnemer"])  # the eigenaar
GGZ = User(id="gz.de.wit", naam="G", org="ggz-wnb", roles=["deelnemer"])
FG_POLITIE = User(id="fg.politie", naam="F", org="politie-zwb", roles=["fg"])


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=False, regel=verwachte_regels)


@pytest.fixture
async def client(
    uow_factory, clock: FakeClock, partners, pdp: FakePdp
) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=uow_factory,
        pdp=pdp,
        clock=clock,
        partners=partners,
        convenanten=FakeConvenanten(),
    )
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


def _item(store: Store, melding_id: uuid.UUID, soort: ItemSoort) -> uuid.UUID:
    return next(i.id for i in store.meldingen[melding_id].items if i.soort is soort)


def _url(melding_id: uuid.UUID, item_id: uuid.UUID, handeling: str) -> str:
    return f"/v1/meldingen/{melding_id}/items/{item_id}/{handeling}"


async def test_eigenaar_restricts_an_item_and_the_pdp_hears_of_it(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store, pdp: FakePdp
) -> None:
    reden = _item(store, melding_id, ItemSoort.REDEN)
    r = await client.post(
        _url(melding_id, reden, "beperken"),
        json={"beperkt_tot": ["ggz-wnb", "zvh"]},
        headers=auth(AGENT),
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "melding_id": str(melding_id),
        "item_id": str(reden),
        "beperkt_tot": ["ggz-wnb", "zvh"],
        "ingetrokken": False,
    }
    (vraag,) = pdp.asked(action="write")
    assert vraag.resource.type == "informatie-item" and vraag.resource.item == str(reden)
    assert vraag.resource.eigenaar == "politie-zwb" and vraag.context.doel == "eigenaarsbeheer"
    assert (vraag.subject.user, vraag.subject.org) == ("agent.smit", "politie-zwb")  # type: ignore[union-attr]
    item = store.meldingen[melding_id].item(reden)
    assert item is not None and item.beperkt_tot == ("ggz-wnb", "zvh")
    assert item.beperkt_door == "agent.smit"

    pdp.requests.clear()
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 200  # zvh is among the named: the policy lets the regie read it
    vragen = {r.resource.item: r.resource for r in pdp.asked(action="read")}
    assert vragen[str(reden)].beperkt_tot == ["ggz-wnb", "zvh"]
    assert {v.beperkt_tot is None for k, v in vragen.items() if k != str(reden)} == {True}

    r = await client.post(_url(melding_id, reden, "beperking-opheffen"), headers=auth(AGENT))
    assert r.status_code == 200 and r.json()["beperkt_tot"] is None
    assert store.meldingen[melding_id].item(reden).beperkt_tot is None  # type: ignore[union-attr]


async def test_a_restriction_that_leaves_the_reader_out_hides_the_item(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store
) -> None:
    reden = _item(store, melding_id, ItemSoort.REDEN)
    r = await client.post(
        _url(melding_id, reden, "beperken"), json={"beperkt_tot": ["ggz-wnb"]}, headers=auth(AGENT)
    )
    assert r.status_code == 200
    body = (await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))).json()
    assert body["reden"] is None and "Zorgen" not in str(body)
    (item,) = [i for i in body["items"] if i["soort"] == "reden"]
    assert item["zichtbaarheid"] == "verborgen" and item["beperkt_tot"] == ["ggz-wnb"]
    assert item["toelichting"] == "Verborgen: de eigenaar heeft dit beperkt."


async def test_a_withdrawn_item_is_hidden_from_others_and_stays_in_the_owners_view(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store, pdp: FakePdp
) -> None:
    persoon = _item(store, melding_id, ItemSoort.BETROKKENE)
    r = await client.post(_url(melding_id, persoon, "intrekken"), headers=auth(AGENT))
    assert r.status_code == 200 and r.json()["ingetrokken"] is True
    assert store.meldingen[melding_id].item(persoon).ingetrokken  # type: ignore[union-attr]

    pdp.requests.clear()
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 200
    assert r.json()["betrokkenen"] == [] and BSN not in r.text and "Testpersoon" not in r.text
    (vraag,) = [v for v in pdp.asked(action="read") if v.resource.item == str(persoon)]
    assert vraag.resource.ingetrokken is True

    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(AGENT))
    body = r.json()
    assert body["betrokkenen"][0]["bsn"] == BSN  # the eigenaar still has it
    (item,) = [i for i in body["items"] if i["soort"] == "betrokkene"]
    assert item["ingetrokken"] is True and item["zichtbaarheid"] == "volledig"
    assert item["toelichting"].endswith(
        "De eigenaar heeft dit ingetrokken: alleen de eigenaar ziet het nog."
    )

    # withdrawn is final: it cannot be restricted or freed any more; a second withdrawal is fine
    r = await client.post(
        _url(melding_id, persoon, "beperken"), json={"beperkt_tot": ["zvh"]}, headers=auth(AGENT)
    )
    assert r.status_code == 422 and r.json()["detail"] == "dit informatie-item is ingetrokken"
    r = await client.post(_url(melding_id, persoon, "intrekken"), headers=auth(AGENT))
    assert r.status_code == 200 and r.json()["ingetrokken"] is True


@pytest.mark.parametrize("user", [PR, GGZ, FG_POLITIE], ids=["regie", "andere-partner", "fg"])
async def test_only_what_the_pdp_allows_may_change_an_item(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store, user: User
) -> None:
    reden = _item(store, melding_id, ItemSoort.REDEN)
    voor = store.meldingen[melding_id]
    for handeling in ("intrekken", "beperking-opheffen"):
        r = await client.post(_url(melding_id, reden, handeling), headers=auth(user))
        assert r.status_code == 403
        assert r.json()["detail"] == "niet toegestaan"
        assert r.json()["reasons"] == [
            "geen regel staat dit toe (write informatie-item, doel eigenaarsbeheer)"
        ]
    assert store.meldingen[melding_id] == voor


async def test_bad_controls_are_refused_in_dutch(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store
) -> None:
    reden = _item(store, melding_id, ItemSoort.REDEN)
    url = _url(melding_id, reden, "beperken")
    r = await client.post(url, json={"beperkt_tot": ["bestaat-niet"]}, headers=auth(AGENT))
    assert r.status_code == 422 and r.json()["detail"] == "geen partner van dit ZVH: bestaat-niet"
    r = await client.post(url, json={"beperkt_tot": []}, headers=auth(AGENT))
    assert r.status_code == 422 and r.json()["redenen"][0]["veld"] == "beperkt_tot"
    r = await client.post(url, json={"beperkt_tot": ["zvh"], "x": 1}, headers=auth(AGENT))
    assert r.status_code == 422 and r.json()["detail"] == "beperking onvolledig"
    r = await client.post(_url(melding_id, uuid.uuid4(), "intrekken"), headers=auth(AGENT))
    assert r.status_code == 404 and r.json()["detail"] == "informatie-item niet gevonden"
    r = await client.post(_url(uuid.uuid4(), reden, "intrekken"), headers=auth(AGENT))
    assert r.status_code == 404 and r.json()["detail"] == "melding niet gevonden"
    assert (await client.post(_url(melding_id, reden, "intrekken"))).status_code == 401
    assert store.meldingen[melding_id].item(reden).beperkt_tot is None  # type: ignore[union-attr]


async def test_the_queue_leaves_out_leefgebieden_the_eigenaar_put_a_control_on(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store
) -> None:
    (rij,) = (await client.get("/v1/meldingen", headers=auth(PR))).json()
    assert rij["leefgebieden"] == ["gezin", "veiligheid"]
    leefgebieden = _item(store, melding_id, ItemSoort.LEEFGEBIEDEN)
    r = await client.post(_url(melding_id, leefgebieden, "intrekken"), headers=auth(AGENT))
    assert r.status_code == 200
    (rij,) = (await client.get("/v1/meldingen", headers=auth(PR))).json()
    assert rij["leefgebieden"] == [] and rij["melding_id"] == str(melding_id)


def test_openapi_documents_the_controls_with_an_idempotency_key() -> None:
    app = FastAPI()
    app.include_router(make_router(SETTINGS, deps=DepsHolder()))
    paths = app.openapi()["paths"]
    for handeling in ("beperken", "beperking-opheffen", "intrekken"):
        operation = paths[f"/v1/meldingen/{{melding_id}}/items/{{item_id}}/{handeling}"]["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "Idempotency-Key" in headers
    beperken = paths["/v1/meldingen/{melding_id}/items/{item_id}/beperken"]["post"]
    schema = beperken["requestBody"]["content"]["application/json"]["schema"]
    assert "beperkt_tot" in schema["properties"]
