"""Migration 0016_vpt_evaluaties: the two tables come and go, an older casus stays as it was."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import zvh_overleg
from alembic import command
from migration_helpers import voeg_oude_casus_toe
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"
TABELLEN = {"vpt_evaluaties", "vpt_maatregelen"}


async def test_vpt_tables_up_and_down(db_url: str) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0015_vpt_dossiers")
    engine = create_async_engine(db_url)

    async def tabellen() -> set[str]:
        async with engine.connect() as conn:
            namen = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        return set(namen) & TABELLEN

    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, uuid.uuid4())
        assert await tabellen() == set()
        await asyncio.to_thread(command.upgrade, cfg, "0016_vpt_evaluaties")
        assert await tabellen() == TABELLEN
        await asyncio.to_thread(command.downgrade, cfg, "0015_vpt_dossiers")
        assert await tabellen() == set()
        async with engine.connect() as conn:
            assert (await conn.exec_driver_sql("SELECT count(*) FROM casussen")).scalar() == 1
    finally:
        await engine.dispose()
