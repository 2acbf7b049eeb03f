"""Migration 0009_betrokkenen: a casus keeps its betrokkenen's pseudonyms; one opened before
has none (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import zvh_overleg
from alembic import command
from migration_helpers import voeg_oude_casus_toe
from overleg_fakes import FixedClock as Clock
from overleg_fakes import getrieerd
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_overleg.adapters.db.tables import casussen
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import handle_melding_event
from zvh_platform.db import session_factory
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"
A, B = "a" * 32, "b" * 32


async def test_an_older_casus_has_no_betrokkenen_and_gets_those_of_a_new_melding(
    db_url: str,
) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0008_informatie")
    casus_id = uuid.uuid4()
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, casus_id)
        await asyncio.to_thread(command.upgrade, cfg, "0009_betrokkenen")
        async with engine.connect() as conn:
            [rij] = (await conn.execute(select(casussen.c.betrokkenen))).all()
        assert rij.betrokkenen is None
        # the repository reads today's tables: bring the schema up to date first
        await asyncio.to_thread(command.upgrade, cfg, "head")
        uow = uow_factory(session_factory(engine))
        async with uow() as tx:
            oud = await tx.casussen.get(casus_id)
        assert oud is not None and oud.betrokkenen == [] and oud.client_pseudoniem is None
        event = getrieerd(bestaande_casus_id=casus_id, betrokkene_pseudoniemen=[A, B])
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
        async with uow() as tx:
            bijgewerkt = await tx.casussen.get(casus_id, historie=False)
        assert bijgewerkt is not None and bijgewerkt.betrokkenen == [A, B]
        await asyncio.to_thread(command.downgrade, cfg, "0008_informatie")
    finally:
        await engine.dispose()
