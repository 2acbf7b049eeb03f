"""Meldpunt agressie en geweld: domain rules, the SQL repository (SQLite and PostgreSQL), the
partner consumer (receipt, rejection, replay) and the HTTP API (fake PDP and the real policy)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakeConvenanten, FakePdp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from voorbeelden import BSN, bericht
from zvh_contracts import topics
from zvh_contracts.intake.vpt_v1 import VptIncidentGeregistreerd, VptNazorgGeregistreerd
from zvh_contracts.partner.vpt_incident_v1 import VptIncidentGemeld, VptIncidentOntvangen
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_intake.adapters.db.tables import vpt_incidenten
from zvh_intake.adapters.db.uow import uow_factory as make_uow_factory
from zvh_intake.application.intake import MeldingIntake, Verwerking
from zvh_intake.application.ports import UnitOfWorkFactory
from zvh_intake.application.vpt import VptMeldpunt
from zvh_intake.config import IntakeSettings
from zvh_intake.domain.vpt import (
    GeenCasemanager,
    NazorgContact,
    VptIncident,
    VptMelding,
    VptOngeldig,
    controleer,
    kies_casemanager,
    nazorg_termijnen,
    overzicht,
)
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_intake.entrypoints.vpt import make_vpt_router
from zvh_platform.auth import User, lokaal_token
from zvh_platform.db import make_engine, outbox_table, run_migrations, session_factory
from zvh_platform.kalender import NEDERLAND

MIGRATIONS = Path(__file__).parents[1] / "src" / "zvh_intake" / "migrations"
GEMEENTE = "gemeente-bergen-op-zoom"
TOPIC = topics.partner_to_zvh(GEMEENTE)
PARTNERS = frozenset({"zvh", GEMEENTE, "ggz-wnb", "politie-zwb"})
CASEMANAGERS = ("vpt.dewit", "vpt.smits")
#: Monday 24 November 2025, 10:30 in the Netherlands.
NU = datetime(2025, 11, 24, 9, 30, tzinfo=UTC)

YILMAZ = User(id="wt.yilmaz", naam="Yusuf Yilmaz", org=GEMEENTE, roles=["medewerker"])
PETERS = User(id="lg.peters", naam="Marieke Peters", org=GEMEENTE, roles=["leidinggevende"])
COLLEGA = User(id="gemeente.visser", naam="Lotte Visser", org=GEMEENTE, roles=["deelnemer"])
DEWIT = User(id="vpt.dewit", naam="Anouk de Wit", org="zvh", roles=["vpt-casemanager"])
SMITS = User(id="vpt.smits", naam="Joost Smits", org="zvh", roles=["vpt-casemanager"])
MULDER = User(id="ggz.mulder", naam="Daan Mulder", org="ggz-wnb", roles=["deelnemer"])
PR = User(id="pr.jansen", naam="Pieter Jansen", org="zvh", roles=["procesregisseur"])


def vpt_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "referentie": "GBZ-VPT-1",
        "gebeurd_op": "2025-11-24T10:15:00+01:00",
        "plaats": "Huisbezoek Lievevrouwestraat",
        "soorten": ["verbaal", "bedreiging"],
        "politie_ter_plaatse": False,
        "impact": 4,
        "toelichting": "Client dreigde mij iets aan te doen.",
        "medewerker": "Yusuf Yilmaz",
        "leidinggevende": "lg.peters",
        "client_bsn": BSN,
    }
    body.update(overrides)
    return body


def vpt_bericht(body: dict[str, Any] | None = None, **kw: Any) -> Any:
    return bericht(body or vpt_body(), topic=TOPIC, ce_type=VptIncidentGemeld.event_type, **kw)


# --- domain ---------------------------------------------------------------------------------


def test_nazorg_termijnen_on_a_normal_monday() -> None:
    eerste, week, zes = nazorg_termijnen(NU, NEDERLAND)
    assert (eerste.contact, eerste.uiterlijk) == (NazorgContact.EERSTE, date(2025, 11, 25))
    assert (week.contact, week.uiterlijk) == (NazorgContact.EEN_WEEK, date(2025, 12, 1))
    assert (zes.contact, zes.uiterlijk) == (NazorgContact.ZES_WEKEN, date(2026, 1, 5))


def test_eerste_contact_skips_christmas_and_the_weekend() -> None:
    # 23 Dec 23:30 UTC is 24 Dec in the Netherlands; 25/26 Dec are holidays, 27/28 a weekend.
    eerste, week, _ = nazorg_termijnen(datetime(2025, 12, 23, 23, 30, tzinfo=UTC), NEDERLAND)
    assert eerste.uiterlijk == date(2025, 12, 29)
    assert week.uiterlijk == date(2025, 12, 31)


def _melding(**kw: Any) -> VptMelding:
    waarden: dict[str, Any] = {
        "gebeurd_op": NU - timedelta(hours=1),
        "plaats": "kantoor",
        "soorten": ("verbaal",),
        "politie_ter_plaatse": False,
        "impact": 2,
        "medewerker": "Y",
    }
    waarden.update(kw)
    return VptMelding(**waarden)


def test_controleer_refuses_the_future_and_bad_values_per_field() -> None:
    controleer(_melding(), nu=NU)
    with pytest.raises(VptOngeldig) as exc:
        controleer(_melding(gebeurd_op=NU + timedelta(hours=2), soorten=(), impact=7), nu=NU)
    assert [(r.veld, r.melding) for r in exc.value.redenen] == [
        ("gebeurd_op", "ligt in de toekomst"),
        ("soorten", "kies minstens één soort incident"),
        ("impact", "moet een getal van 1 tot en met 5 zijn"),
    ]
    for gebeurd_op, tekst in [
        (datetime(2025, 11, 24, 9, 0), "moet een tijdstip met tijdzone zijn (ISO 8601)"),
        (datetime(1, 1, 2, tzinfo=UTC), "ligt meer dan tien jaar terug"),
    ]:
        with pytest.raises(VptOngeldig) as exc:
            controleer(_melding(gebeurd_op=gebeurd_op), nu=NU)
        assert [(r.veld, r.melding) for r in exc.value.redenen] == [("gebeurd_op", tekst)]


def test_casemanager_with_fewest_open_incidents_ties_in_region_order() -> None:
    assert kies_casemanager(CASEMANAGERS, {}) == "vpt.dewit"
    assert kies_casemanager(CASEMANAGERS, {"vpt.dewit": 1}) == "vpt.smits"
    assert kies_casemanager(CASEMANAGERS, {"vpt.dewit": 2, "vpt.smits": 2}) == "vpt.dewit"
    with pytest.raises(GeenCasemanager):
        kies_casemanager((), {})


def _incident(**kw: Any) -> VptIncident:
    waarden: dict[str, Any] = {
        "id": uuid.uuid4(),
        "organisatie": GEMEENTE,
        "gemeld_op": NU,
        "gebeurd_op": NU,
        "soorten": ("verbaal",),
        "politie_ter_plaatse": False,
        "impact": 3,
        "urgent": False,
        "casemanager": "vpt.dewit",
        "inhoud": {"plaats": "p", "toelichting": None, "medewerker": "m"},
        "nazorg": nazorg_termijnen(NU, NEDERLAND),
    }
    waarden.update(kw)
    return VptIncident(**waarden)


def test_overzicht_counts_one_org_and_year() -> None:
    incidenten = [
        _incident(soorten=("verbaal", "fysiek"), politie_ter_plaatse=True),
        _incident(soorten=("verbaal",), urgent=True),
        _incident(organisatie="ggz-wnb"),
        _incident(gemeld_op=datetime(2024, 12, 31, 23, 30, tzinfo=UTC)),  # 1 Jan 2025 in NL
    ]
    o = overzicht(incidenten, jaar=2025, organisatie=GEMEENTE, soorten=("verbaal", "fysiek"))
    assert (o.totaal, o.politie_ter_plaatse, o.urgent) == (3, 1, 1)
    assert dict(o.per_soort) == {"verbaal": 3, "fysiek": 1}


def test_incident_is_open_until_every_contact_is_done() -> None:
    i = _incident()
    for contact in NazorgContact:
        assert i.open
        i = i.met_nazorg(contact, op=date(2025, 11, 25), door="lg.peters")
    assert not i.open


# --- SQL (SQLite and PostgreSQL) -------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    await run_migrations(engine_url=db_url, script_location=MIGRATIONS)
    engine = make_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
def sql_uow(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    return make_uow_factory(sessions)


@pytest.fixture
def vpt_clock() -> FakeClock:
    return FakeClock(NU)


@pytest.fixture
def meldpunt(sql_uow: UnitOfWorkFactory, vpt_clock: FakeClock) -> VptMeldpunt:
    return VptMeldpunt(
        uow_factory=sql_uow, pseudonym_key=b"k", casemanagers=CASEMANAGERS, clock=vpt_clock
    )


@pytest.fixture
def intake(
    sql_uow: UnitOfWorkFactory, vpt_clock: FakeClock, meldpunt: VptMeldpunt
) -> MeldingIntake:
    return MeldingIntake(
        uow_factory=sql_uow, pseudonym_key=b"k", partners=PARTNERS, clock=vpt_clock, vpt=meldpunt
    )


async def _outbox(
    sessions: async_sessionmaker[AsyncSession],
) -> list[tuple[str, str, dict[str, Any]]]:
    async with sessions() as s:
        rows = await s.execute(
            select(outbox_table.c.topic, outbox_table.c.event_type, outbox_table.c.body).order_by(
                outbox_table.c.seq
            )
        )
        return [(r.topic, r.event_type, json.loads(r.body)) for r in rows]


async def test_repository_round_trip_nazorg_and_scoping(sql_uow: UnitOfWorkFactory) -> None:
    a = _incident(referentie="R-1", melder="wt.yilmaz", client_pseudoniem="ab" * 16)
    b = _incident(organisatie="ggz-wnb", casemanager="vpt.smits", gemeld_op=NU + timedelta(hours=1))
    async with sql_uow() as uow:
        await uow.vpt.add(a)
        await uow.vpt.add(b)
        await uow.commit()
    async with sql_uow() as uow:
        assert await uow.vpt.get(a.id) == a
        assert await uow.vpt.find_by_referentie(organisatie=GEMEENTE, referentie="R-1") == a
        assert await uow.vpt.find_by_referentie(organisatie="ggz-wnb", referentie="R-1") is None
        assert await uow.vpt.open_per_casemanager() == {"vpt.dewit": 1, "vpt.smits": 1}
        assert [i.id for i in await uow.vpt.voor(organisatie=GEMEENTE, user="x")] == [a.id]
        assert [i.id for i in await uow.vpt.voor(organisatie="zvh", user="vpt.smits")] == [b.id]
        both = await uow.vpt.voor(organisatie=GEMEENTE, user="vpt.smits")
        assert [i.id for i in both] == [b.id, a.id]  # newest first
        van = datetime(2025, 1, 1, tzinfo=UTC)
        tot = datetime(2026, 1, 1, tzinfo=UTC)
        assert [
            i.id for i in await uow.vpt.gemeld_tussen(organisatie=GEMEENTE, van=van, tot=tot)
        ] == [a.id]
    gedaan = a
    for contact in NazorgContact:
        gedaan = gedaan.met_nazorg(contact, op=date(2025, 11, 25), door="lg.peters")
        async with sql_uow() as uow:
            await uow.vpt.save_nazorg(gedaan, contact)
            await uow.commit()
    async with sql_uow() as uow:
        assert await uow.vpt.get(a.id) == gedaan
        assert await uow.vpt.open_per_casemanager() == {"vpt.smits": 1}


async def test_migration_matches_the_vpt_tables(engine: AsyncEngine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from zvh_intake.adapters.db.tables import metadata

    def diff(conn: Any) -> list[Any]:
        return [
            d
            for d in compare_metadata(MigrationContext.configure(conn), metadata)
            if "vpt" in str(d)
        ]

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []


# --- the partner consumer ------------------------------------------------------------------


async def test_receipt_stores_the_report_and_tells_the_chain_without_content(
    intake: MeldingIntake, sessions: async_sessionmaker[AsyncSession], sql_uow: UnitOfWorkFactory
) -> None:
    msg = vpt_bericht()
    resultaat = await intake.verwerk(msg)
    assert resultaat.verwerking is Verwerking.VPT_INCIDENT and resultaat.melding_id is not None
    [(t1, e1, intern), (t2, e2, antwoord)] = await _outbox(sessions)
    assert (t1, e1) == (topics.INTAKE_MELDING, VptIncidentGeregistreerd.event_type)
    geregistreerd = VptIncidentGeregistreerd.model_validate(intern)
    assert geregistreerd.incident_id == resultaat.melding_id
    assert (geregistreerd.organisatie, geregistreerd.melder) == (GEMEENTE, None)
    assert (geregistreerd.leidinggevende, geregistreerd.casemanager) == ("lg.peters", "vpt.dewit")
    assert [(n.contact.value, n.uiterlijk) for n in geregistreerd.nazorg] == [
        ("eerste", date(2025, 11, 25)),
        ("een-week", date(2025, 12, 1)),
        ("zes-weken", date(2026, 1, 5)),
    ]
    assert geregistreerd.client_pseudoniem and BSN not in json.dumps(intern)
    assert "Lievevrouwestraat" not in json.dumps(intern)
    assert (t2, e2) == (topics.partner_from_zvh(GEMEENTE), VptIncidentOntvangen.event_type)
    ontvangen = VptIncidentOntvangen.model_validate(antwoord)
    assert ontvangen.status.value == "ontvangen" and ontvangen.incident_id == resultaat.melding_id
    assert ontvangen.in_antwoord_op == msg.envelope.id and ontvangen.referentie == "GBZ-VPT-1"
    async with sessions() as s:
        [row] = (await s.execute(select(vpt_incidenten))).all()
    assert BSN not in json.dumps([str(v) for v in row])  # the BSN is never stored in clear


async def test_invalid_report_is_rejected_with_dutch_reasons(
    intake: MeldingIntake, sessions: async_sessionmaker[AsyncSession]
) -> None:
    resultaat = await intake.verwerk(
        vpt_bericht(vpt_body(impact=9, soorten=[], client_bsn="123456789"))
    )
    assert resultaat.verwerking is Verwerking.AFGEWEZEN
    [(topic, soort, body)] = await _outbox(sessions)
    assert (topic, soort) == (topics.partner_from_zvh(GEMEENTE), VptIncidentOntvangen.event_type)
    antwoord = VptIncidentOntvangen.model_validate(body)
    assert antwoord.status.value == "afgewezen" and antwoord.referentie == "GBZ-VPT-1"
    velden = {r.veld: r.melding for r in antwoord.redenen}
    assert set(velden) == {"impact", "soorten", "client_bsn"}
    assert "elfproef" in velden["client_bsn"]


async def test_future_incident_is_rejected_by_the_domain_rule(
    intake: MeldingIntake, sessions: async_sessionmaker[AsyncSession]
) -> None:
    resultaat = await intake.verwerk(vpt_bericht(vpt_body(gebeurd_op="2025-12-24T10:00:00+01:00")))
    assert resultaat.verwerking is Verwerking.AFGEWEZEN
    [(_, _, body)] = await _outbox(sessions)
    assert [(r["veld"], r["melding"]) for r in body["redenen"]] == [
        ("gebeurd_op", "ligt in de toekomst")
    ]


async def test_replays_give_the_same_incident(
    intake: MeldingIntake, sessions: async_sessionmaker[AsyncSession], sql_uow: UnitOfWorkFactory
) -> None:
    msg = vpt_bericht()
    eerste = await intake.verwerk(msg)
    assert (await intake.verwerk(msg)).verwerking is Verwerking.DUBBEL  # same ce_id
    opnieuw = await intake.verwerk(vpt_bericht())  # same referentie, another ce_id
    assert opnieuw.melding_id == eerste.melding_id
    uit = await _outbox(sessions)
    assert [s for _, s, _ in uit].count(VptIncidentGeregistreerd.event_type) == 1
    antwoorden = [b for _, s, b in uit if s == VptIncidentOntvangen.event_type]
    assert [a["incident_id"] for a in antwoorden] == [str(eerste.melding_id)] * 2


async def test_the_next_incident_goes_to_the_least_busy_casemanager(
    intake: MeldingIntake, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await intake.verwerk(vpt_bericht(vpt_body(referentie="A")))
    await intake.verwerk(vpt_bericht(vpt_body(referentie="B")))
    uit = [b for _, s, b in await _outbox(sessions) if s == VptIncidentGeregistreerd.event_type]
    assert [b["casemanager"] for b in uit] == ["vpt.dewit", "vpt.smits"]


async def test_without_meldpunt_the_report_is_rejected(
    sql_uow: UnitOfWorkFactory, vpt_clock: FakeClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    zonder = MeldingIntake(
        uow_factory=sql_uow, pseudonym_key=b"k", partners=PARTNERS, clock=vpt_clock
    )
    assert (await zonder.verwerk(vpt_bericht())).verwerking is Verwerking.AFGEWEZEN
    [(_, soort, _)] = await _outbox(sessions)
    assert soort == VptIncidentOntvangen.event_type


# --- the HTTP API ----------------------------------------------------------------------------


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


def vpt_regels(request: DecisionRequest) -> Decision | None:
    """A fake PDP with vpt.rego's rules in short (the real policy has its own tests)."""
    s, r = request.subject, request.resource
    assert s is not None
    eigen = r.eigenaar == s.org
    if r.type == "vpt-overzicht":
        ok = "vpt-casemanager" in s.roles or (
            "leidinggevende" in s.roles and r.organisatie == s.org
        )
    elif request.action == "write" and request.context.doel == "meldpunt":
        ok = eigen
    elif request.action == "write":
        ok = (eigen and "leidinggevende" in s.roles) or (s.org == "zvh" and r.casemanager == s.user)
    else:
        ok = (
            (eigen and r.melder == s.user)
            or (eigen and "leidinggevende" in s.roles)
            or (s.org == "zvh" and "vpt-casemanager" in s.roles and r.casemanager == s.user)
        )
    if ok:
        return Decision(
            allow=True, reasons=["ok"], obligations=["log-inzage"], decision_id=uuid.uuid4()
        )
    return Decision(allow=False, reasons=["geweigerd: niet voor jou"])


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=False, regel=vpt_regels)


@pytest.fixture
async def client(
    sql_uow: UnitOfWorkFactory, vpt_clock: FakeClock, pdp: FakePdp, meldpunt: VptMeldpunt
) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=sql_uow,
        pdp=pdp,
        clock=vpt_clock,
        partners=PARTNERS,
        convenanten=FakeConvenanten({}),
        vpt=meldpunt,
    )
    app.include_router(make_vpt_router(IntakeSettings(env="test"), deps=DepsHolder(deps)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as c:
        yield c


def api_body(**overrides: Any) -> dict[str, Any]:
    body = vpt_body(**overrides)
    for veld in ("referentie", "medewerker", "leidinggevende"):
        body.pop(veld)
    body.update(overrides)
    return body


async def _meld(client: httpx.AsyncClient, user: User = YILMAZ, **overrides: Any) -> dict[str, Any]:
    r = await client.post("/v1/vpt-incidenten", json=api_body(**overrides), headers=auth(user))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_token_is_required(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/vpt-incidenten")).status_code == 401


async def test_report_through_the_api_as_the_token_user(
    client: httpx.AsyncClient, pdp: FakePdp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    body = await _meld(client, leidinggevende="lg.peters")
    assert (body["organisatie"], body["melder"], body["medewerker"]) == (
        GEMEENTE,
        "wt.yilmaz",
        "Yusuf Yilmaz",
    )
    assert body["casemanager"] == "vpt.dewit" and body["client_pseudoniem"]
    assert [n["contact"] for n in body["nazorg"]] == ["eerste", "een-week", "zes-weken"]
    [schrijf] = pdp.asked(action="write", type="vpt-incident")
    assert (schrijf.resource.eigenaar, schrijf.context.doel) == (GEMEENTE, "meldpunt")
    [(topic, soort, intern)] = await _outbox(sessions)
    assert (topic, soort) == (topics.INTAKE_MELDING, VptIncidentGeregistreerd.event_type)
    assert intern["melder"] == "wt.yilmaz" and "Lievevrouwestraat" not in json.dumps(intern)


async def test_invalid_report_gets_dutch_field_errors(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/vpt-incidenten",
        json=api_body(impact=0, soorten=["schoppen"], gebeurd_op="gisteren"),
        headers=auth(YILMAZ),
    )
    assert r.status_code == 422
    velden = {x["veld"] for x in r.json()["redenen"]}
    assert {"impact", "soorten[0]", "gebeurd_op"} <= velden
    r = await client.post(
        "/v1/vpt-incidenten",
        json=api_body(gebeurd_op="2026-01-01T10:00:00+01:00"),
        headers=auth(YILMAZ),
    )
    assert r.status_code == 422
    assert r.json()["redenen"] == [{"veld": "gebeurd_op", "melding": "ligt in de toekomst"}]
    r = await client.post(
        "/v1/vpt-incidenten", json=api_body(gebeurd_op="2025-11-24T08:00:00"), headers=auth(YILMAZ)
    )
    assert r.status_code == 422 and r.json()["redenen"][0]["veld"] == "gebeurd_op"


async def test_a_retry_with_the_referentie_gives_the_incident_only_to_a_reader(
    client: httpx.AsyncClient,
) -> None:
    eerste = await _meld(client, referentie="EIGEN-1")
    r = await client.post(
        "/v1/vpt-incidenten", json=api_body(referentie="EIGEN-1"), headers=auth(YILMAZ)
    )
    assert r.status_code == 200 and r.json()["incident_id"] == eerste["incident_id"]
    r = await client.post(
        "/v1/vpt-incidenten", json=api_body(referentie="EIGEN-1"), headers=auth(COLLEGA)
    )
    assert r.status_code == 422
    assert r.json()["redenen"] == [
        {"veld": "referentie", "melding": "deze referentie is al gebruikt voor een andere melding"}
    ]
    assert eerste["incident_id"] not in r.text


async def test_who_reads_the_incident(client: httpx.AsyncClient) -> None:
    incident = (await _meld(client))["incident_id"]
    for user in (YILMAZ, PETERS, DEWIT):
        r = await client.get(f"/v1/vpt-incidenten/{incident}", headers=auth(user))
        assert r.status_code == 200, user.id
        assert r.json()["plaats"] == "Huisbezoek Lievevrouwestraat"
    for user in (COLLEGA, MULDER, SMITS, PR):
        r = await client.get(f"/v1/vpt-incidenten/{incident}", headers=auth(user))
        assert r.status_code == 403, user.id
        assert "plaats" not in r.text
    r = await client.get(f"/v1/vpt-incidenten/{uuid.uuid4()}", headers=auth(PETERS))
    assert r.status_code == 404


async def test_list_is_scoped_and_newest_first(
    client: httpx.AsyncClient, vpt_clock: FakeClock
) -> None:
    eerste = (await _meld(client))["incident_id"]  # -> vpt.dewit
    vpt_clock.advance(hours=1)
    tweede = (await _meld(client, user=COLLEGA))["incident_id"]  # -> vpt.smits

    async def ids(user: User) -> list[str]:
        r = await client.get("/v1/vpt-incidenten", headers=auth(user))
        assert r.status_code == 200
        return [i["incident_id"] for i in r.json()["incidenten"]]

    assert await ids(PETERS) == [tweede, eerste]
    assert await ids(YILMAZ) == [eerste]
    assert await ids(COLLEGA) == [tweede]
    assert await ids(DEWIT) == [eerste]
    assert await ids(SMITS) == [tweede]
    assert await ids(MULDER) == []
    assert await ids(PR) == []


async def test_nazorg_is_registered_once_and_told_to_the_chain(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    incident = (await _meld(client))["incident_id"]
    url = f"/v1/vpt-incidenten/{incident}/nazorg"
    nazorg = {"contact": "eerste", "op": "2025-11-24"}
    assert (await client.post(url, json=nazorg, headers=auth(YILMAZ))).status_code == 403
    assert (await client.post(url, json=nazorg, headers=auth(SMITS))).status_code == 403
    r = await client.post(url, json=nazorg, headers=auth(PETERS))
    assert r.status_code == 200
    eerste = r.json()["nazorg"][0]
    assert (eerste["gedaan_op"], eerste["door"]) == ("2025-11-24", "lg.peters")
    again = await client.post(
        url, json={"contact": "eerste", "op": "2025-11-24"}, headers=auth(DEWIT)
    )
    assert again.status_code == 200 and again.json()["nazorg"][0]["door"] == "lg.peters"
    uit = [b for _, s, b in await _outbox(sessions) if s == VptNazorgGeregistreerd.event_type]
    assert len(uit) == 1
    assert VptNazorgGeregistreerd.model_validate(uit[0]).door == "lg.peters"
    slecht = await client.post(
        url, json={"contact": "morgen", "op": "2025-11-30"}, headers=auth(PETERS)
    )
    assert slecht.status_code == 422
    toekomst = await client.post(
        url, json={"contact": "een-week", "op": "2025-11-30"}, headers=auth(PETERS)
    )
    assert toekomst.json()["redenen"] == [{"veld": "op", "melding": "ligt in de toekomst"}]


async def test_overzicht_counts_without_ids(client: httpx.AsyncClient) -> None:
    await _meld(client, soorten=["fysiek"], politie_ter_plaatse=True)
    await _meld(client, urgent=True)
    r = await client.get("/v1/vpt-overzicht", params={"jaar": 2025}, headers=auth(PETERS))
    assert r.status_code == 200
    o = r.json()
    assert (o["organisatie"], o["totaal"], o["politie_ter_plaatse"], o["urgent"]) == (
        GEMEENTE,
        2,
        1,
        1,
    )
    assert o["per_soort"]["fysiek"] == 1 and o["per_soort"]["bedreiging"] == 1
    assert "incident_id" not in r.text
    r = await client.get(
        "/v1/vpt-overzicht", params={"jaar": 2025, "organisatie": "ggz-wnb"}, headers=auth(PETERS)
    )
    assert r.status_code == 403
    r = await client.get(
        "/v1/vpt-overzicht", params={"jaar": 2025, "organisatie": GEMEENTE}, headers=auth(DEWIT)
    )
    assert r.status_code == 200 and r.json()["totaal"] == 2


# --- through the real policy (vpt.rego) -------------------------------------------------------


@pytest.fixture
async def rego_client(
    sql_uow: UnitOfWorkFactory, vpt_clock: FakeClock, meldpunt: VptMeldpunt
) -> AsyncIterator[httpx.AsyncClient]:
    from zvh_consent.testing import RegoPdp

    convenant = {"algemeen": "convenant ZVH"}
    rego = RegoPdp(convenanten={GEMEENTE: convenant, "ggz-wnb": convenant})
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=sql_uow,
        pdp=rego,
        clock=vpt_clock,
        partners=PARTNERS,
        convenanten=FakeConvenanten({}),
        vpt=meldpunt,
    )
    app.include_router(make_vpt_router(IntakeSettings(env="test"), deps=DepsHolder(deps)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as c:
        yield c


async def test_real_policy_only_melder_leidinggevende_and_assigned_casemanager_read(
    rego_client: httpx.AsyncClient,
) -> None:
    incident = (await _meld(rego_client))["incident_id"]
    gelezen = {
        u.id: (await rego_client.get(f"/v1/vpt-incidenten/{incident}", headers=auth(u))).status_code
        for u in (YILMAZ, PETERS, DEWIT, COLLEGA, MULDER, SMITS, PR)
    }
    assert gelezen == {
        "wt.yilmaz": 200,
        "lg.peters": 200,
        "vpt.dewit": 200,
        "gemeente.visser": 403,
        "ggz.mulder": 403,
        "vpt.smits": 403,
        "pr.jansen": 403,
    }
    lijst = await rego_client.get("/v1/vpt-incidenten", headers=auth(COLLEGA))
    assert lijst.json()["incidenten"] == []
    nazorg = {"contact": "eerste", "op": "2025-11-24"}
    url = f"/v1/vpt-incidenten/{incident}/nazorg"
    assert (await rego_client.post(url, json=nazorg, headers=auth(YILMAZ))).status_code == 403
    assert (await rego_client.post(url, json=nazorg, headers=auth(DEWIT))).status_code == 200
    # an employee of another organisation reports for the own one only
    r = await rego_client.post("/v1/vpt-incidenten", json=api_body(), headers=auth(MULDER))
    assert r.status_code == 201 and r.json()["organisatie"] == "ggz-wnb"
