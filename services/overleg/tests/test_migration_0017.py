"""Migration 0017_veiligheidssignalen: an older casus has no signals, a new one is kept, and the
migration goes down again (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import zvh_overleg
from alembic import command
from migration_helpers import voeg_oude_casus_toe
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.domain.veiligheidssignaal import GRONDSLAG, zet_signaal
from zvh_platform.db import session_factory
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"


async def test_signals_table_up_and_down(db_url: str) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0016_vpt_evaluaties")
    casus_id = uuid.uuid4()
    engine = create_async_engine(db_url)

    async def tabellen() -> set[str]:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))

    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, casus_id)
        assert "veiligheidssignalen" not in await tabellen()
        await asyncio.to_thread(command.upgrade, cfg, "0017_veiligheidssignalen")
        await asyncio.to_thread(command.upgrade, cfg, "heads")
        uow = uow_factory(session_factory(engine))
        async with uow() as tx:
            assert await tx.veiligheidssignalen.voor_casus(casus_id) == []
            signaal = zet_signaal(
                signaal_id=uuid.uuid4(),
                casus_id=casus_id,
                code="agressie-bekend",
                geldig_van=None,
                geldig_tot=date(2030, 6, 1),
                herbeoordeling_op=date(2030, 5, 1),
                vandaag=date(2030, 3, 4),
                grondslag=GRONDSLAG,
                door="pr.jansen",
                op=datetime(2030, 3, 4, 10, tzinfo=UTC),
            )
            await tx.veiligheidssignalen.add(signaal)
            await tx.commit()
        async with uow() as tx:
            assert await tx.veiligheidssignalen.voor_casus(casus_id) == [signaal]
        await asyncio.to_thread(command.downgrade, cfg, "0016_vpt_evaluaties")
        assert "veiligheidssignalen" not in await tabellen()
        async with engine.connect() as conn:
            assert (await conn.exec_driver_sql("SELECT count(*) FROM casussen")).scalar() == 1
    finally:
        await engine.dispose()
