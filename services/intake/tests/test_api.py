"""The HTTP API through httpx's ASGI transport, with fake ports and a fake PDP (allow/deny)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakeConvenanten, FakePdp, Store, verwachte_regels
from voorbeelden import BSN, bericht, melding_body
from zvh_contracts import topics
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.config import IntakeSettings
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_platform.auth import User, lokaal_token

SETTINGS = IntakeSettings(env="test")
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
MELDERS = frozenset({"zvh", "politie-zwb", "ggz-wnb"})
AGENT = User(id="agent.smit", naam="K", org="politie-zwb", roles=["deelnemer"])


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=False, regel=verwachte_regels)


VERLOPEN = "het convenant is verlopen op 31-12-2025"


@pytest.fixture
def convenanten() -> FakeConvenanten:
    return FakeConvenanten({"gemeente-roosendaal": VERLOPEN})


@pytest.fixture
async def client(
    uow_factory,
    clock: FakeClock,
    partners: frozenset[str],
    pdp: FakePdp,
    convenanten: FakeConvenanten,  # type: ignore[no-untyped-def]
) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=uow_factory, pdp=pdp, clock=clock, partners=partners, convenanten=convenanten
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
    headers = auth(PR)  # one token: a second one minted a second later would differ
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=headers)
    assert r.status_code == 200
    body = r.json()
    assert body["eigenaar"] == "politie-zwb"
    assert body["betrokkenen"][0]["achternaam"] == "Testpersoon"
    assert body["reden"].startswith("Zorgen")
    assert pdp.round_trips == 1  # one question per informatie-item, in one batch
    assert [r.resource.item for r, _ in pdp.requests] == [i["item_id"] for i in body["items"]]
    assert [i["soort"] for i in body["items"]] == ["reden", "betrokkene", "leefgebieden"]
    for request, token in pdp.requests:
        assert token == headers["Authorization"].removeprefix("Bearer ")
        assert request.subject is not None
        assert request.subject.user == "pr.jansen" and request.subject.org == "zvh"
        assert request.context.doel == "triage"
        assert (request.action, request.resource.type) == ("read", "melding")


async def test_read_denied_shows_the_reasons(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp
) -> None:
    pdp.regel, pdp.reasons = None, ["geen regel staat dit toe (read melding, doel monitoring)"]
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

    r = await client.post(url, json={**casus, "model": "zwaar"}, headers=auth(PR))
    assert r.status_code == 422  # not one of the three casemanagement models

    r = await client.post(
        url,
        json={**casus, "uit_te_nodigen_partners": ["ggz-wnb"], "model": "coordinatie-plus"},
        headers=auth(PR),
    )
    assert r.status_code == 200
    assert r.json() == {"melding_id": str(melding_id), "uitkomst": "casus"}
    event = store.outbox[-1]
    assert event.topic == topics.INTAKE_MELDING
    assert isinstance(event.event, MeldingGetrieerd) and event.event.getrieerd_door == "pr.jansen"
    assert event.event.casemanagementmodel == "coordinatie-plus"

    assert (await client.post(url, json=casus, headers=auth(PR))).status_code == 409
    missing = f"/v1/meldingen/{uuid.uuid4()}/triage"
    assert (await client.post(missing, json=casus, headers=auth(PR))).status_code == 404
    r = await client.get("/v1/meldingen?status=getrieerd", headers=auth(PR))
    assert [m["uitkomst"] for m in r.json()] == ["casus"]


async def test_triage_refuses_a_partner_without_a_valid_convenant(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store, convenanten: FakeConvenanten
) -> None:
    url = f"/v1/meldingen/{melding_id}/triage"
    casus = {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}
    partners = ["ggz-wnb", "gemeente-roosendaal"]
    before = len(store.outbox)
    r = await client.post(
        url, json={**casus, "uit_te_nodigen_partners": partners}, headers=auth(PR)
    )
    assert r.status_code == 422
    melding = f"Gemeente Roosendaal kan niet worden uitgenodigd: {VERLOPEN}"
    assert r.json() == {
        "detail": melding,
        "redenen": [{"veld": "uit_te_nodigen_partners[1]", "melding": melding}],
    }
    assert len(store.outbox) == before  # nothing recorded, nothing published
    assert convenanten.gevraagd == [partners]  # one question for all partners
    r = await client.post(
        url, json={**casus, "uit_te_nodigen_partners": ["ggz-wnb"]}, headers=auth(PR)
    )
    assert r.status_code == 200


async def test_triage_denies_when_the_register_cannot_be_asked(
    client: httpx.AsyncClient, melding_id: uuid.UUID, convenanten: FakeConvenanten
) -> None:
    convenanten.ongeldig["ggz-wnb"] = "het convenantregister is niet te raadplegen (timeout)"
    url = f"/v1/meldingen/{melding_id}/triage"
    body = {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}
    r = await client.post(
        url, json={**body, "uit_te_nodigen_partners": ["ggz-wnb"]}, headers=auth(PR)
    )
    assert r.status_code == 422
    assert "niet te raadplegen" in r.json()["detail"]


async def test_triage_with_bestaande_casus(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store
) -> None:
    url = f"/v1/meldingen/{melding_id}/triage"
    casus_id = str(uuid.uuid4())
    advies = {"uitkomst": "advies", "client_geinformeerd": True, "bestaande_casus_id": casus_id}
    r = await client.post(url, json=advies, headers=auth(PR))
    assert r.status_code == 422
    assert r.json()["detail"] == "triage onvolledig"
    assert [x["veld"] for x in r.json()["redenen"]] == ["bestaande_casus_id"]
    casus = {"uitkomst": "casus", "ave_fase": 2, "client_geinformeerd": True}
    r = await client.post(url, json={**casus, "bestaande_casus_id": casus_id}, headers=auth(PR))
    assert r.status_code == 200
    event = store.outbox[-1].event
    assert isinstance(event, MeldingGetrieerd) and str(event.bestaande_casus_id) == casus_id
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.json()["triage"]["bestaande_casus_id"] == casus_id


async def test_triage_refuses_missing_choices_and_bad_values_in_dutch(
    client: httpx.AsyncClient, melding_id: uuid.UUID
) -> None:
    url = f"/v1/meldingen/{melding_id}/triage"
    r = await client.post(url, json={}, headers=auth(PR))
    assert r.status_code == 422
    assert r.json()["redenen"] == [
        {"veld": "uitkomst", "melding": "Kies een uitkomst: casus, advies of terugverwezen."},
        {"veld": "client_geinformeerd", "melding": "Geef aan of de cliënt geïnformeerd is."},
    ]
    r = await client.post(
        url,
        json={"uitkomst": "advies", "ave_fase": 9, "client_geinformeerd": True},
        headers=auth(PR),
    )
    assert r.json()["redenen"] == [
        {"veld": "ave_fase", "melding": "Kies een AVE-fase van 1 tot en met 5."}
    ]
    niet = {"uitkomst": "advies", "client_geinformeerd": False, "reden_niet_geinformeerd": "x"}
    r = await client.post(url, json={**niet, "herbeoordeling_op": "2025-03-12"}, headers=auth(PR))
    assert r.json()["redenen"] == [
        {"veld": "herbeoordeling_op", "melding": "De herbeoordelingsdatum moet na vandaag liggen."}
    ]
    r = await client.post(url, json=niet, headers=auth(PR))
    assert r.status_code == 200
    detail = (await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))).json()
    assert detail["triage"]["herbeoordeling_op"] == "2025-06-11"  # 12 March + 91 days


async def _meld(uow_factory, clock: FakeClock, referentie: str, *betrokkenen: dict) -> uuid.UUID:  # type: ignore[no-untyped-def]
    intake = MeldingIntake(
        uow_factory=uow_factory, pseudonym_key=b"k", partners=MELDERS, clock=clock
    )
    body = melding_body(melder_referentie=referentie, betrokkenen=list(betrokkenen))
    resultaat = await intake.verwerk(bericht(body))
    assert resultaat.melding_id is not None
    return resultaat.melding_id


JAN = {"rol": "client", "voornaam": "Jan", "achternaam": "de Vries", "bsn": BSN}
ELS = {"rol": "kind", "voornaam": "Els", "achternaam": "Smit", "geboortedatum": "2015-05-05"}
KEES = {"rol": "client", "voornaam": "Kees", "achternaam": "Anders"}


async def test_read_lists_earlier_meldingen_about_the_same_persons(
    client: httpx.AsyncClient,
    uow_factory,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    oud = await _meld(uow_factory, clock, "A", JAN)
    clock.advance(hours=1)
    ander = await _meld(uow_factory, clock, "B", KEES)
    clock.advance(hours=1)
    nu = await _meld(uow_factory, clock, "C", ELS, JAN)
    r = await client.post(
        f"/v1/meldingen/{oud}/triage",
        json={"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True},
        headers=auth(PR),
    )
    assert r.status_code == 200
    body = (await client.get(f"/v1/meldingen/{nu}?doel=triage", headers=auth(PR))).json()
    assert body["eerdere_meldingen"] == [
        {
            "melding_id": str(oud),
            "melder": "politie-zwb",
            "ontvangen_op": "2025-03-12T09:30:00Z",
            "status": "getrieerd",
            "uitkomst": "casus",
        }
    ]
    body = (await client.get(f"/v1/meldingen/{ander}", headers=auth(PR))).json()
    assert body["eerdere_meldingen"] == []


async def test_eerdere_meldingen_are_not_shown_on_deny(
    client: httpx.AsyncClient,
    uow_factory,
    clock: FakeClock,
    pdp: FakePdp,  # type: ignore[no-untyped-def]
) -> None:
    await _meld(uow_factory, clock, "A", JAN)
    nu = await _meld(uow_factory, clock, "B", JAN)
    pdp.regel = None
    r = await client.get(f"/v1/meldingen/{nu}", headers=auth(PR))
    assert r.status_code == 403 and "eerdere_meldingen" not in r.text


async def test_labels_with_initials_only(
    client: httpx.AsyncClient,
    uow_factory,
    clock: FakeClock,
    pdp: FakePdp,  # type: ignore[no-untyped-def]
) -> None:
    a = await _meld(uow_factory, clock, "PL-A", ELS, JAN)
    b = await _meld(uow_factory, clock, "PL-B", KEES)
    onbekend = uuid.uuid4()
    headers = auth(PR)  # one token: a second one minted a second later would differ
    r = await client.get(
        f"/v1/meldingen/labels?ids={b},{onbekend},{a}&doel=casusoverleg", headers=headers
    )
    assert r.status_code == 200
    assert r.json() == {
        "labels": [
            {"melding_id": str(b), "melder_referentie": "PL-B", "initialen": "K.A."},
            {"melding_id": str(a), "melder_referentie": "PL-A", "initialen": "J.d.V."},
        ]
    }
    assert "Vries" not in r.text and BSN not in r.text
    assert pdp.round_trips == 1 and len(pdp.requests) == 2  # one per known melding, one batch
    for request, token in pdp.requests:
        assert token == headers["Authorization"].removeprefix("Bearer ")
        assert request.resource.type == "melding-label" and request.action == "read"
        assert request.context.doel == "casusoverleg"
        assert request.subject is not None
        assert (request.subject.user, request.subject.org) == ("pr.jansen", "zvh")
    # the question is about the person the label names: the client, with the pseudonym
    assert [r.resource.betrokkene is not None for r, _ in pdp.requests] == [True, True]


async def test_labels_denied_or_badly_asked(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp
) -> None:
    pdp.regel, pdp.reasons = None, ["geen regel staat dit toe (read melding-label)"]
    r = await client.get(
        f"/v1/meldingen/labels?ids={melding_id}&doel=monitoring", headers=auth(AGENT)
    )
    assert r.status_code == 403
    assert r.json() == {
        "detail": "inzage geweigerd",
        "reasons": ["geen regel staat dit toe (read melding-label)"],
    }
    assert pdp.requests[0][0].context.doel == "monitoring"
    subject = pdp.requests[0][0].subject
    assert subject is not None and subject.org == "politie-zwb"
    te_veel = ",".join(str(uuid.uuid4()) for _ in range(201))
    r = await client.get(f"/v1/meldingen/labels?ids={te_veel}", headers=auth(PR))
    assert r.status_code == 422
    assert r.json()["redenen"] == [
        {"veld": "ids", "melding": "vraag hoogstens 200 meldingen tegelijk op"}
    ]
    r = await client.get("/v1/meldingen/labels?ids=geen-uuid", headers=auth(PR))
    assert r.status_code == 422 and r.json()["redenen"][0]["veld"] == "ids"
    assert len(pdp.requests) == 1
    pdp.allow = True
    r = await client.get("/v1/meldingen/labels?ids=", headers=auth(PR))
    assert r.status_code == 200 and r.json() == {"labels": []}
    assert (await client.get("/v1/meldingen/labels")).status_code == 401


async def test_triage_body_of_the_wrong_shape_gets_dutch_reasons(
    client: httpx.AsyncClient, melding_id: uuid.UUID
) -> None:
    url = f"/v1/meldingen/{melding_id}/triage"
    r = await client.post(
        url,
        json={"uitkomst": "misschien", "client_geinformeerd": True, "onbekend": 1},
        headers=auth(PR),
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "triage onvolledig"
    redenen = {x["veld"]: x["melding"] for x in r.json()["redenen"]}
    assert redenen["onbekend"] == "is geen bekend veld"
    assert redenen["uitkomst"].startswith("moet een van deze waarden zijn")
    r = await client.post(url, content=b"{kapot", headers=auth(PR))
    assert r.status_code == 422 and r.json()["redenen"][0]["melding"].startswith("het bericht")
    r = await client.post(url, content=b"{kapot", headers=auth(AGENT))
    assert r.status_code == 403  # the role is checked before the body is read


def test_openapi_documents_the_triage_body() -> None:
    app = FastAPI()
    app.include_router(make_router(SETTINGS, deps=DepsHolder()))
    operation = app.openapi()["paths"]["/v1/meldingen/{melding_id}/triage"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "bestaande_casus_id" in schema["properties"] and "$defs" not in str(schema)
    assert ["casus", "advies", "terugverwezen"] in [
        s.get("enum") for s in schema["properties"]["uitkomst"]["anyOf"]
    ]


def test_openapi_documents_the_idempotency_key_on_triage() -> None:
    app = FastAPI()
    app.include_router(make_router(SETTINGS, deps=DepsHolder()))
    operation = app.openapi()["paths"]["/v1/meldingen/{melding_id}/triage"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in operation["parameters"] if p["in"] == "header"}


async def test_triage_takes_the_reden_terugverwijzing_and_answers_the_melder(
    client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store
) -> None:
    from zvh_contracts.partner.melding_v1 import MeldingGetrieerd as Terugmelding

    url = f"/v1/meldingen/{melding_id}/triage"
    te_lang = {"uitkomst": "terugverwezen", "client_geinformeerd": True}
    r = await client.post(
        url, json={**te_lang, "reden_terugverwijzing": "x" * 2001}, headers=auth(PR)
    )
    assert r.status_code == 422
    assert [x["veld"] for x in r.json()["redenen"]] == ["reden_terugverwijzing"]
    body = {**te_lang, "reden_terugverwijzing": " Past bij het eigen zorgoverleg. "}
    r = await client.post(url, json=body, headers=auth(PR))
    assert r.status_code == 200
    [terug] = [u for u in store.outbox if isinstance(u.event, Terugmelding)]
    assert terug.topic == "zvh.partner.politie-zwb.from-zvh.v1"
    assert isinstance(terug.event, Terugmelding)
    assert terug.event.reden_terugverwijzing == "Past bij het eigen zorgoverleg."
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    triage = r.json()["triage"]
    assert triage["reden_terugverwijzing"] == "Past bij het eigen zorgoverleg."
    assert triage["advies"] is None


async def test_queue_says_which_persons_are_known_from_a_casus(
    client: httpx.AsyncClient,
    uow_factory,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    """The dashboard's "al bekend" count: a waiting melding about someone an earlier melding
    (triaged as casus) was about; not for advice, and not through an item the eigenaar withdrew."""
    import dataclasses

    from zvh_intake.domain.informatie import ItemSoort

    oud = await _meld(uow_factory, clock, "A", JAN)
    advies = await _meld(uow_factory, clock, "B", KEES)
    for mid, body in (
        (oud, {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}),
        (advies, {"uitkomst": "advies", "advies": "Wijkteam.", "client_geinformeerd": True}),
    ):
        r = await client.post(f"/v1/meldingen/{mid}/triage", json=body, headers=auth(PR))
        assert r.status_code == 200, r.text
    bekend = await _meld(uow_factory, clock, "C", ELS, JAN)
    onbekend = await _meld(uow_factory, clock, "D", KEES)
    queue = {
        i["melding_id"]: i["bekend"]
        for i in (await client.get("/v1/meldingen", headers=auth(PR))).json()
    }
    assert queue == {str(bekend): True, str(onbekend): False}
    assert "Vries" not in str(queue)
    getrieerd = (await client.get("/v1/meldingen?status=getrieerd", headers=auth(PR))).json()
    assert {i["bekend"] for i in getrieerd} == {None}  # only the queue is counted
    # the melder withdraws Jan from melding C: the queue no longer counts on him
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(bekend)
        jan = next(i for i in melding.items if i.soort is ItemSoort.BETROKKENE and i.positie == 1)
        await uow.meldingen.save_item(
            dataclasses.replace(jan, ingetrokken_door="agent.smit", ingetrokken_op=clock.now())
        )
        await uow.commit()
    queue = {
        i["melding_id"]: i["bekend"]
        for i in (await client.get("/v1/meldingen", headers=auth(PR))).json()
    }
    assert queue[str(bekend)] is False
