"""Alembic helpers so each service's ``migrations/env.py`` is three lines.

A service's env.py::

    from zvh_platform.db import platform_metadata
    from zvh_platform.migrations import run_env
    from zvh_myservice.adapters.db.tables import metadata

    run_env(target_metadata=[metadata, platform_metadata])

and its first revision calls ``create_platform_tables()`` / ``drop_platform_tables()``. A platform
table added later gets its own helper (``create_idempotency_table``) and a revision per service;
it checks first, because the first revision creates every platform table on a new database.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from zvh_platform.db import idempotency_table, is_sqlite, platform_metadata


def alembic_config(*, engine_url: str, script_location: Path) -> Config:
    """An in-memory Alembic config for one service's migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", engine_url.replace("%", "%%"))
    cfg.attributes["zvh_engine_url"] = engine_url
    return cfg


def upgrade_head(*, engine_url: str, script_location: Path) -> None:
    """Synchronous ``alembic upgrade head`` (run it in a thread from async code)."""
    command.upgrade(alembic_config(engine_url=engine_url, script_location=script_location), "head")


def _url() -> str:
    cfg = context.config
    url = cfg.attributes.get("zvh_engine_url") or cfg.get_main_option("sqlalchemy.url")
    url = url or os.environ.get("ZVH_DATABASE_URL")
    if not url:
        raise RuntimeError("no database URL: set sqlalchemy.url or ZVH_DATABASE_URL")
    return str(url)


def _configure(connection: Connection, target_metadata: Sequence[MetaData]) -> None:
    context.configure(
        connection=connection,
        target_metadata=list(target_metadata),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str, target_metadata: Sequence[MetaData]) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_configure, target_metadata)
    finally:
        await engine.dispose()


def run_env(*, target_metadata: Sequence[MetaData]) -> None:
    """The body of a service's ``migrations/env.py``: online (async) or offline (SQL script)."""
    url = _url()
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=list(target_metadata),
            literal_binds=True,
            render_as_batch=is_sqlite(url),
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, target_metadata))


def create_platform_tables() -> None:
    """Create ``zvh_outbox`` and ``zvh_inbox``; call from a service's first revision."""
    platform_metadata.create_all(bind=op.get_bind(), checkfirst=True)


def create_dead_letter_table() -> None:
    """Create ``zvh_dead_letter`` when missing (a revision per service adds it to older DBs)."""
    from zvh_platform.db import dead_letter_table

    dead_letter_table.create(bind=op.get_bind(), checkfirst=True)


def drop_dead_letter_table() -> None:
    from zvh_platform.db import dead_letter_table

    dead_letter_table.drop(bind=op.get_bind(), checkfirst=True)


def drop_platform_tables() -> None:
    """Drop the platform tables; the first revision's ``downgrade``."""
    platform_metadata.drop_all(bind=op.get_bind(), checkfirst=True)


def create_idempotency_table() -> None:
    """Create ``zvh_idempotency`` unless the first revision already did (new databases)."""
    bind = op.get_bind()
    idempotency_table.create(bind=bind, checkfirst=True)
    for index in idempotency_table.indexes:
        index.create(bind=bind, checkfirst=True)


def drop_idempotency_table() -> None:
    idempotency_table.drop(bind=op.get_bind(), checkfirst=True)
