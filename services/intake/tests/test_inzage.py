"""Reading a melding per informatie-item: each obligation applied, the reason told in Dutch.

Through the HTTP API with the FakePdp (each obligation on its own), then with the consent
service's real Rego policy evaluated in-process (whatever it answers, intake applies).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakeConvenanten, FakePdp, Store, verwachte_regels
from voorbeelden import BSN, bericht, melding_body
from zvh_consent.testing import RegoPdp
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_contracts.vocab import TriageUitkomst
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.config import IntakeSettings
from zvh_intake.domain.informatie import item_inhoud
from zvh_intake.domain.model import Melding, Triage
from zvh_intake.domain.verplichtingen import pas_toe
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_platform.auth import User, lokaal_token

SETTINGS = IntakeSettings(env="test")
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
AGENT = User(id="agent.smit", naam="K", org="politie-zwb", roles=["deelnemer"])  # the eigenaar
GGZ = User(id="gz.de.wit", naam="G", org="ggz-wnb", roles=["deelnemer"])
OM = User(id="om.de.boer", naam="O", org="om-zwb", roles=["deelnemer"])
FG = User(id="fg.devries", naam="E", org="zvh", roles=["fg"])
GRONDSLAG = "wettelijke taak / convenant"
ELS = {"rol": "kind", "voornaam": "Els", "achternaam": "Smit", "geboortedatum": "2015-05-05"}


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=False, regel=verwachte_regels)


async def _client(deps: IntakeDeps) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(make_router(SETTINGS, deps=DepsHolder(deps)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as c:
        yield c


@pytest.fixture
async def client(uow_factory, clock: FakeClock, partners, pdp: FakePdp):  # type: ignore[no-untyped-def]
    deps = IntakeDeps(
        uow_factory=uow_factory,
        pdp=pdp,
        clock=clock,
        partners=partners,
        convenanten=FakeConvenanten(),
    )
    async for c in _client(deps):
        yield c


@pytest.fixture
async def melding_id(uow_factory, clock: FakeClock, partners: frozenset[str]) -> uuid.UUID:  # type: ignore[no-untyped-def]
    intake = MeldingIntake(
        uow_factory=uow_factory, pseudonym_key=b"k", partners=partners, clock=clock
    )
    body = melding_body(betrokkenen=[*melding_body()["betrokkenen"], ELS])
    resultaat = await intake.verwerk(bericht(body))
    assert resultaat.melding_id is not None
    return resultaat.melding_id


def _voor(
    pdp: FakePdp,
    melding: Melding,
    soort: str,
    *verplichtingen: str,
    reden: str = "deelnemer leest mee",
) -> None:
    """Make the PDP answer ``verplichtingen`` for the items of ``soort`` of ``melding`` to
    anyone but the eigenaar (the other questions as :func:`verwachte_regels`)."""
    ids = {str(i.id) for i in melding.items if i.soort == soort}

    def regel(request: DecisionRequest) -> Decision | None:
        eigenaar = request.subject is not None and request.subject.org == melding.eigenaar
        if request.resource.item not in ids or eigenaar:
            return verwachte_regels(request)
        return Decision(
            allow=True, reasons=[reden], obligations=list(verplichtingen), grondslag=GRONDSLAG
        )

    pdp.regel = regel


def _items(body: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(i["soort"], i["positie"]): i for i in body["items"]}


async def test_redact_bsn_and_geboortedatum(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp, store: Store
) -> None:
    _voor(
        pdp,
        store.meldingen[melding_id],
        "betrokkene",
        "redact:bsn",
        "redact:geboortedatum",
        "log-inzage",
    )
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 200
    body = r.json()
    jan, els = body["betrokkenen"]
    assert jan["bsn"] == "******333" and jan["geboortedatum"] == "1980"
    assert els["geboortedatum"] == "2015" and els.get("bsn") is None
    assert jan["achternaam"] == "Testpersoon"  # only what the PDP named is masked
    assert BSN not in r.text and "1980-01-01" not in r.text
    item = _items(body)[("betrokkene", 0)]
    assert item["zichtbaarheid"] == "gemaskeerd"
    assert item["gemaskeerd"] == ["bsn", "geboortedatum"]
    assert item["inhoud"] == jan and item["beslissing_grondslag"] == GRONDSLAG
    assert item["toelichting"] == (
        "Getoond, maar afgeschermd: het BSN (alleen de laatste 3 cijfers), de geboortedatum "
        f"(alleen het jaar). Reden: deelnemer leest mee. Grondslag: {GRONDSLAG}."
    )
    assert _items(body)[("betrokkene", 1)]["gemaskeerd"] == ["geboortedatum"]  # Els: no BSN
    assert _items(body)[("reden", 0)]["zichtbaarheid"] == "volledig"
    stored = store.meldingen[melding_id].inhoud["betrokkenen"][0]
    assert stored["bsn"] == BSN  # masking is on the way out only

    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(AGENT))  # the eigenaar
    assert r.json()["betrokkenen"][0]["bsn"] == BSN
    assert {i["zichtbaarheid"] for i in r.json()["items"]} == {"volledig"}


async def test_redact_of_another_field_leaves_it_out(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp, store: Store
) -> None:
    _voor(pdp, store.meldingen[melding_id], "betrokkene", "redact:achternaam")
    body = (await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))).json()
    assert [set(b) >= {"achternaam"} for b in body["betrokkenen"]] == [False, False]
    assert "Testpersoon" not in str(body)
    assert "het veld 'achternaam' (weggelaten)" in _items(body)[("betrokkene", 0)]["toelichting"]


async def test_alleen_metadata_tells_what_the_item_is_and_nothing_of_it(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp, store: Store
) -> None:
    _voor(
        pdp,
        store.meldingen[melding_id],
        "betrokkene",
        "alleen-metadata",
        reden="alleen bekend dat er een betrokkene is",
    )
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 200
    body = r.json()
    assert body["betrokkenen"] == []
    # the BSN neither whole nor masked ("******333"); a bare "333" may occur in a random uuid
    assert "Testpersoon" not in r.text and "Smit" not in r.text
    assert BSN not in r.text and "*333" not in r.text
    item = _items(body)[("betrokkene", 0)]
    assert item["zichtbaarheid"] == "alleen-metadata" and item["inhoud"] is None
    assert (item["eigenaar"], item["categorie"], item["gevoeligheid"]) == (
        "politie-zwb",
        "politie",
        "strafrechtelijk",
    )
    assert item["toelichting"] == (
        "Alleen wat dit is, niet de inhoud: alleen bekend dat er een betrokkene is. "
        f"Grondslag: {GRONDSLAG}."
    )
    assert body["reden"].startswith("Zorgen")  # the other items as decided for them
    assert body["eerdere_meldingen"] == []  # no person shown, so no link to other meldingen


async def test_an_unknown_obligation_hides_the_item(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp, store: Store
) -> None:
    _voor(pdp, store.meldingen[melding_id], "leefgebieden", "versleutel-alles")
    r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    body = r.json()
    assert body["leefgebieden"] == []
    item = _items(body)[("leefgebieden", 0)]
    assert item["zichtbaarheid"] == "verborgen" and item["inhoud"] is None
    assert item["toelichting"] == (
        "Verborgen: het PDP stelde een voorwaarde die intake niet kent ('versleutel-alles'); "
        f"daarom toont intake dit niet. Grondslag: {GRONDSLAG}."
    )
    assert body["betrokkenen"][0]["bsn"] == BSN  # the others as the PDP decided
    assert _items(body)[("reden", 0)]["zichtbaarheid"] == "volledig"


async def test_a_denied_item_is_listed_with_the_reason_and_without_content(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp
) -> None:
    def regel(request: DecisionRequest) -> Decision | None:
        if request.resource.betrokkene is not None:
            return Decision(allow=False, reasons=["de cliënt weigerde toestemming voor delen"])
        return verwachte_regels(request)

    pdp.regel = regel
    body = (await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))).json()
    assert body["betrokkenen"] == [] and "Testpersoon" not in str(body)
    item = _items(body)[("betrokkene", 0)]
    assert item["zichtbaarheid"] == "verborgen" and item["beslissing_grondslag"] is None
    assert item["redenen"] == ["de cliënt weigerde toestemming voor delen"]
    assert item["toelichting"] == "Verborgen: de cliënt weigerde toestemming voor delen."
    assert _items(body)[("reden", 0)]["toelichting"] == (
        "Getoond: procesregisseur van het ZVH leest de melding voor triage. "
        f"Grondslag: {GRONDSLAG}."
    )


async def test_a_pdp_answer_of_the_wrong_length_denies_everything(
    uow_factory,
    clock: FakeClock,
    partners,
    melding_id: uuid.UUID,  # type: ignore[no-untyped-def]
) -> None:
    class KortePdp(FakePdp):
        async def decide_many(self, requests, *, token):  # type: ignore[no-untyped-def]
            return (await super().decide_many(requests, token=token))[:1]

    deps = IntakeDeps(
        uow_factory=uow_factory,
        pdp=KortePdp(allow=True),
        clock=clock,
        partners=partners,
        convenanten=FakeConvenanten(),
    )
    async for c in _client(deps):
        r = await c.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 403 and "Testpersoon" not in r.text
    assert r.json()["reasons"] == ["het PDP gaf 1 beslissingen op 4 vragen"]


async def test_labels_apply_alleen_metadata_and_refuse_unknown_obligations(
    client: httpx.AsyncClient, melding_id: uuid.UUID, pdp: FakePdp
) -> None:
    url = f"/v1/meldingen/labels?ids={melding_id}&doel=casusoverleg"
    for verplichting, toelichting in (
        ("alleen-metadata", "Alleen wat dit is, niet de inhoud: zo niet. Grondslag: g."),
        ("onbekend", "Verborgen: het PDP stelde een voorwaarde die intake niet kent"),
    ):
        pdp.regel = lambda r, v=verplichting: Decision(  # type: ignore[misc]
            allow=True, reasons=["zo niet"], obligations=["alleen-initialen", v], grondslag="g"
        )
        r = await client.get(url, headers=auth(PR))
        if verplichting == "onbekend":  # every label denied: the request is
            assert r.status_code == 403 and toelichting[11:40] in r.json()["reasons"][0]
            continue
        (label,) = r.json()["labels"]
        assert label["initialen"] == "" and label["toelichting"] == toelichting
        assert label["melder_referentie"] == "PL-2025-0001"


# --- with the consent service's real policy ----------------------------------------------------


@pytest.fixture
def rego() -> RegoPdp:
    return RegoPdp(convenanten={"om-zwb": {"politie": "wettelijke taak (Wpg art. 19)"}})


@pytest.fixture
async def rego_client(uow_factory, clock: FakeClock, partners, rego: RegoPdp):  # type: ignore[no-untyped-def]
    deps = IntakeDeps(
        uow_factory=uow_factory,
        pdp=rego,
        clock=clock,
        partners=partners,
        convenanten=FakeConvenanten(),
    )
    async for c in _client(deps):
        yield c


async def test_real_policy_every_answer_is_applied(
    rego_client: httpx.AsyncClient, melding_id: uuid.UUID, rego: RegoPdp, store: Store
) -> None:
    """Whatever the policy answers per item, intake returns exactly that (obligations applied)."""
    melding = store.meldingen[melding_id]
    for user in (PR, AGENT):
        rego.asked.clear()
        r = await rego_client.get(f"/v1/meldingen/{melding_id}?doel=triage", headers=auth(user))
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert len(rego.asked) == len(items) == len(melding.items) == 4
        for out, item, (request, decision) in zip(items, melding.items, rego.asked, strict=True):
            assert request.resource.item == str(item.id) == out["item_id"]
            assert out["redenen"] == decision.reasons
            if not decision.allow:
                assert out["zichtbaarheid"] == "verborgen" and out["inhoud"] is None
                continue
            assert out["beslissing_grondslag"] == decision.grondslag
            assert decision.grondslag in out["toelichting"]
            verwacht = pas_toe(decision.obligations, item_inhoud(item, melding.inhoud))
            assert out["inhoud"] == verwacht.inhoud
            assert out["gemaskeerd"] == list(verwacht.gemaskeerd)
    # the procesregisseur reads for triage; the eigenaar reads its own items, BSN whole
    pr_body = (
        await rego_client.get(f"/v1/meldingen/{melding_id}?doel=triage", headers=auth(PR))
    ).json()
    assert pr_body["reden"].startswith("Zorgen")
    eigen = (await rego_client.get(f"/v1/meldingen/{melding_id}", headers=auth(AGENT))).json()
    assert eigen["betrokkenen"][0]["bsn"] == BSN
    assert {i["zichtbaarheid"] for i in eigen["items"]} == {"volledig"}


@pytest.mark.parametrize("user", [FG, GGZ], ids=["fg", "andere-partner"])
async def test_real_policy_fg_and_another_partner_see_nothing(
    rego_client: httpx.AsyncClient, melding_id: uuid.UUID, user: User
) -> None:
    r = await rego_client.get(f"/v1/meldingen/{melding_id}", headers=auth(user))
    assert r.status_code == 403
    assert "Testpersoon" not in r.text and "Zorgen" not in r.text and BSN not in r.text
    assert r.json()["reasons"]


async def test_real_policy_an_invited_deelnemer_reads_the_betrokkene_with_the_bsn_masked(
    rego_client: httpx.AsyncClient, melding_id: uuid.UUID, store: Store, clock: FakeClock
) -> None:
    """After a triage that invites the OM (its convenant: politie information), the OM reads for
    the casusoverleg with the BSN to its last 3 digits and the birth date to the year, while the
    eigenaar still reads them whole."""
    url = f"/v1/meldingen/{melding_id}?doel=casusoverleg"
    assert (await rego_client.get(url, headers=auth(OM))).status_code == 403  # not invited yet
    melding = store.meldingen[melding_id]
    store.meldingen[melding_id] = dataclasses.replace(
        melding,
        triage=Triage(
            uitkomst=TriageUitkomst.CASUS,
            ave_fase=4,
            client_geinformeerd=True,
            reden_niet_geinformeerd=None,
            herbeoordeling_op=None,
            uit_te_nodigen_partners=("om-zwb",),
            getrieerd_door="pr.jansen",
            getrieerd_op=clock.now(),
        ),
    )
    r = await rego_client.get(url, headers=auth(OM))
    assert r.status_code == 200, r.text
    persoon = r.json()["betrokkenen"][0]
    assert persoon["bsn"] != BSN and persoon["bsn"].endswith(BSN[-3:])
    assert len(persoon["geboortedatum"]) == 4
    eigen = (await rego_client.get(url, headers=auth(AGENT))).json()
    assert eigen["betrokkenen"][0]["bsn"] == BSN


async def test_real_policy_labels_show_initials_to_the_regie(
    rego_client: httpx.AsyncClient, melding_id: uuid.UUID
) -> None:
    r = await rego_client.get(
        f"/v1/meldingen/labels?ids={melding_id}&doel=casusoverleg", headers=auth(PR)
    )
    assert r.status_code == 200
    assert r.json()["labels"][0]["initialen"] == "J.T."
    r = await rego_client.get(
        f"/v1/meldingen/labels?ids={melding_id}&doel=casusoverleg", headers=auth(FG)
    )
    assert r.status_code == 403


async def test_log_inzage_notes_the_read_without_content(
    client: httpx.AsyncClient,
    melding_id: uuid.UUID,
    pdp: FakePdp,
    store: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _voor(pdp, store.meldingen[melding_id], "betrokkene", "redact:bsn", "log-inzage")
    with caplog.at_level("INFO", logger="zvh_intake.inzage"):
        r = await client.get(f"/v1/meldingen/{melding_id}", headers=auth(PR))
    assert r.status_code == 200
    regels = [rec.getMessage() for rec in caplog.records if rec.name == "zvh_intake.inzage"]
    persoon = store.meldingen[melding_id].items[1]
    assert any(f"item={persoon.id}" in regel and "org=zvh" in regel for regel in regels)
    assert len(regels) == 4  # every item here carries log-inzage (verwachte_regels too)
    for geheim in ("Testpersoon", BSN, "Zorgen", "pr.jansen"):
        assert all(geheim not in regel for regel in regels)
