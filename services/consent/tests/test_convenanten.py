"""The convenant register: its rules (domain), its API (policy decides who may), its audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from register_app import Registerapp, registerapp
from zvh_consent.adapters.demo_convenanten import VERLOPEN, demo_convenanten
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application import convenanten
from zvh_consent.domain.convenant import nieuw_convenant, verschil
from zvh_consent.domain.fouten import Ongeldig
from zvh_platform.convenanten import ConvenantClient

DAG = dt.date(2026, 11, 24)
POLITIE = "wettelijke taak (Wet politiegegevens art. 19)"


def invoer(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "van": "2026-01-01",
        "tot": None,
        "herzien_op": "2027-06-01",
        "categorieen": [
            {"categorie": "politie", "basis": POLITIE},
            {"categorie": "algemeen", "basis": "convenant ZVH"},
        ],
    }
    body.update(changes)
    return body


# --- domain ----------------------------------------------------------------------------------


def test_a_convenant_is_valid_from_van_through_tot() -> None:
    c = nieuw_convenant(
        org="politie-zwb",
        van=dt.date(2026, 1, 1),
        tot=dt.date(2026, 12, 31),
        herzien_op=dt.date(2026, 6, 1),
        categorieen={"politie": POLITIE},
    )
    assert not c.geldig_op(dt.date(2025, 12, 31))
    assert c.geldig_op(dt.date(2026, 1, 1)) and c.geldig_op(dt.date(2026, 12, 31))
    assert not c.geldig_op(dt.date(2027, 1, 1))


@pytest.mark.parametrize(
    ("changes", "velden"),
    [
        ({"org": "Politie ZWB"}, ["org"]),
        ({"tot": dt.date(2025, 1, 1)}, ["tot"]),
        ({"herzien_op": dt.date(2025, 1, 1)}, ["herzien_op"]),
        ({"categorieen": {}}, ["categorieen"]),
        ({"categorieen": {"geheim": POLITIE}}, ["categorieen.geheim"]),
        ({"categorieen": {"politie": "  x "}}, ["categorieen.politie"]),
        ({"categorieen": {"politie": "x" * 201}}, ["categorieen.politie"]),
    ],
)
def test_the_register_refuses_what_breaks_its_rules(
    changes: dict[str, Any], velden: list[str]
) -> None:
    args: dict[str, Any] = {
        "org": "politie-zwb",
        "van": dt.date(2026, 1, 1),
        "tot": None,
        "herzien_op": dt.date(2026, 6, 1),
        "categorieen": {"politie": POLITIE},
    }
    with pytest.raises(Ongeldig) as exc:
        nieuw_convenant(**{**args, **changes})
    assert [f.veld for f in exc.value.fouten] == velden
    assert all(f.melding for f in exc.value.fouten)


def test_the_difference_names_each_changed_field_and_category() -> None:
    a = nieuw_convenant(
        org="o-1",
        van=dt.date(2026, 1, 1),
        tot=None,
        herzien_op=dt.date(2026, 6, 1),
        categorieen={"politie": POLITIE, "algemeen": "convenant ZVH"},
    )
    b = nieuw_convenant(
        org="o-1",
        van=dt.date(2026, 1, 1),
        tot=dt.date(2026, 12, 31),
        herzien_op=dt.date(2026, 6, 1),
        categorieen={"politie": POLITIE, "zorg": "wettelijke taak (Wmo)"},
    )
    assert verschil(a, b) == {
        "tot": [None, "2026-12-31"],
        "categorieen.algemeen": ["convenant ZVH", None],
        "categorieen.zorg": [None, "wettelijke taak (Wmo)"],
    }
    assert verschil(a, a) == {}
    assert verschil(None, a)["van"] == [None, "2026-01-01"]


def test_demo_convenanten_are_valid_except_the_expired_one() -> None:
    orgs = ["zvh", "politie-zwb", "ggz-wnb", VERLOPEN, "onbekend-partner"]
    alle = {c.org: c for c in demo_convenanten(orgs, vandaag=DAG)}
    assert set(alle) == set(orgs)
    assert [o for o, c in alle.items() if not c.geldig_op(DAG)] == [VERLOPEN]
    assert set(alle["onbekend-partner"].categorieen) == {"algemeen"}
    assert "politie" in alle["politie-zwb"].categorieen


# --- API -------------------------------------------------------------------------------------


@pytest.fixture
async def app(tmp_path: Path, regorus_engine: RegorusEngine) -> AsyncIterator[Registerapp]:
    async with registerapp(tmp_path, regorus_engine) as running:
        yield running


async def test_beheerder_records_changes_and_the_audit_says_who_and_what(app: Registerapp) -> None:
    c, beheer = app.client, app.token("beheer.dekker")
    r = await c.put("/v1/convenanten/politie-zwb", json=invoer(), headers=beheer)
    assert r.status_code == 201, r.text
    assert r.json()["geldig"] is True
    assert [x["categorie"] for x in r.json()["categorieen"]] == ["algemeen", "politie"]

    r = await c.put("/v1/convenanten/politie-zwb", json=invoer(tot="2026-12-31"), headers=beheer)
    assert r.status_code == 200 and r.json()["tot"] == "2026-12-31"
    r = await c.put("/v1/convenanten/politie-zwb", json=invoer(tot="2026-12-31"), headers=beheer)
    assert r.status_code == 200  # unchanged: no audit record

    r = await c.get("/v1/convenanten/politie-zwb/historie", headers=app.token("fg.devries"))
    assert r.status_code == 200
    historie = r.json()
    assert [h["actie"] for h in historie] == ["aangemaakt", "gewijzigd"]
    assert {h["door"] for h in historie} == {"beheer.dekker"}
    assert {h["door_org"] for h in historie} == {"zvh"}
    assert historie[1]["wijzigingen"] == {"tot": [None, "2026-12-31"]}


async def test_only_the_policy_lets_a_beheerder_change_it(app: Registerapp) -> None:
    for user in ("pr.jansen", "agent.smit", "fg.devries"):
        r = await app.client.put(
            "/v1/convenanten/politie-zwb", json=invoer(), headers=app.token(user)
        )
        assert r.status_code == 403, user
        assert r.json()["reasons"] and r.json()["decision_id"]
    r = await app.client.get("/v1/convenanten", headers=app.token("agent.smit"))
    assert r.status_code == 200 and r.json() == []
    # Every question was a logged decision, decided by the policy.
    log = await app.client.get("/v1/decisions?limit=10", headers=app.token("fg.devries"))
    soorten = [(x["user"], x["action"], x["resource"]["type"], x["allow"]) for x in log.json()]
    assert ("pr.jansen", "write", "convenant", False) in soorten
    assert ("agent.smit", "read", "convenant", True) in soorten


@pytest.mark.parametrize(
    ("body", "velden"),
    [
        (invoer(tot="2025-01-01"), ["tot"]),
        (invoer(categorieen=[{"categorie": "geheim", "basis": POLITIE}]),
         ["categorieen[0].categorie"]),
        (invoer(categorieen=[{"categorie": "politie", "basis": "x"}]), ["categorieen.politie"]),
        (invoer(categorieen=[]), ["categorieen"]),
        (invoer(categorieen=[{"categorie": "politie", "basis": POLITIE}] * 2), ["categorieen"]),
        (invoer(van="gisteren"), ["van"]),
        ({**invoer(), "extra": 1}, ["extra"]),
    ],
)  # fmt: skip
async def test_dutch_422_per_field(
    app: Registerapp, body: dict[str, Any], velden: list[str]
) -> None:
    r = await app.client.put(
        "/v1/convenanten/politie-zwb", json=body, headers=app.token("beheer.dekker")
    )
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == "ongeldig convenant"
    assert [f["veld"] for f in r.json()["fouten"]] == velden
    assert all(" " in f["melding"] for f in r.json()["fouten"])  # a Dutch sentence, no code


async def test_post_creates_once_and_get_reads(app: Registerapp) -> None:
    beheer = app.token("beheer.dekker")
    r = await app.client.post(
        "/v1/convenanten", json={**invoer(), "org": "ggz-wnb"}, headers=beheer
    )
    assert r.status_code == 201, r.text
    r = await app.client.post(
        "/v1/convenanten", json={**invoer(), "org": "ggz-wnb"}, headers=beheer
    )
    assert r.status_code == 409 and "PUT" in r.json()["detail"]
    r = await app.client.get("/v1/convenanten/ggz-wnb", headers=app.token("ggz.mulder"))
    assert r.status_code == 200 and r.json()["org"] == "ggz-wnb"
    r = await app.client.get("/v1/convenanten/woonkwartier", headers=beheer)
    assert r.status_code == 404 and "woonkwartier" in r.json()["detail"]
    assert (await app.client.get("/v1/convenanten")).status_code == 401


async def test_geldig_answers_whether_an_organisation_may_be_invited(app: Registerapp) -> None:
    n = await convenanten.zaai(
        app.ctx,
        convenanten=demo_convenanten(["zvh", "ggz-wnb", VERLOPEN], vandaag=app.klok.now().date()),
    )
    assert n == 3
    assert await convenanten.zaai(app.ctx, convenanten=demo_convenanten(["x-y"], vandaag=DAG)) == 0
    pr = app.token("pr.jansen")
    ggz = (await app.client.get("/v1/convenanten/ggz-wnb/geldig", headers=pr)).json()
    assert ggz["geldig"] is True and "zorg" in ggz["categorieen"]
    weg = (await app.client.get(f"/v1/convenanten/{VERLOPEN}/geldig", headers=pr)).json()
    assert weg["geldig"] is False and "verlopen" in weg["reden"] and weg["categorieen"] == []
    geen = (await app.client.get("/v1/convenanten/woonkwartier/geldig", headers=pr)).json()
    assert geen == {
        "org": "woonkwartier",
        "geldig": False,
        "reden": "woonkwartier heeft geen convenant met het ZVH",
        "categorieen": [],
    }
    lijst = (await app.client.get("/v1/convenanten", headers=pr)).json()
    assert {x["org"]: x["geldig"] for x in lijst} == {"ggz-wnb": True, VERLOPEN: False, "zvh": True}
    historie = (await app.client.get(f"/v1/convenanten/{VERLOPEN}/historie", headers=pr)).json()
    assert historie[0]["door"] == "systeem" and historie[0]["actie"] == "aangemaakt"


async def test_the_platform_client_reads_the_real_register(app: Registerapp) -> None:
    """Intake's and overleg's ConvenantClient against this app: the expired one is refused."""
    await convenanten.zaai(
        app.ctx,
        convenanten=demo_convenanten(["zvh", "ggz-wnb", VERLOPEN], vandaag=app.klok.now().date()),
    )
    token = app.token("pr.jansen")["Authorization"].removeprefix("Bearer ")
    client = ConvenantClient(base_url="http://consent", timeout_s=5.0, client=app.client)
    got = await client.geldigheden(["ggz-wnb", VERLOPEN, "woonkwartier"], token=token)
    assert got["ggz-wnb"].geldig
    assert not got[VERLOPEN].geldig and got[VERLOPEN].reden.startswith(
        "het convenant is verlopen op"
    )
    assert not got["woonkwartier"].geldig
    geweigerd = await client.geldig("ggz-wnb", token=None)  # no token: consent says 401
    assert not geweigerd.geldig and "HTTP 401" in geweigerd.reden
