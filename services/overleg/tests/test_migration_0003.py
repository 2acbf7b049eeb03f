"""Migration 0003_casus keeps each existing casus' original melding in casus_meldingen."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import zvh_overleg
from alembic import command
from overleg_fakes import NU
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_overleg.adapters.db.tables import casus_meldingen, casussen
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"


async def test_existing_casussen_get_their_melding(db_url: str) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0002")
    casus_id, melding_id = uuid.uuid4(), uuid.uuid4()
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            # only the columns 0002 knows
            await conn.execute(
                insert(casussen).values(
                    casus_id=casus_id,
                    melding_id=melding_id,
                    melder="politie-zwb",
                    ave_fase=3,
                    client_geinformeerd=True,
                    geopend_op=NU,
                    geopend_door="pr.jansen",
                )
            )
        await asyncio.to_thread(command.upgrade, cfg, "0003_casus")
        async with engine.connect() as conn:
            rows = (await conn.execute(select(casus_meldingen))).all()
    finally:
        await engine.dispose()
    assert [(r.melding_id, r.casus_id, r.melder) for r in rows] == [
        (melding_id, casus_id, "politie-zwb")
    ]
    assert rows[0].getrieerd_op == NU
