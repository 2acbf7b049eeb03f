"""The FG's inzage report per person and the eigenaar's "wie las onze informatie", over HTTP
with real regorus and the SQL decision log on a SQLite file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from consent_fakes import MemoryDecisionLog, StaticEngine, als
from register_app import Registerapp, registerapp
from test_chain import beslissing
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import LogFilter
from zvh_contracts.pdp import Context, DecisionRequest, Resource
from zvh_platform.pseudoniem import pseudoniem

BSN = "111222333"  # passes the elfproef
ANDER_BSN = "123456782"
REGEL_VELDEN = {
    "seq",
    "decision_id",
    "tijd",
    "user",
    "org",
    "action",
    "resource_type",
    "casus",
    "item",
    "eigenaar",
    "categorie",
    "doel",
    "allow",
    "reasons",
    "grondslag",
    "uiterlijk",
}


@pytest.fixture
async def app(tmp_path: Path, regorus_engine: RegorusEngine) -> AsyncIterator[Registerapp]:
    async with registerapp(
        tmp_path, regorus_engine, demo=["zvh", "politie-zwb", "ggz-wnb", "veilig-thuis-wbr"]
    ) as running:
        yield running


def pseudoniem_van(app: Registerapp, **persoon: Any) -> str:
    key = app.settings.pseudonym_key.get_secret_value().encode("utf-8")
    args: dict[str, Any] = {"bsn": None, "voornaam": "", "achternaam": "", "geboortedatum": None}
    return pseudoniem(key=key, **{**args, **persoon})


async def vraag(app: Registerapp, user: str, action: str, doel: str, **res: Any) -> bool:
    """One question to the PDP as ``user`` (logged); whether it was allowed."""
    request = DecisionRequest(action=action, resource=Resource(**res), context=Context(doel=doel))
    return (await app.decide(request, requester=als(user))).allow


async def rapport(app: Registerapp, body: dict[str, Any], user: str = "fg.devries") -> Any:
    return await app.client.post("/v1/inzage/persoon", json=body, headers=app.token(user))


async def test_the_fg_reports_every_decision_about_a_person_by_bsn(app: Registerapp) -> None:
    p = pseudoniem_van(app, bsn=BSN)
    q = pseudoniem_van(app, bsn=ANDER_BSN)
    melding = {"type": "melding", "item": "m-1", "eigenaar": "politie-zwb", "betrokkene": p}
    assert await vraag(app, "pr.jansen", "read", "triage", **melding)
    item = {"type": "informatie-item", "item": "i-1", "casus": "c-1", "categorie": "politie"}
    assert not await vraag(
        app, "ggz.mulder", "read", "casusoverleg", **item, eigenaar="politie-zwb", betrokkene=p
    )
    await vraag(app, "pr.jansen", "read", "triage", type="melding", item="m-2", betrokkene=q)
    await vraag(app, "pr.jansen", "read", "triage", type="melding", item="m-3")

    r = await rapport(app, {"bsn": BSN})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["betrokkene"] == p
    regels = body["regels"]
    assert [(x["resource_type"], x["user"], x["allow"]) for x in regels] == [
        ("inzagerapport", "fg.devries", True),  # the report itself is a decision about p
        ("informatie-item", "ggz.mulder", False),
        ("melding", "pr.jansen", True),
    ]
    assert all(set(x) == REGEL_VELDEN for x in regels)
    assert regels[0]["seq"] > regels[1]["seq"] > regels[2]["seq"]
    assert (regels[1]["eigenaar"], regels[1]["categorie"], regels[1]["casus"]) == (
        "politie-zwb",
        "politie",
        "c-1",
    )
    assert regels[2]["grondslag"] == "wettelijke taak / convenant"
    assert BSN not in r.text
    check = await app.client.get("/v1/decisions/verify", headers=app.token("fg.devries"))
    assert check.json()["ok"] is True


async def test_the_report_by_pseudonym_and_by_name(app: Registerapp) -> None:
    p = pseudoniem_van(app, bsn=BSN)
    await vraag(app, "pr.jansen", "read", "triage", type="melding", item="m-1", betrokkene=p)
    eerste = (await rapport(app, {"bsn": BSN})).json()
    r = await rapport(app, {"betrokkene": p})
    assert r.status_code == 200, r.text
    assert r.json()["betrokkene"] == p
    assert [x["seq"] for x in r.json()["regels"]][1:] == [x["seq"] for x in eerste["regels"]]

    naam = {"voornaam": "José", "achternaam": "de Vries", "geboortedatum": "1990-05-01"}
    n = pseudoniem_van(
        app, voornaam="jose", achternaam="De  Vries", geboortedatum=dt.date(1990, 5, 1)
    )
    await vraag(app, "pr.jansen", "read", "triage", type="melding", item="m-9", betrokkene=n)
    r = await rapport(app, naam)
    assert r.status_code == 200, r.text
    assert r.json()["betrokkene"] == n
    assert [x["item"] for x in r.json()["regels"]] == [None, "m-9"]


@pytest.mark.parametrize(
    ("body", "velden"),
    [
        ({"bsn": "111222334"}, ["bsn"]),  # fails the elfproef
        ({"bsn": "12345"}, ["bsn"]),
        ({}, [""]),
        ({"bsn": BSN, "betrokkene": "0" * 32}, [""]),
        ({"voornaam": "Jan"}, ["achternaam", "geboortedatum"]),
        ({"betrokkene": "XYZ"}, ["betrokkene"]),
        ({"bsn": 111222333}, ["bsn"]),
        ({"bsn": BSN, "naam": "x"}, ["naam"]),
        ({"voornaam": "Jan", "achternaam": "Bos", "geboortedatum": "gisteren"}, ["geboortedatum"]),
    ],
)
async def test_a_bad_question_is_a_dutch_422_and_not_logged(
    app: Registerapp, body: dict[str, Any], velden: list[str]
) -> None:
    r = await rapport(app, body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == "ongeldige inzagevraag"
    assert [f["veld"] for f in r.json()["fouten"]] == velden
    assert all(f["melding"] for f in r.json()["fouten"])
    assert "111222" not in r.text  # values are never echoed
    assert (await app.log.verify_chain()).count == 0


@pytest.mark.parametrize("user", ["pr.jansen", "agent.smit", "fg.politie", "vt.dewit"])
async def test_only_the_fg_of_the_zvh_gets_a_report(app: Registerapp, user: str) -> None:
    p = pseudoniem_van(app, bsn=BSN)
    r = await rapport(app, {"bsn": BSN}, user=user)
    assert r.status_code == 403, r.text
    assert r.json()["detail"].startswith("geweigerd")
    assert "regels" not in r.json()
    [refused] = await app.log.list(LogFilter())
    assert (refused.beslissing.user, refused.beslissing.allow) == (user, False)
    assert refused.beslissing.betrokkene == p


async def test_the_bsn_and_name_are_stored_and_logged_nowhere(
    app: Registerapp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    p = pseudoniem_van(app, bsn=BSN)
    await vraag(app, "pr.jansen", "read", "triage", type="melding", item="m-1", betrokkene=p)
    assert (await rapport(app, {"bsn": BSN})).status_code == 200
    assert (await rapport(app, {"bsn": BSN}, user="agent.smit")).status_code == 403
    naam = {"voornaam": "Zoë", "achternaam": "Zeldzaamheid", "geboortedatum": "1990-05-01"}
    assert (await rapport(app, naam)).status_code == 200
    await app.db.dispose()  # everything on disk, WAL included
    stored = alles_op_schijf(tmp_path)
    assert p.encode() in stored  # the search sees what is stored: the pseudonym is
    for geheim in (BSN, "Zeldzaamheid", "Zeldzaamheid".lower()):
        assert geheim.encode() not in stored, geheim
        assert geheim not in caplog.text, geheim


def alles_op_schijf(folder: Path) -> bytes:
    """Every byte the service wrote under ``folder`` (database, WAL, anything else)."""
    return b"".join(f.read_bytes() for f in folder.rglob("*") if f.is_file())


async def test_the_eigenaar_sees_only_its_own_items_read_by_others(app: Registerapp) -> None:
    t = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

    def b(n: int, **changes: Any) -> Any:
        base = dataclasses.replace(beslissing(n), decision_id=uuid.uuid4(), tijd=t)
        return dataclasses.replace(base, **changes)

    gelezen = b(1, org="ggz-wnb", user="ggz.mulder", resource_type="informatie-item")
    geweigerd = b(2, org="zvh", user="pr.jansen", allow=False, reasons=("nee",))
    eigen = b(3, org="politie-zwb", user="agent.smit")
    van_ggz = b(4, org="zvh", eigenaar="ggz-wnb")
    schrijven = b(5, org="zvh", action="write", resource_type="informatie-item")
    actielijst = b(6, org="ggz-wnb", resource_type="actielijst")
    await app.log.append_many([gelezen, geweigerd, eigen, van_ggz, schrijven, actielijst])

    async def overzicht(user: str, query: str = "") -> Any:
        return await app.client.get(f"/v1/inzage/eigenaar{query}", headers=app.token(user))

    r = await overzicht("agent.smit")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["eigenaar"], body["uitkomst"]) == ("politie-zwb", "toegestaan")
    assert [x["decision_id"] for x in body["regels"]] == [str(gelezen.decision_id)]
    assert set(body["regels"][0]) == REGEL_VELDEN
    r = await overzicht("agent.smit", "?uitkomst=geweigerd")
    assert [x["decision_id"] for x in r.json()["regels"]] == [str(geweigerd.decision_id)]
    r = await overzicht("agent.smit", "?uitkomst=alle&limit=1")
    assert [x["decision_id"] for x in r.json()["regels"]] == [str(geweigerd.decision_id)]
    r = await overzicht("ggz.mulder", "?uitkomst=alle")
    assert [x["decision_id"] for x in r.json()["regels"]] == [str(van_ggz.decision_id)]
    r = await overzicht("fg.devries", "?eigenaar=politie-zwb")
    assert [x["decision_id"] for x in r.json()["regels"]] == [str(gelezen.decision_id)]

    for user in ("vt.dewit", "pr.jansen"):
        r = await overzicht(user, "?eigenaar=politie-zwb")
        assert r.status_code == 403, user
        assert r.json()["detail"] == "geweigerd: u mag niet zien wie deze informatie las"
    r = await overzicht("agent.smit", "?uitkomst=misschien&eigenaar=Politie_ZWB")
    assert r.status_code == 422
    assert r.json()["fouten"] == [
        {"veld": "uitkomst", "melding": "kies toegestaan, geweigerd of alle"},
        {"veld": "eigenaar", "melding": "is geen geldige organisatiecode"},
    ]


async def test_the_pdp_logs_a_well_formed_pseudonym_only() -> None:
    log = MemoryDecisionLog()
    decide = Decide(
        engine=StaticEngine({"allow": False, "reasons": ["nee"], "obligations": []}),
        decision_log=log,
    )
    p = "0123456789abcdef0123456789abcdef"
    for betrokkene in (p, "0123456789ABCDEF0123456789ABCDEF", "kort", None):
        request = DecisionRequest(
            action="read",
            resource=Resource(type="melding", betrokkene=betrokkene),
            context=Context(doel="triage"),
        )
        await decide(request, requester=als("pr.jansen"))
    assert [s.beslissing.betrokkene for s in log.schakels] == [p, None, None, None]
