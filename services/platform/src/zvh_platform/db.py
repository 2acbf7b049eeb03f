"""Async SQLAlchemy plumbing shared by every service: engines, sessions, platform tables.

SQLite (aiosqlite) is the embedded default, PostgreSQL (asyncpg) the deploy target; both run the
same code, so the outbox/inbox tables here use only portable types.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
    event,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

platform_metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out on every database (SQLite drops the zone otherwise).

    The one way every table of the keten stores a moment (``times_not_utc`` checks it): with
    time zone on PostgreSQL, as UTC text on SQLite (so comparisons in SQL are right there too).
    A naive datetime is refused: the time comes from a ``zvh_platform.clock.Clock``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware (UTC) datetime")
        utc = value.astimezone(UTC)
        return utc if self.impl.timezone else utc.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: Events waiting to be published; written in the same transaction as the state change.
outbox_table = Table(
    "zvh_outbox",
    platform_metadata,
    Column(
        "seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("event_id", Uuid(as_uuid=True), nullable=False, unique=True),
    Column("topic", String(249), nullable=False),
    Column("key", String(200), nullable=True),
    Column("event_type", String(200), nullable=False),
    Column("headers", JSON, nullable=False),
    Column("body", Text, nullable=False),
    Column("traceparent", String(64), nullable=True),
    Column("tracestate", String(512), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("published_at", UtcDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(500), nullable=True),
)
Index("ix_zvh_outbox_pending", outbox_table.c.published_at, outbox_table.c.seq)

#: Event ids a consumer has handled; the primary key makes a redelivery a no-op.
inbox_table = Table(
    "zvh_inbox",
    platform_metadata,
    Column("consumer", String(100), primary_key=True),
    Column("event_id", Uuid(as_uuid=True), primary_key=True),
    Column("received_at", UtcDateTime(), nullable=False),
)

#: Records a consumer could not process: kept here (raw, cut to the size limit) for an operator
#: to inspect and replay; the dead-letter topic only refers to them by id.
dead_letter_table = Table(
    "zvh_dead_letter",
    platform_metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("service", String(100), nullable=False),
    Column("topic", String(249), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("record_key", LargeBinary, nullable=True),
    Column("headers", JSON, nullable=False),
    Column("value", LargeBinary, nullable=False),
    Column("value_size", Integer, nullable=False),
    Column("record_timestamp", BigInteger, nullable=True),
    Column("ce_id", String(100), nullable=True),
    Column("ce_type", String(200), nullable=True),
    Column("error_type", String(200), nullable=False),
    Column("error_text", String(500), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("replayed_at", UtcDateTime(), nullable=True),
    Column("replayed_by", String(100), nullable=True),
    Column("replay_result", String(500), nullable=True),
)
Index("ix_zvh_dead_letter_created", dead_letter_table.c.created_at)


#: HTTP commands carried out under an ``Idempotency-Key`` (see ``zvh_platform.idempotency``).
#: The row is written in the command's own transaction; ``status`` stays empty until the response
#: is known, which for a single-transaction command is the same commit.
idempotency_table = Table(
    "zvh_idempotency",
    platform_metadata,
    Column("scope", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("status", Integer, nullable=True),
    Column("headers", JSON, nullable=True),
    Column("body", LargeBinary, nullable=True),
)
Index("ix_zvh_idempotency_created_at", idempotency_table.c.created_at)


def times_not_utc(*metadatas: MetaData) -> list[str]:
    """``table.column`` of every date-time column not stored as ``UtcDateTime`` (should be none).

    Every service stores its moments one way: aware UTC in, aware UTC out, on both databases.
    """
    return [
        f"{table.name}.{column.name}"
        for md in metadatas
        for table in md.tables.values()
        for column in table.columns
        if isinstance(column.type, DateTime) and not isinstance(column.type, UtcDateTime)
    ]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs the log at checkpoints, not at every commit. A commit is still
    # durable across a crash of the process (the WAL is in the OS page cache, which survives
    # it); only an OS crash or power loss can lose the last commits, never corrupt the file.
    # FULL would cost an fsync per consumed message; PostgreSQL is the store for production.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> AsyncEngine:
    """An async engine; SQLite gets WAL, foreign keys and a busy timeout. Instrumented by OTel."""
    kwargs: dict[str, Any] = {}
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    from zvh_platform.telemetry import instrument_engine

    instrument_engine(engine)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (handlers read them after committing)."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def create_all(engine: AsyncEngine, *metadatas: MetaData) -> None:
    """Create tables directly (unit and integration tests only; services use migrations)."""
    async with engine.begin() as conn:
        for md in metadatas or (platform_metadata,):
            await conn.run_sync(md.create_all)


async def run_migrations(*, engine_url: str, script_location: Path) -> None:
    """``alembic upgrade head`` for one service, in a thread (its env.py runs its own loop)."""
    from zvh_platform.migrations import upgrade_head

    if is_sqlite(engine_url):
        database = make_url(engine_url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(upgrade_head, engine_url=engine_url, script_location=script_location)
