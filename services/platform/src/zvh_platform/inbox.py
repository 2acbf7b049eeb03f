"""Consumer-side deduplication: Kafka delivers at least once, handlers must act once."""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_platform.clock import utcnow
from zvh_platform.db import inbox_table


async def seen_before(session: AsyncSession, *, event_id: uuid.UUID, consumer: str) -> bool:
    """Record ``event_id`` for ``consumer`` in the caller's transaction; True means a duplicate.

    ``INSERT … ON CONFLICT DO NOTHING`` makes two racing deliveries safe: the second one waits for
    the first transaction and then sees the row.
    """
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(inbox_table)
        .values(consumer=consumer, event_id=event_id, received_at=utcnow())
        .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
    )
    result = await session.execute(stmt)
    return result.rowcount == 0  # type: ignore[attr-defined]
