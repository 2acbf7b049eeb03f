"""Migrations run through the shared Alembic env; the inbox dedupes per consumer."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import inspect, select
from zvh_platform.db import create_all, inbox_table, make_engine, run_migrations, session_factory
from zvh_platform.inbox import seen_before

MIGRATIONS = Path(__file__).parent / "proef_migrations"


async def test_run_migrations_creates_platform_tables(db_url: str) -> None:
    await run_migrations(engine_url=db_url, script_location=MIGRATIONS)
    await run_migrations(engine_url=db_url, script_location=MIGRATIONS)  # idempotent
    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert {"zvh_outbox", "zvh_inbox", "proef", "alembic_version"} <= names


async def test_inbox_dedupes(db_url: str) -> None:
    engine = make_engine(db_url)
    await create_all(engine)
    sessions = session_factory(engine)
    event_id = uuid.uuid4()
    try:
        async with sessions() as s:
            assert await seen_before(s, event_id=event_id, consumer="zvh-a") is False
            await s.commit()
        async with sessions() as s:
            assert await seen_before(s, event_id=event_id, consumer="zvh-a") is True
            # another consumer group handles the same event independently
            assert await seen_before(s, event_id=event_id, consumer="zvh-b") is False
            await s.commit()
        async with sessions() as s:  # a rolled-back handler did not consume the event
            other = uuid.uuid4()
            assert await seen_before(s, event_id=other, consumer="zvh-a") is False
            await s.rollback()
        async with sessions() as s:
            assert await seen_before(s, event_id=other, consumer="zvh-a") is False
            await s.commit()
            rows = (await s.execute(select(inbox_table))).all()
        assert len(rows) == 3
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_with_normal_sync(tmp_path: Path) -> None:
    """WAL + synchronous=NORMAL: no fsync per commit, still durable across a process crash."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as conn:
            mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            sync = (await conn.exec_driver_sql("PRAGMA synchronous")).scalar()
    finally:
        await engine.dispose()
    assert mode == "wal"
    assert sync == 1  # NORMAL (FULL is 2)


def test_every_platform_time_is_utc() -> None:
    from sqlalchemy import Column, DateTime, MetaData, Table
    from zvh_platform.db import platform_metadata, times_not_utc

    assert times_not_utc(platform_metadata) == []
    naive = Table("naive", MetaData(), Column("op", DateTime(timezone=True)))
    assert times_not_utc(naive.metadata) == ["naive.op"]  # the check sees a plain DateTime


async def test_inbox_times_come_back_aware_utc(db_url: str) -> None:
    from datetime import UTC

    engine = make_engine(db_url)
    await create_all(engine)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            await seen_before(session, consumer="c", event_id=uuid.uuid4())
            await session.commit()
            received = (await session.execute(select(inbox_table.c.received_at))).scalar_one()
    finally:
        await engine.dispose()
    assert received.tzinfo is UTC
