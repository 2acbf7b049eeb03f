"""Triage Aanhoudingen in intake: the police's list in, marks and a melding out (fake ports),
and the SQL adapter on SQLite (and PostgreSQL when available) with the migration's schema."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from intake_fakes import FakeClock, FakeConvenanten, FakePdp, Store, verwachte_regels
from voorbeelden import bericht
from zvh_contracts import topics
from zvh_contracts.intake.melding_v1 import MeldingOntvangen
from zvh_contracts.partner.aanhouding_v1 import AanhoudingenIngediend
from zvh_contracts.partner.melding_v1 import MeldingOntvangen as Ontvangst
from zvh_intake.adapters.db.uow import uow_factory as make_uow_factory
from zvh_intake.application.aanhoudingen import MeldingRegels
from zvh_intake.application.intake import MeldingIntake, Verwerking
from zvh_intake.config import IntakeSettings
from zvh_intake.domain.aanhouding import (
    AanhoudingAfgerond,
    Aanhoudingslijst,
    Markering,
    is_politie,
    persoon_pseudoniem,
)
from zvh_intake.entrypoints.aanhoudingen import make_aanhoudingen_router
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_platform.auth import User, lokaal_token
from zvh_platform.db import make_engine, run_migrations, session_factory

TYPE = AanhoudingenIngediend.event_type
POLITIE = "zvh.partner.politie-zwb.to-zvh.v1"
SETTINGS = IntakeSettings(env="test")
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])
BEMOEIZORG = User(id="bz.willems", naam="B", org="bemoeizorg-wbr", roles=["deelnemer"])
AGENT = User(id="agent.smit", naam="K", org="politie-zwb", roles=["deelnemer"])
NOTULIST = User(id="nt.bakker", naam="N", org="zvh", roles=["notulist"])
MIGRATIONS = Path(__file__).parents[1] / "src" / "zvh_intake" / "migrations"
PARTNERS = frozenset({"zvh", "politie-zwb", "ggz-wnb", "bemoeizorg-wbr"})


def entry(aanhouding_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "aanhouding_id": aanhouding_id,
        "persoon_pseudoniem": "0123456789abcdef",
        "feitcodes": ["F110"],
        "tijdstip": "2025-03-12T02:15:00+01:00",
        **extra,
    }


def lijst_body(*entries: dict[str, Any], lijst_id: str = "PZWB-L-1", **extra: Any) -> bytes:
    body = {
        "lijst_id": lijst_id,
        "datum": "2025-03-12",
        "aanhoudingen": list(entries) or [entry("AH-1"), entry("AH-2", gemeente="GM0748")],
        **extra,
    }
    return json.dumps(body).encode()


def lijst_bericht(
    body: bytes | None = None, *, topic: str = POLITIE, ce_id: uuid.UUID | None = None
):  # type: ignore[no-untyped-def]
    return bericht(body or lijst_body(), topic=topic, ce_type=TYPE, ce_id=ce_id)


@pytest.fixture
def intake(uow_factory, clock: FakeClock) -> MeldingIntake:  # type: ignore[no-untyped-def]
    return MeldingIntake(
        uow_factory=uow_factory, pseudonym_key=b"k", partners=PARTNERS, clock=clock
    )


# --- domain -------------------------------------------------------------------------------------


def test_only_police_partners_submit_lists() -> None:
    assert is_politie("politie-zwb") and is_politie("politie-oost-brabant")
    assert not is_politie("bemoeizorg-wbr") and not is_politie("zvh")


def test_the_zvh_pseudonym_is_keyed_and_per_police_partner() -> None:
    a = persoon_pseudoniem(key=b"k", politie="politie-zwb", pseudoniem="0123456789abcdef")
    assert a == persoon_pseudoniem(key=b"k", politie="politie-zwb", pseudoniem="0123456789abcdef")
    assert a != persoon_pseudoniem(key=b"x", politie="politie-zwb", pseudoniem="0123456789abcdef")
    assert a != persoon_pseudoniem(key=b"k", politie="politie-nn", pseudoniem="0123456789abcdef")
    assert "0123456789abcdef" not in a


# --- the police list in -------------------------------------------------------------------------


async def test_a_police_list_is_stored_with_every_arrest_open(
    intake: MeldingIntake, store: Store
) -> None:
    resultaat = await intake.verwerk(lijst_bericht())
    assert resultaat.verwerking is Verwerking.AANHOUDINGEN
    [lijst] = store.lijsten.values()
    assert (lijst.politie, lijst.lijst_id, lijst.open, lijst.afgehandeld) == (
        "politie-zwb",
        "PZWB-L-1",
        2,
        0,
    )
    assert [a.gemeente for a in lijst.aanhoudingen] == [None, "GM0748"]
    assert store.meldingen == {} and store.outbox == []


async def test_a_replay_changes_nothing_and_a_resent_list_only_adds(
    intake: MeldingIntake,
    store: Store,
    uow_factory,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    ce_id = uuid.uuid4()
    await intake.verwerk(lijst_bericht(ce_id=ce_id))
    [lijst] = store.lijsten.values()
    eerste = lijst.aanhoudingen[0]
    async with uow_factory() as uow:
        await uow.aanhoudingen.save_markering(
            eerste.markeer(Markering.GEEN_ACTIE, door="pr.jansen", op=clock.now())
        )
        await uow.commit()
    assert (await intake.verwerk(lijst_bericht(ce_id=ce_id))).verwerking is Verwerking.DUBBEL
    meer = lijst_body(entry("AH-1"), entry("AH-2"), entry("AH-3"))
    assert (await intake.verwerk(lijst_bericht(meer))).verwerking is Verwerking.AANHOUDINGEN
    [lijst] = store.lijsten.values()
    assert [a.aanhouding_id for a in lijst.aanhoudingen] == ["AH-1", "AH-2", "AH-3"]
    assert lijst.aanhoudingen[0].markering is Markering.GEEN_ACTIE  # the mark was kept


@pytest.mark.parametrize(
    ("topic", "body", "veld", "tekst"),
    [
        (
            "zvh.partner.ggz-wnb.to-zvh.v1",
            None,
            "ce_type",
            "alleen de politie levert een lijst met aanhoudingen aan",
        ),
        (POLITIE, lijst_body(entry("AH-1", omschrijving="sloeg zijn buurman")), "", ""),
        (POLITIE, lijst_body(entry("AH-1", persoon_pseudoniem="Jan de Vries")), "", ""),
        (POLITIE, lijst_body(toelichting="drukke nacht"), "", ""),
    ],
)
async def test_a_bad_list_is_kept_and_answered_with_dutch_reasons(
    intake: MeldingIntake, store: Store, topic: str, body: bytes | None, veld: str, tekst: str
) -> None:
    resultaat = await intake.verwerk(lijst_bericht(body, topic=topic))
    assert resultaat.verwerking is Verwerking.AFGEWEZEN
    assert store.lijsten == {}
    [kopie] = store.onverwerkbaar
    assert kopie.redenen == resultaat.redenen
    [antwoord] = store.outbox
    assert isinstance(antwoord.event, Ontvangst) and antwoord.event.status.value == "afgewezen"
    assert antwoord.topic == topic.replace("to-zvh", "from-zvh")
    if tekst:
        assert (resultaat.redenen[0].veld, resultaat.redenen[0].melding) == (veld, tekst)
    else:  # pydantic's English never reaches the police: every reason is in Dutch
        assert all(
            "should" not in r.melding and "Extra" not in r.melding for r in resultaat.redenen
        )


# --- the API: list, mark, melding aanmaken ------------------------------------------------------


def auth(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp(allow=False, regel=verwachte_regels)


@pytest.fixture
async def client(uow_factory, clock: FakeClock, pdp: FakePdp) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    app = FastAPI()
    deps = IntakeDeps(
        uow_factory=uow_factory,
        pdp=pdp,
        clock=clock,
        partners=PARTNERS,
        convenanten=FakeConvenanten({}),
        melding_regels=MeldingRegels(pseudonym_key=b"k"),
    )
    app.include_router(make_router(SETTINGS, deps=DepsHolder(deps)))
    app.include_router(make_aanhoudingen_router(SETTINGS, deps=DepsHolder(deps)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as c:
        yield c


@pytest.fixture
async def lijst(intake: MeldingIntake, store: Store) -> Aanhoudingslijst:
    await intake.verwerk(lijst_bericht())
    [lijst] = store.lijsten.values()
    return lijst


async def test_procesregisseur_and_bemoeizorg_see_today_and_yesterday(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst, clock: FakeClock
) -> None:
    for user in (PR, BEMOEIZORG):
        r = await client.get("/v1/aanhoudingen", headers=auth(user))
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["open"], body["afgehandeld"]) == (2, 0)
        assert [e["aanhouding_id"] for e in body["lijsten"][0]["aanhoudingen"]] == ["AH-1", "AH-2"]
    clock.advance(days=1)  # yesterday's list still shows
    r = await client.get("/v1/aanhoudingen", headers=auth(PR))
    assert len(r.json()["lijsten"]) == 1
    clock.advance(days=1)  # the day before yesterday's does not, unless asked for
    assert (await client.get("/v1/aanhoudingen", headers=auth(PR))).json()["lijsten"] == []
    r = await client.get("/v1/aanhoudingen?datum=2025-03-12", headers=auth(PR))
    assert len(r.json()["lijsten"]) == 1


@pytest.mark.parametrize(
    ("query", "tekst"),
    [
        ("datum=2025-02-30", "moet een bestaande datum zijn (JJJJ-MM-DD)"),
        ("datum=12-03-2025", "moet een bestaande datum zijn (JJJJ-MM-DD)"),
        ("datum=2025-03-12T00:00", "moet een bestaande datum zijn (JJJJ-MM-DD)"),
        ("&".join(["datum=2025-03-12"] * 15), "vraag hoogstens 14 dagen tegelijk op"),
    ],
)
async def test_a_bad_day_gets_a_dutch_reason(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst, query: str, tekst: str
) -> None:
    r = await client.get(f"/v1/aanhoudingen?{query}", headers=auth(PR))
    assert r.status_code == 422
    assert r.json()["redenen"] == [{"veld": "datum", "melding": tekst}]


@pytest.mark.parametrize("user", [AGENT, NOTULIST])
async def test_other_roles_are_refused_with_the_pdps_reasons(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst, user: User
) -> None:
    r = await client.get("/v1/aanhoudingen", headers=auth(user))
    assert r.status_code == 403 and r.json()["reasons"]
    aanhouding = lijst.aanhoudingen[0].id
    r = await client.post(
        f"/v1/aanhoudingen/{aanhouding}/markering",
        json={"markering": "geen-actie"},
        headers=auth(user),
    )
    assert r.status_code == 403


async def test_a_mark_records_who_and_when_and_counts_as_done(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst, clock: FakeClock, store: Store
) -> None:
    aanhouding = lijst.aanhoudingen[1].id
    r = await client.post(
        f"/v1/aanhoudingen/{aanhouding}/markering",
        json={"markering": "bemoeizorg-gaat-langs"},
        headers=auth(BEMOEIZORG),
    )
    assert r.status_code == 200, r.text
    assert r.json()["gemarkeerd_door"] == "bz.willems"
    assert datetime.fromisoformat(r.json()["gemarkeerd_op"]) == clock.now()
    body = (await client.get("/v1/aanhoudingen", headers=auth(PR))).json()
    assert (body["open"], body["afgehandeld"]) == (1, 1)
    assert store.meldingen == {}  # only "melding aanmaken" makes a melding


async def test_melding_aanmaken_makes_a_police_melding_in_the_triage_queue(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst, store: Store
) -> None:
    aanhouding = lijst.aanhoudingen[1]
    pad = f"/v1/aanhoudingen/{aanhouding.id}/markering"
    r = await client.post(pad, json={"markering": "melding-aanmaken"}, headers=auth(PR))
    assert r.status_code == 200, r.text
    melding_id = uuid.UUID(r.json()["melding_id"])
    melding = store.meldingen[melding_id]
    assert (melding.eigenaar, melding.melder_referentie) == ("politie-zwb", "aanhouding:AH-2")
    assert "F110" in melding.inhoud["reden"] and "GM0748" in melding.inhoud["reden"]
    assert melding.pseudoniemen == (
        persoon_pseudoniem(key=b"k", politie="politie-zwb", pseudoniem="0123456789abcdef"),
    )
    [uit] = store.outbox
    assert isinstance(uit.event, MeldingOntvangen) and uit.topic == topics.INTAKE_MELDING
    assert uit.event.melder == "politie-zwb" and uit.event.melding_id == melding_id
    queue = (await client.get("/v1/meldingen", headers=auth(PR))).json()
    assert [m["melding_id"] for m in queue] == [str(melding_id)]
    # final: no second melding, no other mark
    for keuze in ("melding-aanmaken", "geen-actie"):
        r = await client.post(pad, json={"markering": keuze}, headers=auth(PR))
        assert r.status_code == 409 and "al een melding" in r.json()["detail"]
    assert len(store.meldingen) == 1


async def test_the_same_arrest_on_another_list_links_to_the_same_melding(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst, intake: MeldingIntake, store: Store
) -> None:
    await intake.verwerk(lijst_bericht(lijst_body(entry("AH-2"), lijst_id="PZWB-L-2")))
    ids = [
        a.id
        for lst in store.lijsten.values()
        for a in lst.aanhoudingen
        if a.aanhouding_id == "AH-2"
    ]
    assert len(ids) == 2
    meldingen = set()
    for aanhouding in ids:
        r = await client.post(
            f"/v1/aanhoudingen/{aanhouding}/markering",
            json={"markering": "melding-aanmaken"},
            headers=auth(PR),
        )
        assert r.status_code == 200, r.text
        meldingen.add(r.json()["melding_id"])
    assert len(meldingen) == 1 and len(store.meldingen) == 1 and len(store.outbox) == 1


async def test_bad_marks_get_dutch_errors(
    client: httpx.AsyncClient, lijst: Aanhoudingslijst
) -> None:
    pad = f"/v1/aanhoudingen/{lijst.aanhoudingen[0].id}/markering"
    for body in ({"markering": "open"}, {"markering": "opsluiten"}, {}):
        r = await client.post(pad, json=body, headers=auth(PR))
        assert r.status_code == 422 and r.json()["detail"] == "markering ongeldig"
        assert r.json()["redenen"][0]["veld"] == "markering"
    r = await client.post(
        f"/v1/aanhoudingen/{uuid.uuid4()}/markering",
        json={"markering": "geen-actie"},
        headers=auth(PR),
    )
    assert r.status_code == 404 and r.json()["detail"] == "aanhouding niet gevonden"


def test_a_melding_cannot_be_unmade() -> None:
    from zvh_intake.domain.aanhouding import Aanhouding

    nu = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
    a = Aanhouding(
        id=uuid.uuid4(),
        lijst=uuid.uuid4(),
        aanhouding_id="AH-1",
        persoon_pseudoniem="0123456789abcdef",
        feitcodes=("F110",),
        tijdstip=nu,
    )
    gemeld = a.markeer(Markering.MELDING_AANMAKEN, door="pr", op=nu, melding_id=uuid.uuid4())
    with pytest.raises(AanhoudingAfgerond):
        gemeld.markeer(Markering.GEEN_ACTIE, door="pr", op=nu)
    with pytest.raises(ValueError, match="geen keuze"):
        a.markeer(Markering.OPEN, door="pr", op=nu)


# --- the SQL adapter ----------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}"
    return str(request.getfixturevalue("pg_url"))


async def test_the_sql_adapter_keeps_lists_marks_and_the_final_mark(
    db_url: str, clock: FakeClock
) -> None:
    await run_migrations(engine_url=db_url, script_location=MIGRATIONS)
    engine = make_engine(db_url)
    try:
        uows = make_uow_factory(session_factory(engine))
        intake = MeldingIntake(uow_factory=uows, pseudonym_key=b"k", partners=PARTNERS, clock=clock)
        await intake.verwerk(lijst_bericht())
        await intake.verwerk(lijst_bericht(lijst_body(entry("AH-1"), entry("AH-3"))))
        async with uows() as uow:
            [lijst] = await uow.aanhoudingen.op_datums([clock.now().date()])
            assert [a.aanhouding_id for a in lijst.aanhoudingen] == ["AH-1", "AH-2", "AH-3"]
            assert lijst.aanhoudingen[1].gemeente == "GM0748"
            a = lijst.aanhoudingen[0]
            gemeld = a.markeer(
                Markering.MELDING_AANMAKEN, door="pr", op=clock.now(), melding_id=uuid.uuid4()
            )
            assert await uow.aanhoudingen.save_markering(gemeld)
            assert not await uow.aanhoudingen.save_markering(
                a.markeer(Markering.GEEN_ACTIE, door="pr", op=clock.now())
            )
            await uow.commit()
        async with uows() as uow:
            terug = await uow.aanhoudingen.get(a.id)
            assert terug is not None and terug.markering is Markering.MELDING_AANMAKEN
            assert terug.gemarkeerd_op == clock.now() and terug.melding_id == gemeld.melding_id
            assert await uow.aanhoudingen.op_datums([]) == []
    finally:
        await engine.dispose()
