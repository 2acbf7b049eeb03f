"""Alembic migrations build exactly the tables the code expects, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from notify_fakes import db_url
from sqlalchemy import DateTime, column, insert, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from zvh_notify.adapters.db.repository import _row
from zvh_notify.adapters.db.tables import bezorgingen
from zvh_notify.bootstrap import MIGRATIONS
from zvh_notify.domain.model import Bezorging
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
        assert len(heads) == 1  # one line of revisions, 0002 and what came after
        await asyncio.to_thread(command.upgrade, cfg, "0001")
        old = email_bezorging()
        engine = create_async_engine(url)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        try:
            async with sessions() as s:  # no attachments: 0001's tables and columns only
                await _insert_as_of_0001(s, old)
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


#: Columns later revisions added to ``bezorgingen``.
_LATER_COLUMNS = ("heropend_op", "heropend_door", "pogingen_voor_venster")


async def _insert_as_of_0001(session: AsyncSession, b: Bezorging) -> None:
    """Insert through 0001's columns only (the current table would add later defaults)."""
    row = {k: v for k, v in _row(b).items() if k not in _LATER_COLUMNS}
    old_table = table("bezorgingen", *(column(k, bezorgingen.c[k].type) for k in row))
    await session.execute(insert(old_table).values(**row))


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_0005_keeps_given_up_bezorgingen_with_their_first_window(kind: str, tmp_path: Path):
    from notify_fakes import email_bezorging
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from zvh_notify.adapters.db.repository import SqlBezorgingRepository
    from zvh_notify.domain.model import Status

    async with db_url(kind, tmp_path) as url:
        cfg = alembic_config(engine_url=url, script_location=MIGRATIONS)
        await asyncio.to_thread(command.upgrade, cfg, "0004_idem")
        old = email_bezorging()
        old.status, old.pogingen, old.volgende_poging_op = Status.OPGEGEVEN, 9, None
        engine = create_async_engine(url)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        try:
            async with sessions() as s:
                await _insert_as_of_0001(s, old)
                await s.commit()
            await asyncio.to_thread(command.upgrade, cfg, "head")
            async with sessions() as s:
                loaded = await SqlBezorgingRepository(s).get(old.id)
            assert loaded == old  # pogingen_voor_venster 0, never reopened
            assert loaded is not None and loaded.venster_start == old.aangemaakt_op
            await asyncio.to_thread(command.downgrade, cfg, "0004_idem")
            async with engine.connect() as conn:
                columns = await conn.run_sync(
                    lambda c: {col["name"] for col in inspect(c).get_columns("bezorgingen")}
                )
            assert not columns & set(_LATER_COLUMNS)
        finally:
            await engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_0007_keeps_the_instants_when_times_gain_their_zone(kind: str, tmp_path: Path):
    """Naive UTC written before 0007 reads back as the same aware UTC instants after it."""
    from datetime import UTC, datetime, timedelta

    from notify_fakes import email_bezorging
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from zvh_notify.adapters.db.repository import SqlBezorgingRepository

    async with db_url(kind, tmp_path) as url:
        cfg = alembic_config(engine_url=url, script_location=MIGRATIONS)
        await asyncio.to_thread(command.upgrade, cfg, "0006_webhook")
        old = email_bezorging()
        old.aangemaakt_op = datetime(2030, 3, 1, 23, 30, tzinfo=UTC)  # another day in NL
        old.volgende_poging_op = old.aangemaakt_op + timedelta(minutes=5)
        row = {k: v for k, v in _row(old).items() if k not in _LATER_COLUMNS}
        naive = {
            k: v.replace(tzinfo=None) if isinstance(v, datetime) else v for k, v in row.items()
        }
        cols = [
            column(k, DateTime() if isinstance(v, datetime) else bezorgingen.c[k].type)
            for k, v in naive.items()
        ]
        engine = create_async_engine(url)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        try:
            async with sessions() as s:  # as 0006's naive columns held them
                await s.execute(insert(table("bezorgingen", *cols)).values(**naive))
                await s.commit()
            await asyncio.to_thread(command.upgrade, cfg, "head")
            async with engine.connect() as conn:
                types = await conn.run_sync(
                    lambda c: {
                        col["name"]: col["type"] for col in inspect(c).get_columns("bezorgingen")
                    }
                )
            if kind == "postgres":
                assert getattr(types["aangemaakt_op"], "timezone", None) is True
            async with sessions() as s:
                loaded = await SqlBezorgingRepository(s).get(old.id)
                due = await SqlBezorgingRepository(s).due_emails(
                    now=old.volgende_poging_op, limit=10
                )
                early = await SqlBezorgingRepository(s).due_emails(
                    now=old.volgende_poging_op - timedelta(seconds=1), limit=10
                )
            assert loaded is not None
            assert loaded.aangemaakt_op == old.aangemaakt_op
            assert loaded.volgende_poging_op == old.volgende_poging_op
            assert [b.id for b in due] == [old.id] and early == []
            await asyncio.to_thread(command.downgrade, cfg, "0006_webhook")
            async with sessions() as s:
                raw: object = (
                    await s.execute(
                        select(column("aangemaakt_op")).select_from(table("bezorgingen"))
                    )
                ).scalar_one()
            assert str(raw).startswith("2030-03-01 23:30")  # naive UTC again
        finally:
            await engine.dispose()
