"""The SQL adapters on real SQLite and PostgreSQL, with the schema from the Alembic migration."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from intake_fakes import FakeClock, FakePdp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from voorbeelden import bericht, melding_body
from zvh_contracts import topics
from zvh_contracts.pdp import Subject
from zvh_contracts.vocab import TriageUitkomst
from zvh_intake.adapters.db.tables import metadata
from zvh_intake.adapters.db.uow import uow_factory as make_uow_factory
from zvh_intake.application.intake import MeldingIntake, Verwerking
from zvh_intake.application.ports import UnitOfWorkFactory
from zvh_intake.application.queries import eerdere_meldingen, lees_melding
from zvh_intake.application.triage import TriageerMelding, triageer
from zvh_intake.domain.errors import AlGetrieerd
from zvh_intake.domain.model import MeldingStatus
from zvh_platform.db import (
    make_engine,
    outbox_table,
    platform_metadata,
    run_migrations,
    session_factory,
)

MIGRATIONS = Path(__file__).parents[1] / "src" / "zvh_intake" / "migrations"


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
def woken() -> list[int]:
    return []


@pytest.fixture
def sql_uow(sessions: async_sessionmaker[AsyncSession], woken: list[int]) -> UnitOfWorkFactory:
    return make_uow_factory(sessions, after_commit=lambda: woken.append(1))


@pytest.fixture
def intake(sql_uow: UnitOfWorkFactory, clock: FakeClock, partners: frozenset[str]) -> MeldingIntake:
    return MeldingIntake(uow_factory=sql_uow, pseudonym_key=b"k", partners=partners, clock=clock)


async def _outbox(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    async with sessions() as s:
        rows = await s.execute(
            select(outbox_table.c.topic, outbox_table.c.event_type).order_by(outbox_table.c.seq)
        )
        return [(r.topic, r.event_type) for r in rows]


async def test_migration_matches_the_table_definitions(engine: AsyncEngine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def diff(conn):  # type: ignore[no-untyped-def]
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        return compare_metadata(ctx, [metadata, platform_metadata])  # type: ignore[arg-type]

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_melding_roundtrip_with_outbox_and_pseudonyms(
    intake: MeldingIntake,
    sql_uow: UnitOfWorkFactory,
    sessions: async_sessionmaker[AsyncSession],
    woken: list[int],
) -> None:
    body = melding_body(
        betrokkenen=[
            {"rol": "client", "voornaam": "Jan", "achternaam": "Test", "bsn": "111222333"},
            {"rol": "kind", "voornaam": "Piet", "achternaam": "T", "geboortedatum": "2015-02-03"},
        ]
    )
    resultaat = await intake.verwerk(bericht(body))
    assert resultaat.verwerking is Verwerking.ONTVANGEN and resultaat.melding_id
    assert woken == [1]
    async with sql_uow() as uow:
        melding = await uow.meldingen.get(resultaat.melding_id)
        assert melding is not None
        assert melding.eigenaar == "politie-zwb"
        assert melding.inhoud["betrokkenen"][1]["voornaam"] == "Piet"
        assert melding.ontvangen_op.tzinfo is not None
        assert len(melding.pseudoniemen) == 2
        assert await uow.meldingen.met_pseudoniem(melding.pseudoniemen[0]) == [melding.id]
        again = await uow.meldingen.find_by_referentie(
            eigenaar="politie-zwb", melder_referentie="PL-2025-0001"
        )
        assert again == melding
        onbekend = uuid.uuid4()
        assert await uow.meldingen.get_many([onbekend, melding.id, melding.id]) == [melding]
        assert await uow.meldingen.get_many([]) == []
    assert await _outbox(sessions) == [
        (topics.partner_from_zvh("politie-zwb"), "zvh.partner.melding.ontvangen.v1"),
        (topics.INTAKE_MELDING, "zvh.intake.melding.ontvangen.v1"),
    ]


async def test_inbox_dedupe_and_same_referentie(
    intake: MeldingIntake, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ce_id = uuid.uuid4()
    eerste = await intake.verwerk(bericht(ce_id=ce_id))
    assert (await intake.verwerk(bericht(ce_id=ce_id))).verwerking is Verwerking.DUBBEL
    opnieuw = await intake.verwerk(bericht())
    assert opnieuw.verwerking is Verwerking.BESTAAND
    assert opnieuw.melding_id == eerste.melding_id
    assert len(await _outbox(sessions)) == 3  # receipt, intake event, second receipt


async def test_rejection_is_kept_with_the_raw_body(
    intake: MeldingIntake, sql_uow: UnitOfWorkFactory, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await intake.verwerk(bericht(b"\x00\xffnot json", offset=42))
    async with sql_uow() as uow:
        (kopie,) = await uow.onverwerkbaar.lijst()
    assert kopie.offset == 42 and kopie.partition == 0
    assert kopie.body_tekst is None and kopie.body_base64
    assert kopie.redenen[0].melding == "het bericht is geen geldige JSON"
    assert await _outbox(sessions) == [
        (topics.partner_from_zvh("politie-zwb"), "zvh.partner.melding.ontvangen.v1")
    ]


async def test_triage_persists_and_second_triage_is_refused(
    intake: MeldingIntake,
    sql_uow: UnitOfWorkFactory,
    clock: FakeClock,
    partners: frozenset[str],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    cmd = TriageerMelding(
        melding_id=mid,
        uitkomst=TriageUitkomst.ADVIES,
        ave_fase=None,
        client_geinformeerd=False,
        reden_niet_geinformeerd="veiligheid van de melder",
        herbeoordeling_op=None,
        uit_te_nodigen_partners=("ggz-wnb",),
        door="pr.jansen",
        advies="Bespreek het in het wijkteam.",
    )
    await triageer(cmd, uow_factory=sql_uow, clock=clock, partners=partners)
    with pytest.raises(AlGetrieerd):
        await triageer(cmd, uow_factory=sql_uow, clock=clock, partners=partners)
    async with sql_uow() as uow:
        (m,) = await uow.meldingen.lijst(status=MeldingStatus.GETRIEERD)
        te_trieren = await uow.meldingen.lijst(status=MeldingStatus.TE_TRIEREN)
    assert m.triage is not None and m.triage.uitkomst is TriageUitkomst.ADVIES
    assert m.triage.herbeoordeling_op is not None and m.triage.getrieerd_op.tzinfo is not None
    assert m.triage.uit_te_nodigen_partners == ("ggz-wnb",)
    assert te_trieren == []
    assert (m.triage.advies, m.triage.reden_terugverwijzing) == (
        "Bespreek het in het wijkteam.",
        None,
    )
    async with sessions() as s:
        count = await s.scalar(select(func.count()).select_from(outbox_table))
    assert count == 4  # receipt and ontvangen, then the terugmelding and getrieerd


async def test_lost_race_on_triage_is_detected(
    intake: MeldingIntake, sql_uow: UnitOfWorkFactory, clock: FakeClock
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    async with sql_uow() as uow:
        melding = await uow.meldingen.get(mid)
    assert melding is not None
    from zvh_intake.domain.model import Triage

    triage = Triage(
        uitkomst=TriageUitkomst.TERUGVERWEZEN,
        ave_fase=None,
        client_geinformeerd=True,
        reden_niet_geinformeerd=None,
        herbeoordeling_op=None,
        uit_te_nodigen_partners=(),
        getrieerd_door="pr.jansen",
        getrieerd_op=clock.now(),
    )
    getrieerd = melding.triageer(triage)
    async with sql_uow() as uow:
        assert await uow.meldingen.save_triage(getrieerd) is True
        assert await uow.meldingen.save_triage(getrieerd) is False
        await uow.commit()


async def test_bestaande_casus_and_eerdere_meldingen_in_sql(
    intake: MeldingIntake,
    sql_uow: UnitOfWorkFactory,
    clock: FakeClock,
    partners: frozenset[str],
) -> None:
    jan = {"rol": "client", "voornaam": "Jan", "achternaam": "de Vries", "bsn": "111222333"}
    els = {"rol": "kind", "voornaam": "Els", "achternaam": "Smit", "geboortedatum": "2015-05-05"}
    oud = await intake.verwerk(bericht(melding_body(melder_referentie="A", betrokkenen=[jan])))
    clock.advance(hours=1)
    nu = await intake.verwerk(bericht(melding_body(melder_referentie="B", betrokkenen=[els, jan])))
    assert oud.melding_id is not None and nu.melding_id is not None
    casus_id = uuid.uuid4()
    cmd = TriageerMelding(
        melding_id=oud.melding_id,
        uitkomst=TriageUitkomst.CASUS,
        ave_fase=3,
        client_geinformeerd=True,
        reden_niet_geinformeerd=None,
        herbeoordeling_op=None,
        uit_te_nodigen_partners=(),
        door="pr.jansen",
        bestaande_casus_id=casus_id,
    )
    await triageer(cmd, uow_factory=sql_uow, clock=clock, partners=partners)
    gelezen = await lees_melding(
        nu.melding_id,
        subject=Subject(user="pr.jansen", org="zvh", roles=["procesregisseur"]),
        doel="triage",
        token=None,
        uow_factory=sql_uow,
        pdp=FakePdp(allow=True),
    )
    (eerder,) = await eerdere_meldingen(gelezen, uow_factory=sql_uow)
    assert eerder.id == oud.melding_id
    assert eerder.triage is not None and eerder.triage.bestaande_casus_id == casus_id


async def test_informatie_items_roundtrip_with_the_eigenaars_controls(
    intake: MeldingIntake, sql_uow: UnitOfWorkFactory, clock: FakeClock
) -> None:
    els = {"rol": "kind", "voornaam": "Els", "achternaam": "Smit", "geboortedatum": "2015-05-05"}
    body = melding_body(betrokkenen=[*melding_body()["betrokkenen"], els], categorie="jeugd")
    mid = (await intake.verwerk(bericht(body))).melding_id
    assert mid is not None
    async with sql_uow() as uow:
        melding = await uow.meldingen.get(mid)
    assert melding is not None
    assert [(i.soort.value, i.positie, i.categorie.value) for i in melding.items] == [
        ("reden", 0, "jeugd"),
        ("betrokkene", 0, "jeugd"),
        ("betrokkene", 1, "jeugd"),
        ("leefgebieden", 0, "jeugd"),
    ]
    assert [i.betrokkene for i in melding.items][1:3] == list(melding.pseudoniemen)
    reden, jan = melding.items[0], melding.items[1]
    async with sql_uow() as uow:
        await uow.meldingen.save_item(
            reden.beperk(["zvh", "ggz-wnb"], door="a.smit", op=clock.now())
        )
        await uow.meldingen.save_item(jan.trek_in(door="a.smit", op=clock.now()))
        await uow.commit()
    async with sql_uow() as uow:
        (terug,) = await uow.meldingen.get_many([mid])
        (in_lijst,) = await uow.meldingen.lijst()
    assert terug == in_lijst
    assert terug.items[0].beperkt_tot == ("zvh", "ggz-wnb")
    assert terug.items[0].beperkt_door == "a.smit" and terug.items[0].beperkt_op == clock.now()
    assert terug.items[1].ingetrokken and terug.items[1].ingetrokken_op == clock.now()
    assert terug.items[2] == melding.items[2] and not terug.items[2].ingetrokken
    async with sql_uow() as uow:
        await uow.meldingen.save_item(
            terug.items[0].hef_beperking_op(door="a.smit", op=clock.now())
        )
        await uow.commit()
    async with sql_uow() as uow:
        opgeheven = await uow.meldingen.get(mid)
    assert opgeheven is not None and opgeheven.items[0].beperkt_tot is None


async def test_migration_gives_existing_meldingen_their_items(db_url: str) -> None:
    """A melding stored before 0005 gets reden, betrokkene and leefgebieden items with defaults."""
    import asyncio
    import json

    from alembic import command
    from sqlalchemy import text
    from zvh_intake.domain.informatie import ItemSoort, item_id
    from zvh_platform.migrations import alembic_config

    config = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, config, "0004_idem")
    engine = make_engine(db_url)
    oud, zonder = uuid.uuid4(), uuid.uuid4()
    inhoud = melding_body(
        betrokkenen=[
            {"rol": "client", "voornaam": "A", "achternaam": "B"},
            {"rol": "kind", "voornaam": "C", "achternaam": "B"},
        ],
        leefgebieden=["gezin", "verslaving"],
    )
    try:
        async with engine.begin() as conn:
            for mid, eigenaar, ref, tekst in (
                (oud, "gemeente-roosendaal", "R-1", json.dumps(inhoud)),
                (zonder, "ggz-wnb", "G-1", "{}"),
            ):
                await conn.execute(
                    text(
                        "INSERT INTO meldingen (id, eigenaar, melder_referentie, urgentie, "
                        "leefgebieden, inhoud, status, ontvangen_op, triage_uiterlijk) VALUES "
                        "(:id, :eigenaar, :ref, 'hoog', '[]', :inhoud, 'te-trieren', "
                        "'2025-03-12 09:30:00', '2025-03-13')"
                    ),
                    {"id": mid if "sqlite" not in db_url else mid.hex, "eigenaar": eigenaar,
                     "ref": ref, "inhoud": tekst},
                )  # fmt: skip
            await conn.execute(
                text(
                    "INSERT INTO betrokkene_pseudoniemen (melding_id, pseudoniem, positie) "
                    "VALUES (:m, 'p-a', 0), (:m, 'p-c', 1)"
                ),
                {"m": oud if "sqlite" not in db_url else oud.hex},
            )
        await run_migrations(engine_url=db_url, script_location=MIGRATIONS)
        sessions = session_factory(engine)
        async with make_uow_factory(sessions)() as uow:
            melding = await uow.meldingen.get(oud)
            leeg = await uow.meldingen.get(zonder)
    finally:
        await engine.dispose()
    assert melding is not None and leeg is not None
    assert [(i.soort.value, i.positie, i.betrokkene) for i in melding.items] == [
        ("reden", 0, None),
        ("betrokkene", 0, "p-a"),
        ("betrokkene", 1, "p-c"),
        ("leefgebieden", 0, None),
    ]
    assert [i.gevoeligheid.value for i in melding.items] == [
        "normaal", "normaal", "normaal", "bijzonder"  # verslaving is health data
    ]  # fmt: skip
    assert {(i.eigenaar, i.categorie.value, i.grondslag.value) for i in melding.items} == {
        ("gemeente-roosendaal", "algemeen", "convenant")
    }
    assert melding.items[1].id == item_id(oud, ItemSoort.BETROKKENE, 0)
    assert [(i.soort.value, i.categorie.value, i.gevoeligheid.value) for i in leeg.items] == [
        ("reden", "zorg", "bijzonder"),
        ("leefgebieden", "zorg", "bijzonder"),
    ]


async def test_tellingen_group_in_the_database_with_gemeente(
    intake: MeldingIntake, sql_uow: UnitOfWorkFactory, clock: FakeClock
) -> None:
    from datetime import UTC, datetime

    from zvh_intake.domain.rapportage import MeldingTelling

    for ref, gemeente in [("A-1", "GM0748"), ("A-2", "GM0748"), ("A-3", None)]:
        extra = {"gemeente": gemeente} if gemeente else {}
        await intake.verwerk(bericht(melding_body(melder_referentie=ref, **extra)))
    van, tot = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)
    async with sql_uow() as uow:
        melding = await uow.meldingen.find_by_referentie(
            eigenaar="politie-zwb", melder_referentie="A-1"
        )
        assert melding is not None and melding.gemeente == "GM0748"
        assert await uow.meldingen.tellingen(van=van, tot=tot) == [
            MeldingTelling(gemeente=None, melder="politie-zwb", uitkomst="te-trieren", aantal=1),
            MeldingTelling(
                gemeente="GM0748", melder="politie-zwb", uitkomst="te-trieren", aantal=2
            ),
        ]
        assert await uow.meldingen.tellingen(van=tot, tot=datetime(2025, 7, 1, tzinfo=UTC)) == []


async def test_in_casus_finds_persons_of_meldingen_triaged_as_casus(
    intake: MeldingIntake, sql_uow: UnitOfWorkFactory, clock: FakeClock, partners: frozenset[str]
) -> None:
    mid = (await intake.verwerk(bericht())).melding_id
    assert mid is not None
    async with sql_uow() as uow:
        melding = await uow.meldingen.get(mid)
        assert melding is not None
        pseudoniemen = list(melding.pseudoniemen)
        assert await uow.meldingen.in_casus(pseudoniemen) == set()  # not triaged yet
    cmd = TriageerMelding(
        melding_id=mid,
        uitkomst=TriageUitkomst.CASUS,
        ave_fase=3,
        client_geinformeerd=True,
        reden_niet_geinformeerd=None,
        herbeoordeling_op=None,
        uit_te_nodigen_partners=(),
        door="pr.jansen",
    )
    await triageer(cmd, uow_factory=sql_uow, clock=clock, partners=partners)
    async with sql_uow() as uow:
        assert await uow.meldingen.in_casus([*pseudoniemen, "onbekend"]) == set(pseudoniemen)
        assert await uow.meldingen.in_casus([]) == set()
