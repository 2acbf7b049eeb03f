"""The eigenaar's controls over its bouwschema entries, decided and applied by the real policy.

politie-zwb's entry in a casus with gemeente and the GGZ: the eigenaar restricts it to the ZVH
regie (the GGZ no longer reads it, the regie does), lifts that, and withdraws it (nobody but the
eigenaar reads it, and it cannot be restricted again). A deelnemer that is not the eigenaar may
not touch it; the PDP says why.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from overleg_fakes import NU, Store, open_casus
from overleg_web_fakes import FakeIntake, client, make_app, signed_in, token_for
from zvh_consent.testing import RegoPdp
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel

TEKST = "Drie meldingen van overlast in twee maanden"
CONVENANTEN = {
    org: {"algemeen": "convenant Zorg- en Veiligheidshuis"}
    for org in ("politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb")
}


@pytest.fixture
async def opzet(store: Store) -> tuple[Any, Any, uuid.UUID, uuid.UUID]:
    app, svc = make_app(store=store, pdp=RegoPdp(convenanten=CONVENANTEN), intake=FakeIntake())  # type: ignore[arg-type]
    casus_id = await open_casus(store)
    item = Informatieitem(
        item_id=uuid.uuid4(),
        casus_id=casus_id,
        onderdeel=Onderdeel.BEELD,
        eigenaar="politie-zwb",
        categorie=Categorie.ALGEMEEN,
        tekst=TEKST,
        ingebracht_op=NU,
        vastgelegd_door="notulist.bakker",
        gevoeligheid=Gevoeligheid.NORMAAL,
    )
    store.informatie[item.item_id] = item
    return app, svc, casus_id, item.item_id


async def _tekst(c: httpx.AsyncClient, svc: Any, casus_id: uuid.UUID, user: str) -> str | None:
    r = await c.get(f"/v1/casussen/{casus_id}/informatie", headers=_auth(svc, user))
    assert r.status_code == 200, r.text
    [item] = r.json()["bouwschema"]
    tekst: str | None = item["tekst"]
    return tekst


def _auth(svc: Any, user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(svc, user)}"}


async def test_the_eigenaar_restricts_lifts_and_withdraws_its_entry(opzet, store: Store) -> None:
    app, svc, casus_id, item_id = opzet
    basis = f"/v1/casussen/{casus_id}/informatie/{item_id}"
    async with client(app) as c:
        assert await _tekst(c, svc, casus_id, "ggz.mulder") == TEKST  # convenant basis

        r = await c.post(
            f"{basis}/beperken", json={"beperkt_tot": ["zvh"]}, headers=_auth(svc, "agent.smit")
        )
        assert r.status_code == 200, r.text
        assert r.json() == {"item_id": str(item_id), "beperkt_tot": ["zvh"], "ingetrokken": False}
        assert await _tekst(c, svc, casus_id, "ggz.mulder") is None
        assert await _tekst(c, svc, casus_id, "pr.jansen") == TEKST  # the ZVH regie: named

        r = await c.post(f"{basis}/beperking-opheffen", headers=_auth(svc, "agent.smit"))
        assert r.status_code == 200 and r.json()["beperkt_tot"] is None
        assert await _tekst(c, svc, casus_id, "ggz.mulder") == TEKST

        r = await c.post(f"{basis}/intrekken", headers=_auth(svc, "agent.smit"))
        assert r.status_code == 200 and r.json()["ingetrokken"] is True
        for ander in ("ggz.mulder", "pr.jansen"):
            assert await _tekst(c, svc, casus_id, ander) is None, ander
        assert await _tekst(c, svc, casus_id, "agent.smit") == TEKST  # its own record

        opnieuw = await c.post(
            f"{basis}/beperken", json={"beperkt_tot": ["zvh"]}, headers=_auth(svc, "agent.smit")
        )
    assert opnieuw.status_code == 422
    assert "ingetrokken" in opnieuw.text
    assert store.informatie[item_id].ingetrokken


async def test_only_the_eigenaar_controls_its_entry(opzet, store: Store) -> None:
    app, svc, casus_id, item_id = opzet
    basis = f"/v1/casussen/{casus_id}/informatie/{item_id}"
    async with client(app) as c:
        ggz = await c.post(f"{basis}/intrekken", headers=_auth(svc, "ggz.mulder"))
        regie = await c.post(
            f"{basis}/beperken", json={"beperkt_tot": ["zvh"]}, headers=_auth(svc, "pr.jansen")
        )
        leeg = await c.post(
            f"{basis}/beperken", json={"beperkt_tot": []}, headers=_auth(svc, "agent.smit")
        )
        onbekend = await c.post(
            f"/v1/casussen/{casus_id}/informatie/{uuid.uuid4()}/intrekken",
            headers=_auth(svc, "agent.smit"),
        )
    for r in (ggz, regie):
        assert r.status_code == 403 and r.json()["reasons"], r.text
    assert leeg.status_code == 422
    assert onbekend.status_code == 404
    item = store.informatie[item_id]
    assert (item.beperkt_tot, item.ingetrokken) == (None, False)


async def test_the_casus_page_offers_the_controls_to_the_eigenaar_only(opzet, store: Store) -> None:
    app, _, casus_id, item_id = opzet
    pad = f"/casussen/{casus_id}/informatie/{item_id}/beheer"
    sleutel = {"idempotency_key": str(uuid.uuid4())}
    async with signed_in(app, "agent.smit") as c:
        pagina = await c.get(f"/casussen/{casus_id}")
        assert "Beheer door de eigenaar" in pagina.text and f'action="{pad}"' in pagina.text
        r = await c.post(pad, data={**sleutel, "handeling": "beperken"})
        assert r.status_code == 303 and r.headers["location"].endswith(f"#item-{item_id}")
        na = await c.get(f"/casussen/{casus_id}")
        onzin = await c.post(pad, data={"idempotency_key": str(uuid.uuid4()), "handeling": "x"})
    assert "Beperkt tot:</strong> ZVH-regie" in na.text
    assert "Beperking opheffen" in na.text
    assert store.informatie[item_id].beperkt_tot == ("zvh",)
    assert onzin.status_code == 422 and "kies beperken" in onzin.text
    async with signed_in(app, "ggz.mulder") as c:
        ggz = await c.get(f"/casussen/{casus_id}")
        geweigerd = await c.post(
            pad, data={"idempotency_key": str(uuid.uuid4()), "handeling": "intrekken"}
        )
    assert TEKST not in ggz.text and "Beheer door de eigenaar" not in ggz.text
    assert geweigerd.status_code == 403 and "Geen toegang" in geweigerd.text
    assert not store.informatie[item_id].ingetrokken
