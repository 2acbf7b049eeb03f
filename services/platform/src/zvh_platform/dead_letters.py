"""The dead-letter store: failed records kept in the service's own database, not on a topic.

The raw record (cut to the size limit) stays where the service's other personal data lives; the
dead-letter topic only carries a reference (id, error type, safe text, place in the log).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_platform.clock import utcnow
from zvh_platform.db import dead_letter_table
from zvh_platform.failures import describe_error
from zvh_platform.records import RawRecord


@dataclass(frozen=True)
class DeadLetter:
    """A dead letter's metadata: what an operator sees in the list (no body, no headers)."""

    id: uuid.UUID
    service: str
    topic: str
    partition: int
    offset: int
    value_size: int
    ce_id: str | None
    ce_type: str | None
    error_type: str
    error_text: str
    created_at: datetime
    replayed_at: datetime | None
    replayed_by: str | None
    replay_result: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "service": self.service,
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "value_size": self.value_size,
            "ce_id": self.ce_id,
            "ce_type": self.ce_type,
            "error_type": self.error_type,
            "error_text": self.error_text,
            "created_at": self.created_at.isoformat(),
            "replayed_at": self.replayed_at.isoformat() if self.replayed_at else None,
            "replayed_by": self.replayed_by,
            "replay_result": self.replay_result,
        }


_META_COLUMNS = [c for c in dead_letter_table.c if c.name not in ("value", "headers", "record_key")]


def _short(value: str | None, n: int) -> str | None:
    return value[:n] if value else None


async def keep(
    session: AsyncSession, *, service: str, record: RawRecord, exc: BaseException, limit: int
) -> uuid.UUID:
    """Store ``record`` (value cut to ``limit`` bytes) with a safe error text; returns its id."""
    dead_id = uuid.uuid4()
    kept = record.truncated(limit)
    await session.execute(
        insert(dead_letter_table).values(
            id=dead_id,
            service=service,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            record_key=kept.key,
            headers=kept.to_json_headers(),
            value=kept.value,
            value_size=len(record.value),
            record_timestamp=record.timestamp,
            ce_id=_short(record.header("ce_id"), 100),
            ce_type=_short(record.header("ce_type"), 200),
            error_type=type(exc).__name__[:200],
            error_text=describe_error(exc),
            created_at=utcnow(),
        )
    )
    return dead_id


async def list_dead_letters(
    session: AsyncSession, *, limit: int = 100, open_only: bool = False
) -> list[DeadLetter]:
    """Newest first; ``open_only`` leaves out the ones replayed successfully."""
    query = select(*_META_COLUMNS).order_by(dead_letter_table.c.created_at.desc()).limit(limit)
    if open_only:
        query = query.where(
            (dead_letter_table.c.replay_result.is_(None))
            | (dead_letter_table.c.replay_result != "verwerkt")
        )
    rows = (await session.execute(query)).mappings().all()
    return [_meta(row) for row in rows]


async def load(session: AsyncSession, dead_id: uuid.UUID) -> tuple[DeadLetter, RawRecord] | None:
    row = (
        (await session.execute(select(dead_letter_table).where(dead_letter_table.c.id == dead_id)))
        .mappings()
        .first()
    )
    if row is None:
        return None
    record = RawRecord(
        topic=row["topic"],
        partition=row["partition"],
        offset=row["offset"],
        key=row["record_key"],
        headers=RawRecord.headers_from_json(row["headers"]),
        value=bytes(row["value"]),
        timestamp=row["record_timestamp"],
    )
    return _meta(row), record


async def mark_replayed(session: AsyncSession, dead_id: uuid.UUID, *, by: str, result: str) -> None:
    await session.execute(
        update(dead_letter_table)
        .where(dead_letter_table.c.id == dead_id)
        .values(replayed_at=utcnow(), replayed_by=by[:100], replay_result=result[:500])
    )


def _meta(row: Any) -> DeadLetter:
    """The columns are ``UtcDateTime``: the moments come back aware UTC on every database."""
    return DeadLetter(
        id=row["id"],
        service=row["service"],
        topic=row["topic"],
        partition=row["partition"],
        offset=row["offset"],
        value_size=row["value_size"],
        ce_id=row["ce_id"],
        ce_type=row["ce_type"],
        error_type=row["error_type"],
        error_text=row["error_text"],
        created_at=row["created_at"],
        replayed_at=row["replayed_at"],
        replayed_by=row["replayed_by"],
        replay_result=row["replay_result"],
    )
