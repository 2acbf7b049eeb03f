"""Migration 0013_gemeente: a casus records the gemeente of the melding that opened it; one
opened before has none (Onbekend in the reports) (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import zvh_overleg
from alembic import command
from migration_helpers import voeg_oude_casus_toe
from overleg_fakes import FixedClock as Clock
from overleg_fakes import getrieerd
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import casus_id_for, handle_melding_event
from zvh_platform.db import session_factory
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"


async def test_an_older_casus_has_no_gemeente_and_a_new_one_takes_the_meldings(
    db_url: str,
) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0012_termijnregistratie")
    casus_id = uuid.uuid4()
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, casus_id)
        await asyncio.to_thread(command.upgrade, cfg, "heads")
        uow = uow_factory(session_factory(engine))
        async with uow() as tx:
            oud = await tx.casussen.get(casus_id)
        assert oud is not None and oud.gemeente is None

        event = getrieerd(gemeente="GM1674")
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
        async with uow() as tx:
            nieuw = await tx.casussen.get(casus_id_for(event.melding_id))
        assert nieuw is not None and nieuw.gemeente == "GM1674"

        await asyncio.to_thread(command.downgrade, cfg, "0012_termijnregistratie")
        await asyncio.to_thread(command.upgrade, cfg, "heads")
    finally:
        await engine.dispose()
