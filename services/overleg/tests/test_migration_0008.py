"""Migration 0008_informatie: informatie-items record gevoeligheid, grondslag and the eigenaar's
controls; existing rows get the defaults (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import zvh_overleg
from alembic import command
from overleg_fakes import NU
from sqlalchemy import String, Uuid, column, insert, select, table
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_overleg.adapters.db.tables import (
    acties,
    casussen,
    informatie_items,
    terugkoppelingen,
)
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.domain.bouwschema import (
    Categorie,
    Gevoeligheid,
    Informatieitem,
    Onderdeel,
    standaard_gevoeligheid,
)
from zvh_overleg.domain.model import ActieStatus, Terugkoppeling
from zvh_platform.db import UtcDateTime
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"

#: The two tables with only the columns 0007 knows.
ITEMS_0007 = table(
    "informatie_items",
    *(column(n, Uuid) for n in ("item_id", "casus_id")),
    *(column(n, String) for n in ("onderdeel", "eigenaar", "categorie", "tekst")),
    column("ingebracht_op", UtcDateTime),
    column("vastgelegd_door", String),
)
TERUGKOPPELINGEN_0007 = table(
    "terugkoppelingen",
    *(column(n, Uuid) for n in ("terugkoppeling_id", "actie_id", "casus_id")),
    *(column(n, String) for n in ("door", "status", "toelichting")),
    column("ontvangen_op", UtcDateTime),
)


def test_default_gevoeligheid_per_categorie() -> None:
    assert standaard_gevoeligheid(Categorie.ZORG) is Gevoeligheid.BIJZONDER
    assert standaard_gevoeligheid(Categorie.JUSTITIE) is Gevoeligheid.STRAFRECHTELIJK
    for categorie in set(Categorie) - {Categorie.ZORG, Categorie.JUSTITIE}:
        assert standaard_gevoeligheid(categorie) is Gevoeligheid.NORMAAL


async def test_existing_items_and_toelichtingen_get_defaults(db_url: str) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0007_idem")
    casus_id, actie_id = uuid.uuid4(), uuid.uuid4()
    zorg, justitie, wonen, tk = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(casussen).values(
                    casus_id=casus_id,
                    melding_id=uuid.uuid4(),
                    melder="politie-zwb",
                    ave_fase=3,
                    client_geinformeerd=True,
                    geopend_op=NU,
                    geopend_door="pr.jansen",
                )
            )
            for item_id, categorie in ((zorg, "zorg"), (justitie, "justitie"), (wonen, "wonen")):
                await conn.execute(
                    insert(ITEMS_0007).values(
                        item_id=item_id,
                        casus_id=casus_id,
                        onderdeel="beeld",
                        eigenaar="ggz-wnb",
                        categorie=categorie,
                        tekst="x",
                        ingebracht_op=NU,
                        vastgelegd_door="notulist.bakker",
                    )
                )
            await conn.execute(
                insert(acties).values(
                    actie_id=actie_id,
                    casus_id=casus_id,
                    wat="huisbezoek",
                    wie="ggz-wnb",
                    wanneer=date(2030, 3, 5),
                    status="niet-mogelijk",
                    toegewezen_op=NU,
                )
            )
            await conn.execute(
                insert(TERUGKOPPELINGEN_0007).values(
                    terugkoppeling_id=tk,
                    actie_id=actie_id,
                    casus_id=casus_id,
                    door="ggz-wnb",
                    status="niet-mogelijk",
                    toelichting="opgenomen",
                    ontvangen_op=NU,
                )
            )
        await asyncio.to_thread(command.upgrade, cfg, "0008_informatie")
        async with engine.connect() as conn:
            items = {
                r.item_id: r
                for r in (await conn.execute(select(informatie_items))).all()  # all columns
            }
            [toelichting] = (await conn.execute(select(terugkoppelingen))).all()
    finally:
        await engine.dispose()
    assert items[zorg].gevoeligheid == "bijzonder"
    assert items[justitie].gevoeligheid == "strafrechtelijk"
    assert items[wonen].gevoeligheid == "normaal"
    for r in items.values():
        assert (r.grondslag, r.beperkt_tot, r.ingetrokken) == ("convenant", None, False)
    assert (toelichting.categorie, toelichting.gevoeligheid, toelichting.grondslag) == (
        "algemeen",
        "normaal",
        "convenant",
    )
    assert (toelichting.beperkt_tot, toelichting.ingetrokken) == (None, False)


async def test_item_and_toelichting_round_trip_the_new_fields(sessions) -> None:  # type: ignore[no-untyped-def]
    from overleg_fakes import FixedClock as Clock
    from overleg_fakes import getrieerd
    from zvh_overleg.application.handlers import casus_id_for, handle_melding_event

    uow = uow_factory(sessions)
    event = getrieerd()
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
    casus_id = casus_id_for(event.melding_id)
    item = Informatieitem(
        item_id=uuid.uuid4(),
        casus_id=casus_id,
        onderdeel=Onderdeel.BEELD,
        eigenaar="ggz-wnb",
        categorie=Categorie.ZORG,
        tekst="in behandeling",
        ingebracht_op=NU,
        vastgelegd_door="notulist.bakker",
        gevoeligheid=Gevoeligheid.BIJZONDER,
        grondslag="toestemming",
        beperkt_tot=("zvh", "politie-zwb"),
        ingetrokken=True,
    )
    async with uow() as tx:
        await tx.informatie.add(item)
        casus = await tx.casussen.get(casus_id)
        assert casus is not None
        actie = casus.nieuwe_actie(
            actie_id=uuid.uuid4(),
            wat="huisbezoek",
            wie="ggz-wnb",
            wanneer=date(2030, 3, 5),
            vandaag=date(2030, 3, 1),
            toegewezen_op=NU,
        )
        await tx.casussen.add_actie(actie)
        terugkoppeling = Terugkoppeling(
            terugkoppeling_id=uuid.uuid4(),
            actie_id=actie.actie_id,
            casus_id=casus_id,
            door="ggz-wnb",
            status=ActieStatus.LOOPT,
            toelichting="cliënt opgenomen",
            ontvangen_op=NU,
            categorie=Categorie.ZORG,
            gevoeligheid=Gevoeligheid.BIJZONDER,
            beperkt_tot=("zvh",),
        )
        await tx.casussen.add_terugkoppeling(terugkoppeling)
        await tx.commit()
    async with uow() as tx:
        assert await tx.informatie.get(item.item_id) == item
        assert await tx.casussen.terugkoppelingen_van_casus(casus_id) == [terugkoppeling]
        ongewijzigd = replace(item, item_id=uuid.uuid4(), beperkt_tot=None, ingetrokken=False)
        await tx.informatie.add(ongewijzigd)
        await tx.commit()
    async with uow() as tx:
        assert await tx.informatie.get(ongewijzigd.item_id) == ongewijzigd
