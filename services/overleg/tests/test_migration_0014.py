"""Migration 0014_dashboard_indexes: the indexes come and go, an older casus stays as it was."""

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
INDEXEN = {"ix_acties_open_wanneer", "ix_acties_teruggekoppeld", "ix_casussen_open"}


async def test_indexes_up_and_down(db_url: str) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0010_sessies")
    engine = create_async_engine(db_url)

    async def indexen() -> set[str]:
        async with engine.connect() as conn:
            namen = await conn.run_sync(
                lambda c: {
                    i["name"]
                    for t in ("acties", "casussen")
                    for i in inspect(c).get_indexes(t)
                    if i["name"]
                }
            )
        return set(namen) & INDEXEN

    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, uuid.uuid4())
        await asyncio.to_thread(command.upgrade, cfg, "0014_dashboard_indexes")
        assert await indexen() == INDEXEN
        await asyncio.to_thread(command.downgrade, cfg, "0013_gemeente")
        assert await indexen() == set()
        async with engine.connect() as conn:
            assert (await conn.exec_driver_sql("SELECT count(*) FROM casussen")).scalar() == 1
    finally:
        await engine.dispose()
