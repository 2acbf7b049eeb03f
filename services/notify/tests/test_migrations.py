"""Alembic migrations build exactly the tables the code expects, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
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


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_0002_adds_attachments_and_keeps_existing_emails(kind: str, tmp_path: Path):
    from datetime import UTC, datetime

    from notify_fakes import email_bezorging
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from zvh_notify.adapters.db.repository import SqlBezorgingRepository

    async with db_url(kind, tmp_path) as url:
        cfg = alembic_config(engine_url=url, script_location=MIGRATIONS)
        heads = ScriptDirectory.from_config(cfg).get_heads()
        assert heads == ["0002"]
        await asyncio.to_thread(command.upgrade, cfg, "0001")
        old = email_bezorging()
        engine = create_async_engine(url)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        try:
            async with sessions() as s:
                await SqlBezorgingRepository(s).add(old)  # no attachments: 0001's tables only
                await s.commit()
            await asyncio.to_thread(command.upgrade, cfg, "head")
            async with engine.connect() as conn:
                names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert "bezorging_bijlagen" in names
            async with sessions() as s:
                loaded = await SqlBezorgingRepository(s).get(old.id)
                due = await SqlBezorgingRepository(s).due_emails(
                    now=datetime(2030, 1, 1, tzinfo=UTC), limit=10
                )
            assert loaded == old
            assert loaded is not None and loaded.email and loaded.email.bijlagen == ()
            assert [b.id for b in due] == [old.id]
            await asyncio.to_thread(command.downgrade, cfg, "0001")
            async with engine.connect() as conn:
                names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert "bezorging_bijlagen" not in names and "bezorgingen" in names
        finally:
            await engine.dispose()
