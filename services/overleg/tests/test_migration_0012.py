"""Migration 0012_termijnregistratie: a casus opened before has no registrations (its termijnen
stay open); recorded events are read back in order with who and when, and the migration goes
down again (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from pathlib import Path

import zvh_overleg
from alembic import command
from migration_helpers import voeg_oude_casus_toe
from overleg_fakes import NU
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.termijnstatus import termijnstatus
from zvh_overleg.domain.termijnregistratie import Gebeurtenis as G
from zvh_platform.db import session_factory
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"


async def test_an_older_casus_has_no_registrations_and_new_ones_are_kept(db_url: str) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0011_casemanagementmodel")
    casus_id = uuid.uuid4()
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, casus_id)  # opened Monday 4 March 2030
        await asyncio.to_thread(command.upgrade, cfg, "0012_termijnregistratie")
        # the repository reads today's columns: bring the schema up to date (later migrations
        # only add columns an older casus leaves empty)
        await asyncio.to_thread(command.upgrade, cfg, "heads")
        uow = uow_factory(session_factory(engine))
        async with uow() as tx:
            oud = await tx.casussen.get(casus_id)
        assert oud is not None and oud.termijnregistraties == []
        assert [t.status for t in termijnstatus(oud, nu=NU)] == ["open", "open"]

        async with uow() as tx:
            casus = await tx.casussen.get(casus_id)
            assert casus is not None
            for g, dag in (
                (G.EERSTE_CONTACT, date(2030, 3, 4)),
                (G.HULP_GESTART, date(2030, 3, 4)),
                (G.EERSTE_CONTACT, date(2030, 3, 5)),  # a correction
            ):
                casus.registreer_termijn(
                    g,
                    op=dag,
                    geopend=date(2030, 3, 4),
                    vandaag=date(2030, 3, 5),
                    door="pr.jansen",
                    vastgelegd_op=NU,
                )
            await tx.casussen.save(casus)
            await tx.commit()
        async with uow() as tx:
            gelezen = await tx.casussen.get(casus_id)
        assert gelezen is not None
        assert [
            (r.gebeurtenis, r.op, r.door, r.vastgelegd_op) for r in gelezen.termijnregistraties
        ] == [
            (G.EERSTE_CONTACT, date(2030, 3, 4), "pr.jansen", NU),
            (G.HULP_GESTART, date(2030, 3, 4), "pr.jansen", NU),
            (G.EERSTE_CONTACT, date(2030, 3, 5), "pr.jansen", NU),
        ]
        assert gelezen.geregistreerd_op(G.EERSTE_CONTACT) == date(2030, 3, 5)
        # many casussen at once (lists, the dashboard); one without registrations is absent
        async with uow() as tx:
            veel = await tx.casussen.termijnregistraties([casus_id, uuid.uuid4()])
            licht = await tx.casussen.get(casus_id, historie=False)
        assert list(veel) == [casus_id]
        assert veel[casus_id] == gelezen.termijnregistraties
        assert licht is not None and licht.termijnregistraties == gelezen.termijnregistraties

        # saving again (another change) adds nothing twice
        async with uow() as tx:
            opnieuw = await tx.casussen.get(casus_id)
            assert opnieuw is not None
            await tx.casussen.save(opnieuw)
            await tx.commit()
        async with uow() as tx:
            na = await tx.casussen.get(casus_id)
        assert na is not None and len(na.termijnregistraties) == 3

        await asyncio.to_thread(command.downgrade, cfg, "0011_casemanagementmodel")
        async with engine.connect() as conn:
            tabellen = await conn.run_sync(lambda c: inspect(c).get_table_names())
        assert "termijnregistraties" not in tabellen
    finally:
        await engine.dispose()
