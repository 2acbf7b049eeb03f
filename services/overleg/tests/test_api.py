"""The case API over ASGI with fakes: auth, PDP deny, validation, the exact shapes."""

from __future__ import annotations

import uuid

import pytest
from overleg_fakes import BeleidPdp, FakePdp, Store, open_casus
from overleg_web_fakes import FakeIntake, client, make_app, token_for


@pytest.fixture
def pdp() -> FakePdp:
    """The policy as overleg expects it: who may is the PDP's answer, never a role list here."""
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake())


async def test_requires_a_valid_bearer_token(app_svc) -> None:
    app, _ = app_svc
    async with client(app) as c:
        assert (await c.get("/v1/casussen")).status_code == 401
        bad = await c.get("/v1/casussen", headers={"Authorization": "Bearer nep"})
    assert bad.status_code == 401


async def test_list_and_get_shapes(app_svc, store: Store, pdp: FakePdp) -> None:
    app, svc = app_svc
    casus_id = await open_casus(store)
    melding_id = store.casussen[casus_id].melding_id
    auth = {"Authorization": f"Bearer {token_for(svc, 'pr.jansen')}"}
    async with client(app) as c:
        lijst = (
            await c.get("/v1/casussen", params={"melding_id": str(melding_id)}, headers=auth)
        ).json()
        leeg = (
            await c.get("/v1/casussen", params={"melding_id": str(uuid.uuid4())}, headers=auth)
        ).json()
        r = await c.post(
            f"/v1/casussen/{casus_id}/acties",
            headers=auth,
            json={"wat": "Huisbezoek", "wie": "ggz-wnb", "wanneer": "2030-03-10"},
        )
        detail = (await c.get(f"/v1/casussen/{casus_id}", headers=auth)).json()
    assert leeg == []
    [item] = lijst
    assert set(item) == {"casus_id", "melding_id", "melder", "deelnemers", "ave_fase", "geopend_op"}
    assert item["deelnemers"] == ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb"]
    assert r.status_code == 201 and set(r.json()) == {"actie_id"}
    [actie] = detail["acties"]
    assert actie == {
        "actie_id": r.json()["actie_id"],
        "wat": "Huisbezoek",
        "wie": "ggz-wnb",
        "wanneer": "2030-03-10",
        "status": "open",
        "teruggekoppeld_op": None,
    }
    reads = [q for q in pdp.requests if q.action == "read"]
    assert reads[0].resource.type == "actielijst" and reads[0].resource.casus == str(casus_id)


async def test_pdp_deny_is_403_with_reasons(store: Store) -> None:
    app, svc = make_app(
        store=store, pdp=FakePdp(allow=False, reasons=["geen deelnemer"]), intake=FakeIntake()
    )
    casus_id = await open_casus(store)
    auth = {"Authorization": f"Bearer {token_for(svc, 'ggz.mulder')}"}
    async with client(app) as c:
        r = await c.get(f"/v1/casussen/{casus_id}", headers=auth)
    assert r.status_code == 403
    assert r.json() == {"detail": "Toegang geweigerd", "reasons": ["geen deelnemer"]}


async def test_add_actie_rules(app_svc, store: Store) -> None:
    app, svc = app_svc
    casus_id = await open_casus(store)
    pr = {"Authorization": f"Bearer {token_for(svc, 'pr.jansen')}"}
    agent = {"Authorization": f"Bearer {token_for(svc, 'agent.smit')}"}
    url = f"/v1/casussen/{casus_id}/acties"
    async with client(app) as c:
        verleden = await c.post(
            url, headers=pr, json={"wat": "Bellen", "wie": "ggz-wnb", "wanneer": "2030-03-01"}
        )
        geen_deelnemer = await c.post(
            url, headers=pr, json={"wat": "Bellen", "wie": "om-zwb", "wanneer": "2030-03-10"}
        )
        rol = await c.post(
            url, headers=agent, json={"wat": "Bellen", "wie": "ggz-wnb", "wanneer": "2030-03-10"}
        )
        onbekend = await c.post(
            f"/v1/casussen/{uuid.uuid4()}/acties",
            headers=pr,
            json={"wat": "Bellen", "wie": "ggz-wnb", "wanneer": "2030-03-10"},
        )
    assert verleden.status_code == 422
    assert "mag niet in het verleden liggen" in verleden.json()["detail"][0]["msg"]
    assert geen_deelnemer.status_code == 422
    assert rol.status_code == 403 and rol.json()["reasons"]
    assert onbekend.status_code == 404
    assert store.casussen[casus_id].acties == []


def test_openapi_documents_the_idempotency_key_on_every_command(app_svc) -> None:  # type: ignore[no-untyped-def]
    app, _ = app_svc
    commands = [
        (path, method, op)
        for path, ops in app.openapi()["paths"].items()
        for method, op in ops.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(commands) >= 10
    for path, method, op in commands:
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in headers, f"{method.upper()} {path}"


async def test_informatie_applies_obligations_and_says_why(store: Store) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from overleg_fakes import NU
    from zvh_contracts.pdp import Decision, DecisionRequest
    from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel
    from zvh_overleg.domain.model import ActieStatus, Terugkoppeling

    class ZorgPdp(FakePdp):
        async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
            self.requests.append(request)
            r = request.resource
            if r.type == "actielijst":
                return Decision(allow=True, obligations=["log-inzage"])
            if r.type == "informatie-item" and r.categorie == "zorg":
                return Decision(allow=False, reasons=["geen toestemming voor zorginformatie"])
            if r.type == "informatie-item" and r.eigenaar == "gemeente-bergen-op-zoom":
                return Decision(allow=True, grondslag="convenant", obligations=["alleen-metadata"])
            return Decision(
                allow=True, grondslag="wettelijke taak / convenant", obligations=["redact:bsn"]
            )

    pdp = ZorgPdp()
    app, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    casus_id = await open_casus(store)
    basis = Informatieitem(
        item_id=uuid.uuid4(),
        casus_id=casus_id,
        onderdeel=Onderdeel.BEELD,
        eigenaar="politie-zwb",
        categorie=Categorie.POLITIE,
        tekst="bekend, BSN 123456782",
        ingebracht_op=NU,
        vastgelegd_door="notulist.bakker",
        gevoeligheid=Gevoeligheid.NORMAAL,
    )
    zorg = replace(
        basis,
        item_id=uuid.uuid4(),
        eigenaar="ggz-wnb",
        categorie=Categorie.ZORG,
        gevoeligheid=Gevoeligheid.BIJZONDER,
        tekst="in behandeling",
    )
    meta = replace(basis, item_id=uuid.uuid4(), eigenaar="gemeente-bergen-op-zoom", tekst="schuld")
    for i in (basis, zorg, meta):
        store.informatie[i.item_id] = i
    actie_id = uuid.uuid4()
    store.terugkoppelingen.append(
        Terugkoppeling(
            terugkoppeling_id=uuid.uuid4(),
            actie_id=actie_id,
            casus_id=casus_id,
            door="ggz-wnb",
            status=ActieStatus.NIET_MOGELIJK,
            toelichting="opgenomen",
            ontvangen_op=datetime(2030, 3, 5, tzinfo=UTC),
            categorie=Categorie.ZORG,
            gevoeligheid=Gevoeligheid.BIJZONDER,
        )
    )
    auth = {"Authorization": f"Bearer {token_for(svc, 'agent.smit')}"}
    async with client(app) as c:
        r = await c.get(f"/v1/casussen/{casus_id}/informatie", headers=auth)
    assert r.status_code == 200
    body = r.json()
    # same time: any order; the hidden one is the only one without a categorie
    per = {i["categorie"] and i["eigenaar"]: i for i in body["bouwschema"]}
    politie, ggz, gemeente = per["politie-zwb"], per[None], per["gemeente-bergen-op-zoom"]
    assert politie["tekst"] == "bekend, BSN ******782" and politie["eigenaar"] == "politie-zwb"
    assert politie["zicht"]["afgeschermd"] == ["bsn"] and politie["zicht"]["getoond"]
    assert politie["zicht"]["uitleg"].startswith("Gedeeld op grond van: wettelijke taak")
    assert ggz["tekst"] is None and ggz["eigenaar"] is None and ggz["item_id"] is None
    assert ggz["zicht"]["uitleg"] == "Verborgen: geen toestemming voor zorginformatie"
    assert gemeente["tekst"] is None and gemeente["eigenaar"] == "gemeente-bergen-op-zoom"
    assert gemeente["zicht"]["alleen_metadata"] and gemeente["categorie"] == "politie"
    [tk] = body["toelichtingen"]
    assert tk["toelichting"] is None and tk["actie_id"] == str(actie_id)
    assert tk["status"] == "niet-mogelijk" and not tk["zicht"]["getoond"]
    soorten = [(q.resource.type, q.resource.gevoeligheid) for q in pdp.requests]
    assert ("informatie-item", "bijzonder") in soorten and soorten[0] == ("actielijst", None)
