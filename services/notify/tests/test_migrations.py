"""Alembic migrations build exactly the tables the code expects, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from notify_fakes import db_url
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_notify.bootstrap import MIGRATIONS
from zvh_platform.db import run_migrations
from zvh_platform.migrations import alembic_config


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_upgrade_matches_metadata_and_downgrades(kind: str, tmp_path: Path):
    async with db_url(kind, tmp_path) as url:
        await run_migrations(engine_url=url, script_location=MIGRATIONS)
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        await engine.dispose()
        assert {"bezorgingen", "bezorgpogingen", "zvh_outbox", "zvh_inbox"} <= names

        cfg = alembic_config(engine_url=url, script_location=MIGRATIONS)
        await asyncio.to_thread(command.check, cfg)  # raises when models and DB differ
        await asyncio.to_thread(command.downgrade, cfg, "base")
        await asyncio.to_thread(command.upgrade, cfg, "head")
