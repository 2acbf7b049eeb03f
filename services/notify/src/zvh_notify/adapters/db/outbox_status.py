"""Read the platform outbox's ``published_at`` for the partner-topic reconciler."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_platform.db import outbox_table


async def published_at(
    session: AsyncSession, event_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """Publication time per event id, for those the relay has published."""
    if not event_ids:
        return {}
    rows = await session.execute(
        select(outbox_table.c.event_id, outbox_table.c.published_at).where(
            outbox_table.c.event_id.in_(list(event_ids)),
            outbox_table.c.published_at.is_not(None),
        )
    )
    return {eid: _utc(at) for eid, at in rows}


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
