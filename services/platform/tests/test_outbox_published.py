"""``outbox.published_at``: the one way a service asks which of its events went out.

The outbox table is the platform's: no service reads it (or the other platform tables) itself.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from platform_helpers import ProefGebeurd
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform import db
from zvh_platform.db import create_all, make_engine, session_factory
from zvh_platform.outbox import OutboxRelay, add_to_outbox, published_at

SERVICES = Path(__file__).resolve().parents[2]


class AckingBroker:
    """Acknowledges every publish, except the ``nack_at``-th (its ack times out)."""

    def __init__(self, *, nack_at: int | None = None) -> None:
        self.nack_at = nack_at
        self.count = 0

    async def publish(self, body: bytes, *, no_confirm: bool = False, **kwargs: Any) -> Any:
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.count == self.nack_at:
            ack.set_exception(TimeoutError())
        else:
            ack.set_result(None)
        self.count += 1
        return ack if no_confirm else await ack


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(db_url)
    await create_all(engine)
    yield session_factory(engine)
    await engine.dispose()


async def test_published_at_names_the_published_ids_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as s:
        ids = [
            await add_to_outbox(
                s, event=ProefGebeurd(proef_id="p-9", volgnummer=n), source="s", topic="t"
            )
            for n in range(3)
        ]
        await s.commit()
        assert await published_at(s, ids) == {}  # nothing published yet
    before = datetime.now(UTC)
    relay = OutboxRelay(sessions=sessions, broker=AckingBroker(nack_at=2))  # type: ignore[arg-type]
    assert await relay.publish_pending() == 2  # the third stays pending
    onbekend = uuid.uuid4()
    async with sessions() as s:
        gepubliceerd = await published_at(s, iter([*ids, onbekend, ids[0]]))
        assert await published_at(s, []) == {}
    assert set(gepubliceerd) == {ids[0], ids[1]}  # not the pending one, not the unknown one
    for at in gepubliceerd.values():
        assert at.tzinfo is not None and at.utcoffset() == timedelta(0)
        assert before - timedelta(seconds=1) <= at <= datetime.now(UTC)


def test_no_service_touches_the_platform_tables() -> None:
    """Services use the platform's functions (``outbox.published_at`` …), never its tables."""
    tables = [name for name in vars(db) if name.endswith("_table")]
    assert "outbox_table" in tables and "inbox_table" in tables
    pattern = re.compile(r"\b(" + "|".join(tables) + r")\b")
    sources = [p for p in SERVICES.glob("*/src/**/*.py") if "/platform/" not in p.as_posix()]
    assert len(sources) > 50, SERVICES
    misbruik = [
        f"{p.relative_to(SERVICES)}: {m.group(0)}"
        for p in sources
        if (m := pattern.search(p.read_text(encoding="utf-8")))
    ]
    assert not misbruik, f"a service reads a platform table directly: {misbruik}"
