"""The toestemming register: completeness (minors), pseudonyms only, withdrawal as a new state,
every change published without the pseudonym; who may is the policy's answer."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from register_app import Registerapp, registerapp
from zvh_consent.adapters.demo_convenanten import DEMO
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.domain.fouten import Ongeldig
from zvh_consent.domain.toestemming import Leeftijdsgroep, Toestemmer, nieuwe_toestemming
from zvh_contracts.registry import parse
from zvh_contracts.vocab import ToestemmingStatus, ToestemmingWijze

PSEUDONIEM = "0123456789abcdef0123456789abcdef"
CASUS = uuid.UUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def maak(**changes: Any) -> Any:
    args: dict[str, Any] = {
        "betrokkene": PSEUDONIEM,
        "casus": CASUS,
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "van": dt.date(2026, 11, 24),
        "tot": None,
        "status": ToestemmingStatus.GEGEVEN,
        "wijze": ToestemmingWijze.MONDELING,
        "document_referentie": None,
        "leeftijdsgroep": Leeftijdsgroep.VOLWASSEN,
        "toestemming_door": Toestemmer.CLIENT,
        "door": "gemeente.visser",
        "door_org": "gemeente-bergen-op-zoom",
        "op": NU,
    }
    return nieuwe_toestemming(**{**args, **changes})


# --- domain ----------------------------------------------------------------------------------

G, W = ToestemmingStatus.GEGEVEN, ToestemmingStatus.GEWEIGERD
L = Leeftijdsgroep
C, GZ, B = Toestemmer.CLIENT, Toestemmer.GEZAGDRAGER, Toestemmer.BEIDE


@pytest.mark.parametrize(
    ("status", "groep", "door", "compleet"),
    [
        (G, L.ONDER_12, C, False), (G, L.ONDER_12, GZ, True), (G, L.ONDER_12, B, True),
        (G, L.VAN_12_TOT_16, C, False), (G, L.VAN_12_TOT_16, GZ, False),
        (G, L.VAN_12_TOT_16, B, True),
        (G, L.VAN_16, C, True), (G, L.VAN_16, GZ, False), (G, L.VAN_16, B, True),
        (G, L.VOLWASSEN, C, True), (G, L.VOLWASSEN, GZ, False), (G, L.VOLWASSEN, B, False),
        # a refusal: from 12 to 16 the child or a gezagdrager alone suffices
        (W, L.ONDER_12, C, False), (W, L.ONDER_12, GZ, True),
        (W, L.VAN_12_TOT_16, C, True), (W, L.VAN_12_TOT_16, GZ, True),
        (W, L.VAN_16, GZ, False), (W, L.VOLWASSEN, C, True),
    ],
)  # fmt: skip
def test_who_must_consent_depends_on_age(
    status: ToestemmingStatus, groep: Leeftijdsgroep, door: Toestemmer, compleet: bool
) -> None:
    if compleet:
        assert maak(status=status, leeftijdsgroep=groep, toestemming_door=door).status is status
        return
    with pytest.raises(Ongeldig) as exc:
        maak(status=status, leeftijdsgroep=groep, toestemming_door=door)
    [fout] = exc.value.fouten
    assert fout.veld == "toestemming_door" and fout.melding.startswith("onvolledig: ")


@pytest.mark.parametrize(
    ("changes", "veld"),
    [
        ({"betrokkene": "999990019"}, "betrokkene"),  # a BSN is never a betrokkene here
        ({"betrokkene": "Jan Jansen"}, "betrokkene"),
        ({"betrokkene": PSEUDONIEM.upper()}, "betrokkene"),
        ({"doel": "Casus Overleg"}, "doel"),
        ({"ontvanger": "GGZ"}, "ontvanger"),
        ({"categorie": "geheim"}, "categorie"),
        ({"tot": dt.date(2026, 1, 1)}, "tot"),
        ({"status": ToestemmingStatus.INGETROKKEN}, "status"),
        ({"wijze": ToestemmingWijze.SCHRIFTELIJK}, "document_referentie"),
    ],
)
def test_refused_with_a_dutch_reason(changes: dict[str, Any], veld: str) -> None:
    with pytest.raises(Ongeldig) as exc:
        maak(**changes)
    assert [f.veld for f in exc.value.fouten] == [veld]


def test_withdrawal_is_a_new_state_once() -> None:
    t = maak()
    later = NU + dt.timedelta(hours=1)
    weg = t.intrekken(door="pr.jansen", op=later)
    assert weg.status is ToestemmingStatus.INGETROKKEN
    assert (weg.gewijzigd_op, weg.gewijzigd_door) == (later, "pr.jansen")
    assert (weg.vastgelegd_door, weg.vastgelegd_op) == ("gemeente.visser", NU)
    with pytest.raises(Ongeldig):
        weg.intrekken(door="pr.jansen", op=later)


# --- API -------------------------------------------------------------------------------------


@pytest.fixture
async def app(tmp_path: Path, regorus_engine: RegorusEngine) -> AsyncIterator[Registerapp]:
    async with registerapp(tmp_path, regorus_engine, demo=DEMO) as running:
        yield running


def invoer(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "betrokkene": PSEUDONIEM,
        "casus": str(CASUS),
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "status": "geweigerd",
        "wijze": "schriftelijk",
        "document_referentie": "DMS-2026-0042",
        "leeftijdsgroep": "volwassen",
        "toestemming_door": "client",
    }
    body.update(changes)
    return body


async def test_record_withdraw_and_every_change_is_published(app: Registerapp) -> None:
    pr = app.token("pr.jansen")
    r = await app.client.post("/v1/toestemmingen", json=invoer(), headers=pr)
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["status"] == "geweigerd" and t["vastgelegd_door"] == "pr.jansen"
    assert t["van"] == "2026-11-24"  # today (the app's clock) when absent
    app.klok.verder(hours=1)
    r = await app.client.post(f"/v1/toestemmingen/{t['id']}/intrekken", headers=pr)
    assert r.status_code == 200 and r.json()["status"] == "ingetrokken"
    assert r.json()["gewijzigd_op"] == "2026-11-24T10:00:00Z"
    again = await app.client.post(f"/v1/toestemmingen/{t['id']}/intrekken", headers=pr)
    assert again.status_code == 422 and "al ingetrokken" in again.text

    gelezen = (await app.client.get(f"/v1/toestemmingen/{t['id']}", headers=pr)).json()
    assert [(h["status"], h["door"]) for h in gelezen["historie"]] == [
        ("geweigerd", "pr.jansen"),
        ("ingetrokken", "pr.jansen"),
    ]

    events = await app.outbox()
    assert [e["type"] for e in events] == ["zvh.consent.toestemming.gewijzigd.v1"] * 2
    assert {e["topic"] for e in events} == {"zvh.consent.toestemming.v1"}
    assert [e["body"]["status"] for e in events] == ["geweigerd", "ingetrokken"]
    for e in events:
        assert e["key"] == t["id"]
        parse(e["type"], __import__("json").dumps(e["body"]))  # valid against the contract
        assert PSEUDONIEM not in str(e["body"]) and "pr.jansen" not in str(e["body"])
        assert "DMS-2026-0042" not in str(e["body"])


@pytest.mark.parametrize(
    ("changes", "veld"),
    [
        ({"betrokkene": "999990019"}, "betrokkene"),
        ({"leeftijdsgroep": "12-tot-16", "status": "gegeven"}, "toestemming_door"),
        ({"leeftijdsgroep": "oud"}, "leeftijdsgroep"),
        ({"casus": "c-1"}, "casus"),
        ({"status": "ingetrokken"}, "status"),
    ],
)
async def test_dutch_422(app: Registerapp, changes: dict[str, Any], veld: str) -> None:
    r = await app.client.post(
        "/v1/toestemmingen", json=invoer(**changes), headers=app.token("gemeente.visser")
    )
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == "ongeldige toestemming"
    assert [f["veld"] for f in r.json()["fouten"]] == [veld]
    assert await app.outbox() == []


async def test_who_may_is_the_policys_answer(app: Registerapp) -> None:
    for user in ("agent.smit", "notulist.bakker", "fg.devries", "beheer.dekker"):
        r = await app.client.post("/v1/toestemmingen", json=invoer(), headers=app.token(user))
        assert r.status_code == 403, user
        assert r.json()["reasons"][0].startswith("geen regel staat dit toe")
    r = await app.client.post(
        "/v1/toestemmingen", json=invoer(), headers=app.token("roosendaal.kok")
    )
    assert r.status_code == 403  # a casusregisseur, but the convenant has expired
    assert "verlopen" in r.json()["reasons"][0]
    r = await app.client.post(
        "/v1/toestemmingen", json=invoer(), headers=app.token("gemeente.visser")
    )
    assert r.status_code == 201
    for user, status in (("fg.devries", 200), ("agent.smit", 403), ("gemeente.visser", 200)):
        r = await app.client.get(
            f"/v1/toestemmingen?betrokkene={PSEUDONIEM}", headers=app.token(user)
        )
        assert r.status_code == status, user
    r = await app.client.get(f"/v1/toestemmingen?casus={CASUS}", headers=app.token("fg.devries"))
    assert len(r.json()) == 1
    r = await app.client.get("/v1/toestemmingen", headers=app.token("fg.devries"))
    assert r.status_code == 422 and "betrokkene" in r.json()["fouten"][0]["melding"]
    r = await app.client.get(f"/v1/toestemmingen/{uuid.uuid4()}", headers=app.token("pr.jansen"))
    assert r.status_code == 404
