"""Doorbrekingen: a typed reason, a limited time, the eigenaar told at once, the FG's list."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from register_app import Registerapp, registerapp
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.domain.doorbreking import nieuwe_doorbreking
from zvh_consent.domain.fouten import Ongeldig
from zvh_contracts.consent.doorbreking_v1 import DoorbrekingGemeld
from zvh_contracts.registry import parse
from zvh_contracts.vocab import DoorbrekingType

CASUS = uuid.UUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
REDEN = "Kind van 4 alleen thuis aangetroffen, acuut gevaar; politie-informatie nodig."
NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def test_a_doorbreking_lasts_four_hours_by_default_and_at_most_a_day() -> None:
    args: dict[str, Any] = {
        "type": DoorbrekingType.VITAAL_BELANG,
        "reden": REDEN,
        "casus": CASUS,
        "item": None,
        "eigenaar": "politie-zwb",
        "user": "vt.dewit",
        "org": "veilig-thuis-wbr",
        "op": NU,
    }
    d = nieuwe_doorbreking(duur_uren=None, **args)
    assert d.tot - d.van == dt.timedelta(hours=4)
    assert d.actief_op(NU) and not d.actief_op(d.tot)
    assert nieuwe_doorbreking(duur_uren=24, **args).tot == NU + dt.timedelta(hours=24)
    for changes, veld in (
        ({"duur_uren": 25}, "duur_uren"),
        ({"duur_uren": 0}, "duur_uren"),
        ({"duur_uren": None, "reden": "  nodig   nu  "}, "reden"),
        ({"duur_uren": None, "casus": None}, "casus"),
        ({"duur_uren": None, "eigenaar": "veilig-thuis-wbr"}, "eigenaar"),
        ({"duur_uren": None, "item": "geen spaties"}, "item"),
    ):
        with pytest.raises(Ongeldig) as exc:
            nieuwe_doorbreking(**{**args, "duur_uren": None, **changes})
        assert [f.veld for f in exc.value.fouten] == [veld]


@pytest.fixture
async def app(tmp_path: Path, regorus_engine: RegorusEngine) -> AsyncIterator[Registerapp]:
    async with registerapp(
        tmp_path, regorus_engine, demo=["zvh", "politie-zwb", "veilig-thuis-wbr"]
    ) as running:
        yield running


def invoer(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "vitaal-belang",
        "reden": REDEN,
        "casus": str(CASUS),
        "eigenaar": "politie-zwb",
    }
    body.update(changes)
    return body


async def test_the_eigenaar_is_told_and_the_fg_sees_it(app: Registerapp) -> None:
    r = await app.client.post("/v1/doorbrekingen", json=invoer(), headers=app.token("vt.dewit"))
    assert r.status_code == 201, r.text
    d = r.json()
    assert (d["user"], d["org"]) == ("vt.dewit", "veilig-thuis-wbr")  # from the token
    assert d["grondslag"] == "doorbreking: vitaal belang (AVG art. 6 lid 1 d)"
    assert d["tot"] == "2026-11-24T13:00:00Z"

    [event] = await app.outbox()
    # announced on consent's own topic; notify delivers it to the eigenaar (event and e-mail)
    assert event["topic"] == "zvh.consent.doorbreking.v1"
    assert event["type"] == "zvh.consent.doorbreking.gemeld.v1" and event["key"] == d["id"]
    gemeld = parse(event["type"], json.dumps(event["body"]))
    assert isinstance(gemeld, DoorbrekingGemeld)
    assert (gemeld.eigenaar, gemeld.door_org, str(gemeld.casus_id)) == (
        "politie-zwb",
        "veilig-thuis-wbr",
        str(CASUS),
    )
    assert "alleen thuis" not in json.dumps(event["body"]) and "vt.dewit" not in event["body"]

    lijst = await app.client.get("/v1/doorbrekingen", headers=app.token("fg.devries"))
    assert lijst.status_code == 200
    assert [(x["id"], x["reden"]) for x in lijst.json()] == [(d["id"], REDEN)]
    actief = await app.client.get("/v1/doorbrekingen?actief=true", headers=app.token("fg.devries"))
    assert len(actief.json()) == 1
    app.klok.verder(hours=4)
    actief = await app.client.get("/v1/doorbrekingen?actief=true", headers=app.token("fg.devries"))
    assert actief.json() == []
    for user in ("vt.dewit", "pr.jansen"):
        r = await app.client.get("/v1/doorbrekingen", headers=app.token(user))
        assert r.status_code == 403, user


@pytest.mark.parametrize(
    ("changes", "veld"),
    [
        ({"reden": "te kort"}, "reden"),
        ({"duur_uren": 48}, "duur_uren"),
        ({"type": "nieuwsgierigheid"}, "type"),
        ({"eigenaar": "nergens-bekend"}, "eigenaar"),
    ],
)
async def test_dutch_422(app: Registerapp, changes: dict[str, Any], veld: str) -> None:
    r = await app.client.post(
        "/v1/doorbrekingen", json=invoer(**changes), headers=app.token("vt.dewit")
    )
    assert r.status_code == 422, r.text
    assert [f["veld"] for f in r.json()["fouten"]] == [veld]
    assert await app.outbox() == []


async def test_the_policy_refuses_the_fg_and_own_items(app: Registerapp) -> None:
    r = await app.client.post("/v1/doorbrekingen", json=invoer(), headers=app.token("fg.devries"))
    assert r.status_code == 403
    r = await app.client.post("/v1/doorbrekingen", json=invoer(), headers=app.token("agent.smit"))
    assert r.status_code == 403  # politie-zwb is the eigenaar itself
    assert await app.outbox() == []


# -- the FG's review (beoordeling) ---------------------------------------------------------------


async def test_the_fg_reviews_a_doorbreking_once(app: Registerapp) -> None:
    r = await app.client.post("/v1/doorbrekingen", json=invoer(), headers=app.token("vt.dewit"))
    assert r.status_code == 201, r.text
    assert r.json()["beoordeling"] is None
    d_id = r.json()["id"]
    fg = app.token("fg.devries")
    open_ = await app.client.get("/v1/doorbrekingen?onbeoordeeld=true", headers=fg)
    assert [x["id"] for x in open_.json()] == [d_id]

    app.klok.verder(hours=1)
    url = f"/v1/doorbrekingen/{d_id}/beoordeling"
    oordeel = {"oordeel": "onterecht", "toelichting": "  Geen acuut gevaar uit het dossier.  "}
    r = await app.client.post(url, json=oordeel, headers=fg)
    assert r.status_code == 201, r.text
    assert r.json()["id"] == d_id
    assert r.json()["beoordeling"] == {
        "oordeel": "onterecht",
        "toelichting": "Geen acuut gevaar uit het dossier.",
        "door": "fg.devries",
        "op": "2026-11-24T10:00:00Z",
    }

    again = await app.client.post(url, json={"oordeel": "terecht"}, headers=fg)
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "deze doorbreking is al beoordeeld; een beoordeling is definitief"
    )
    [listed] = (await app.client.get("/v1/doorbrekingen", headers=fg)).json()
    assert listed["beoordeling"]["oordeel"] == "onterecht"  # the first review stands
    open_ = await app.client.get("/v1/doorbrekingen?onbeoordeeld=true", headers=fg)
    assert open_.json() == []

    async with app.db.begin() as conn:  # append-only, like the doorbrekingen
        with pytest.raises(sa.exc.DBAPIError):
            await conn.execute(sa.text("UPDATE doorbreking_beoordelingen SET oordeel = 'terecht'"))


async def test_only_the_fg_reviews(app: Registerapp) -> None:
    r = await app.client.post("/v1/doorbrekingen", json=invoer(), headers=app.token("vt.dewit"))
    url = f"/v1/doorbrekingen/{r.json()['id']}/beoordeling"
    for user in ("vt.dewit", "pr.jansen", "agent.smit", "fg.politie"):
        r = await app.client.post(url, json={"oordeel": "terecht"}, headers=app.token(user))
        assert r.status_code == 403, user
        assert r.json()["detail"] == (
            "geweigerd: alleen de functionaris gegevensbescherming beoordeelt"
        )
    onbekend = f"/v1/doorbrekingen/{uuid.uuid4()}/beoordeling"
    r = await app.client.post(onbekend, json={"oordeel": "terecht"}, headers=app.token("vt.dewit"))
    assert r.status_code == 403  # refused before the lookup: no hint whether it exists
    r = await app.client.post(
        onbekend, json={"oordeel": "terecht"}, headers=app.token("fg.devries")
    )
    assert r.status_code == 404
    [d] = (await app.client.get("/v1/doorbrekingen", headers=app.token("fg.devries"))).json()
    assert d["beoordeling"] is None


@pytest.mark.parametrize(
    ("body", "veld"),
    [
        ({"oordeel": "misschien"}, "oordeel"),
        ({"oordeel": "terecht", "toelichting": "x" * 2001}, "toelichting"),
        ({"toelichting": "vergeten"}, "oordeel"),
        ({"oordeel": "terecht", "door": "iemand"}, "door"),
    ],
)
async def test_a_bad_review_is_a_dutch_422(
    app: Registerapp, body: dict[str, Any], veld: str
) -> None:
    r = await app.client.post("/v1/doorbrekingen", json=invoer(), headers=app.token("vt.dewit"))
    url = f"/v1/doorbrekingen/{r.json()['id']}/beoordeling"
    r = await app.client.post(url, json=body, headers=app.token("fg.devries"))
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == "ongeldige beoordeling"
    assert [f["veld"] for f in r.json()["fouten"]] == [veld]
