"""The overleg API over ASGI with fakes: plan, read (scoped), bouwschema entry, verslag."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from overleg_fakes import NU, BeleidPdp, FixedClock, Store, open_casus
from overleg_web_fakes import FakeIntake, client, make_app, token_for
from zvh_contracts import topics
from zvh_contracts.overleg.overleg_v1 import OverlegGepland, VerslagVastgesteld


@pytest.fixture
def pdp() -> BeleidPdp:
    """The policy as overleg expects it: who plans and who sees the whole overleg."""
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: BeleidPdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake(), clock=FixedClock())


def _auth(svc, user: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {token_for(svc, user)}"}


def _plan(agenda: list[uuid.UUID], **kw: object) -> dict[str, object]:
    start = NU + timedelta(days=1)
    body: dict[str, object] = {
        "start": start.isoformat(),
        "eind": (start + timedelta(hours=1)).isoformat(),
        "locatie": "Vergaderzaal 2",
        "voorzitter": "pr.jansen",
        "agenda": [str(a) for a in agenda],
    }
    body.update(kw)
    return body


async def test_plan_read_scoped_item_and_verslag(app_svc, store: Store) -> None:  # type: ignore[no-untyped-def]
    app, svc = app_svc
    a = await open_casus(store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom"])
    b = await open_casus(store, uit_te_nodigen_partners=["ggz-wnb"])
    async with client(app) as c:
        r = await c.post("/v1/overleggen", json=_plan([a, b]), headers=_auth(svc, "pr.jansen"))
        assert r.status_code == 201, r.text
        overleg_id = uuid.UUID(r.json()["overleg_id"])
        regie = await c.get(f"/v1/overleggen/{overleg_id}", headers=_auth(svc, "pr.jansen"))
        ggz = await c.get(f"/v1/overleggen/{overleg_id}", headers=_auth(svc, "ggz.mulder"))
        item = await c.post(
            f"/v1/casussen/{b}/bouwschema",
            headers=_auth(svc, "notulist.bakker"),
            json={
                "overleg_id": str(overleg_id),
                "onderdeel": "beeld",
                "eigenaar": "ggz-wnb",
                "categorie": "zorg",
                "tekst": "Zorgmijdend, wel contact met de huisarts.",
            },
        )
        te_vroeg = await c.post(
            f"/v1/overleggen/{overleg_id}/verslag", headers=_auth(svc, "pr.jansen")
        )
        svc.clock.now_value = NU + timedelta(days=1, hours=2)  # type: ignore[attr-defined]
        verslag = await c.post(
            f"/v1/overleggen/{overleg_id}/verslag", headers=_auth(svc, "pr.jansen")
        )
        nogmaals = await c.post(
            f"/v1/overleggen/{overleg_id}/verslag", headers=_auth(svc, "pr.jansen")
        )
    assert regie.status_code == 200 and regie.json()["agenda"] == [str(a), str(b)]
    assert {g["partner"]: g["antwoord"] for g in regie.json()["genodigden"]} == {
        "politie-zwb": "geen",
        "gemeente-bergen-op-zoom": "geen",
        "ggz-wnb": "geen",
    }
    assert ggz.status_code == 200 and ggz.json()["agenda"] == [str(b)]  # only its own casus
    assert item.status_code == 201 and set(item.json()) == {"item_id"}
    assert store.informatie[uuid.UUID(item.json()["item_id"])].eigenaar == "ggz-wnb"
    assert te_vroeg.status_code == 409 and "vanaf de dag van het overleg" in te_vroeg.text
    assert verslag.status_code == 200 and nogmaals.status_code == 409
    types = [type(e) for t, e, _ in store.outbox if t == topics.OVERLEG_OVERLEG]
    assert types == [OverlegGepland, VerslagVastgesteld]


async def test_plan_errors_name_the_field_and_roles_are_checked(app_svc, store: Store) -> None:  # type: ignore[no-untyped-def]
    app, svc = app_svc
    a = await open_casus(store)
    async with client(app) as c:
        verleden = await c.post(
            "/v1/overleggen",
            json=_plan([a], start=(NU - timedelta(days=2)).isoformat()),
            headers=_auth(svc, "pr.jansen"),
        )
        partner = await c.post("/v1/overleggen", json=_plan([a]), headers=_auth(svc, "agent.smit"))
        onbekend = await c.get(f"/v1/overleggen/{uuid.uuid4()}", headers=_auth(svc, "pr.jansen"))
    assert verleden.status_code == 422
    assert verleden.json()["detail"][0]["loc"] == ["body", "datum"]
    assert "verleden" in verleden.json()["detail"][0]["msg"]
    assert partner.status_code == 403
    assert "alleen de procesregisseur van het ZVH plant overleggen" in partner.json()["reasons"]
    assert onbekend.status_code == 404
    assert store.overleggen == {}  # nothing saved by the refused calls
    assert [e for t, e, _ in store.outbox if t == topics.OVERLEG_OVERLEG] == []


async def test_a_deelnemer_may_not_finalise_and_a_pdp_failure_denies(
    app_svc, store: Store, pdp
) -> None:  # type: ignore[no-untyped-def]
    app, svc = app_svc
    a = await open_casus(store)
    async with client(app) as c:
        r = await c.post("/v1/overleggen", json=_plan([a]), headers=_auth(svc, "pr.jansen"))
        overleg_id = r.json()["overleg_id"]
        svc.clock.now_value = NU + timedelta(days=1, hours=2)  # type: ignore[attr-defined]
        partner = await c.post(
            f"/v1/overleggen/{overleg_id}/verslag", headers=_auth(svc, "agent.smit")
        )
        notulist = await c.post(
            f"/v1/overleggen/{overleg_id}/verslag", headers=_auth(svc, "notulist.bakker")
        )

        async def kapot(request, *, token):  # type: ignore[no-untyped-def]
            raise TimeoutError

        pdp.decide = kapot
        regie_zonder_pdp = await c.post(
            f"/v1/overleggen/{overleg_id}/verslag", headers=_auth(svc, "pr.jansen")
        )
        lezen_zonder_pdp = await c.get(
            f"/v1/overleggen/{overleg_id}", headers=_auth(svc, "pr.jansen")
        )
    assert partner.status_code == 403 and notulist.status_code == 403
    assert "alleen de procesregisseur van het ZVH plant overleggen" in notulist.json()["reasons"]
    assert regie_zonder_pdp.status_code == 403
    assert any("geen beslissing van de PDP" in r for r in regie_zonder_pdp.json()["reasons"])
    assert lezen_zonder_pdp.status_code == 403  # not the whole overleg, and zvh is not invited
    assert [e for t, e, _ in store.outbox if isinstance(e, VerslagVastgesteld)] == []
    # planning a new one asks about overleggen in general; finalising about this overleg
    assert {r.resource.item for r in pdp.requests if r.action == "plan"} == {None, overleg_id}
