"""The registers' SQL adapters on real databases (SQLite and PostgreSQL), through the migrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.uow import ConsentUnitOfWork, uow_factory
from zvh_consent.domain.convenant import Convenantwijziging, nieuw_convenant
from zvh_consent.domain.doorbreking import Doorbreking, nieuwe_doorbreking
from zvh_contracts.vocab import DoorbrekingType
from zvh_platform.db import make_engine, run_migrations, session_factory

NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'consent.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[AsyncEngine]:
    await run_migrations(engine_url=db_url, script_location=MIGRATIONS)
    engine = make_engine(db_url)
    yield engine
    await engine.dispose()


def uow(db: AsyncEngine) -> ConsentUnitOfWork:
    return uow_factory(session_factory(db))()


async def test_convenant_round_trip_and_replace(db: AsyncEngine) -> None:
    eerst = nieuw_convenant(
        org="politie-zwb",
        van=dt.date(2026, 1, 1),
        tot=None,
        herzien_op=dt.date(2026, 6, 1),
        categorieen={"politie": "wettelijke taak (Wpg art. 19)", "algemeen": "convenant ZVH"},
    )
    async with uow(db) as u:
        assert await u.convenanten.aantal() == 0
        await u.convenanten.bewaar(eerst, op=NU, door="beheer.dekker")
        await u.convenanten.voeg_wijziging_toe(
            Convenantwijziging(
                org="politie-zwb",
                tijd=NU,
                door="beheer.dekker",
                door_org="zvh",
                actie="aangemaakt",
                wijzigingen={"van": [None, "2026-01-01"]},
            )
        )
        await u.commit()
    daarna = nieuw_convenant(
        org="politie-zwb",
        van=dt.date(2026, 1, 1),
        tot=dt.date(2026, 12, 31),
        herzien_op=dt.date(2026, 6, 1),
        categorieen={"justitie": "wettelijke taak (Wjsg)"},
    )
    async with uow(db) as u:
        assert await u.convenanten.get("politie-zwb") == eerst
        await u.convenanten.bewaar(daarna, op=NU, door="beheer.dekker")
        await u.commit()
    async with uow(db) as u:
        assert await u.convenanten.get("politie-zwb") == daarna
        assert await u.convenanten.lijst() == [daarna]
        assert await u.convenanten.get("ggz-wnb") is None
        [w] = await u.convenanten.wijzigingen("politie-zwb")
        assert w.tijd == NU and w.wijzigingen == {"van": [None, "2026-01-01"]} and w.seq


async def test_the_convenant_audit_is_append_only(db: AsyncEngine) -> None:
    async with uow(db) as u:
        await u.convenanten.voeg_wijziging_toe(
            Convenantwijziging(
                org="o-1", tijd=NU, door="a", door_org="zvh", actie="aangemaakt", wijzigingen={}
            )
        )
        await u.commit()
    for statement in (
        "UPDATE convenant_wijzigingen SET door = 'iemand anders'",
        "DELETE FROM convenant_wijzigingen",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            async with db.begin() as conn:
                await conn.execute(sa.text(statement))


async def test_toestemming_round_trip_history_and_lookup(db: AsyncEngine) -> None:
    from test_toestemmingen import maak
    from zvh_consent.adapters.db.toestemmingen import toestemmingen_van
    from zvh_consent.domain.toestemming import Toestemmingswijziging

    t = maak(document_referentie="DMS-1")
    ander = maak(betrokkene="f" * 32, casus=None, ontvanger=None, categorie=None)
    async with uow(db) as u:
        await u.toestemmingen.add(t)
        await u.toestemmingen.add(ander)
        await u.commit()
    weg = t.intrekken(door="pr.jansen", op=NU + dt.timedelta(hours=2))
    async with uow(db) as u:
        assert await u.toestemmingen.get(t.id) == t
        await u.toestemmingen.bewaar_status(weg)
        await u.toestemmingen.voeg_wijziging_toe(
            Toestemmingswijziging(
                toestemming_id=t.id,
                status=weg.status,
                tijd=weg.gewijzigd_op,
                door="pr.jansen",
                door_org="zvh",
            )
        )
        await u.commit()
    async with uow(db) as u:
        assert await u.toestemmingen.get(t.id) == weg
        [w] = await u.toestemmingen.wijzigingen(t.id)
        assert w.status is weg.status and w.tijd == weg.gewijzigd_op
        assert await u.toestemmingen.zoek(betrokkene=t.betrokkene, casus=None, limit=10) == [weg]
        assert await u.toestemmingen.zoek(betrokkene=None, casus=t.casus, limit=10) == [weg]
        per = await toestemmingen_van(u.session, {t.betrokkene, "f" * 32, "0" * 32})
        assert per == {t.betrokkene: [weg], "f" * 32: [ander]}
        assert await toestemmingen_van(u.session, set()) == {}


def doorbreking(uren: int | None, op: dt.datetime) -> Doorbreking:
    """vt.dewit (Veilig Thuis) opens politie-zwb's item ``i-1`` for ``uren`` (None: default)."""
    return nieuwe_doorbreking(
        type=DoorbrekingType.MELDCODE,
        reden="Signalen van kindermishandeling, informatie nodig voor weging.",
        casus=None,
        item="i-1",
        eigenaar="politie-zwb",
        duur_uren=uren,
        user="vt.dewit",
        org="veilig-thuis-wbr",
        op=op,
    )


async def test_doorbrekingen_list_and_active_lookup(db: AsyncEngine) -> None:
    from zvh_consent.adapters.db.doorbrekingen import actieve_doorbrekingen

    oud, nieuw = doorbreking(1, NU - dt.timedelta(hours=5)), doorbreking(4, NU)
    async with uow(db) as u:
        await u.doorbrekingen.add(oud)
        await u.doorbrekingen.add(nieuw)
        await u.commit()
    async with uow(db) as u:
        assert await u.doorbrekingen.lijst(casus=None, user=None, actief_op=None, limit=10) == [
            nieuw,
            oud,
        ]
        assert await u.doorbrekingen.lijst(casus=None, user="x", actief_op=None, limit=10) == []
        assert await u.doorbrekingen.lijst(casus=None, user=None, actief_op=NU, limit=10) == [nieuw]
        assert await actieve_doorbrekingen(u.session, user="vt.dewit", nu=NU) == [nieuw]
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        async with db.begin() as conn:
            await conn.execute(sa.text("DELETE FROM doorbrekingen"))


async def test_a_review_is_stored_once_and_read_with_its_doorbreking(db: AsyncEngine) -> None:
    """A second review is ``BestaatAl`` (the primary key), and the transaction goes on."""
    import dataclasses

    from zvh_consent.application.toegang import BestaatAl
    from zvh_consent.domain.beoordeling import Beoordeling, Oordeel, nieuwe_beoordeling

    d = doorbreking(None, NU)

    def review(oordeel: Oordeel) -> Beoordeling:
        return nieuwe_beoordeling(
            doorbreking_id=d.id,
            oordeel=oordeel,
            toelichting="",
            door="fg.devries",
            door_org="zvh",
            op=NU + dt.timedelta(hours=1),
        )

    eerste = review(Oordeel.TERECHT)
    async with uow(db) as u:
        await u.doorbrekingen.add(d)
        await u.commit()
    async with uow(db) as u:
        assert await u.doorbrekingen.get(d.id) == d
        await u.doorbrekingen.beoordeel(eerste)
        await u.commit()
    met = dataclasses.replace(d, beoordeling=eerste)
    async with uow(db) as u:
        with pytest.raises(BestaatAl):
            await u.doorbrekingen.beoordeel(review(Oordeel.ONTERECHT))
        assert await u.doorbrekingen.get(d.id) == met  # still usable after the refusal
        assert await u.doorbrekingen.lijst(casus=None, user=None, actief_op=None, limit=5) == [met]
        assert (
            await u.doorbrekingen.lijst(
                casus=None, user=None, actief_op=None, limit=5, onbeoordeeld=True
            )
            == []
        )
