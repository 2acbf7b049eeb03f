"""Outbox + relay against the real tansu broker, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry import trace
from platform_helpers import (
    ProefGebeurd,
    create_topic,
    header,
    read_topic,
    settings_for,
    unique_topic,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.envelope import Envelope
from zvh_platform.db import create_all, make_engine, outbox_table, session_factory
from zvh_platform.messaging import make_broker
from zvh_platform.outbox import OutboxRelay, add_to_outbox
from zvh_platform.telemetry import setup_telemetry, shutdown_telemetry
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(db_url)
    await create_all(engine)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
def telemetry(tmp_path: Path) -> Any:
    setup_telemetry(settings_for(tmp=tmp_path))
    yield tmp_path / "telemetry"
    shutdown_telemetry()


async def test_committed_events_published_once_with_headers_and_trace(
    kafka_bootstrap: str,
    sessions: async_sessionmaker[AsyncSession],
    telemetry: Path,
) -> None:
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic)
    broker = make_broker(settings_for(bootstrap=kafka_bootstrap))
    await broker.start()
    try:
        tracer = trace.get_tracer("test")
        async with sessions() as s:  # rolled back: must never be published
            await add_to_outbox(
                s, event=ProefGebeurd(proef_id="weg"), source="zvh-proef", topic=topic
            )
            await s.rollback()
        with tracer.start_as_current_span("handler") as span:
            trace_id = format(span.get_span_context().trace_id, "032x")
            async with sessions() as s:
                ids = [
                    await add_to_outbox(
                        s,
                        event=ProefGebeurd(proef_id="p-1", volgnummer=n),
                        source="zvh-proef",
                        topic=topic,
                    )
                    for n in range(3)
                ]
                await s.commit()

        relay = OutboxRelay(sessions=sessions, broker=broker)
        assert await relay.publish_pending() == 3
        assert await relay.publish_pending() == 0  # marked: published once

        records = await read_topic(kafka_bootstrap, topic, expect=3)
        assert len(records) == 3
        envelopes = [Envelope.from_headers(r.headers) for r in records]
        assert [e.id for e in envelopes] == ids  # insertion order
        assert {e.type for e in envelopes} == {ProefGebeurd.event_type}
        assert all(e.source == "zvh-proef" and e.subject == "p-1" for e in envelopes)
        assert [ProefGebeurd.model_validate_json(r.value).volgnummer for r in records] == [0, 1, 2]
        assert all(r.key == b"p-1" for r in records)
        assert all(header(r, "content-type") == "application/json" for r in records)
        for r in records:
            traceparent = header(r, "traceparent")
            assert traceparent is not None
            assert traceparent.split("-")[1] == trace_id  # one trace across the outbox

        async with sessions() as s:
            rows = (await s.execute(select(outbox_table))).mappings().all()
        assert len(rows) == 3 and all(r["published_at"] is not None for r in rows)
    finally:
        await broker.stop()


async def test_relay_loop_publishes_on_wake(
    kafka_bootstrap: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic)
    broker = make_broker(settings_for(bootstrap=kafka_bootstrap))
    await broker.start()
    relay = OutboxRelay(sessions=sessions, broker=broker, poll_interval_s=5.0)
    relay.start()
    try:
        async with sessions() as s:
            await add_to_outbox(
                s, event=ProefGebeurd(proef_id="p-2"), source="zvh-proef", topic=topic
            )
            await s.commit()
        relay.wake()
        records = await read_topic(kafka_bootstrap, topic, expect=1, timeout_s=4.0)
        assert len(records) == 1
    finally:
        await relay.stop()
        await broker.stop()


@pytest.mark.parametrize("flush", [True, False], ids=["flush", "no-flush"])
async def test_stop_publishes_what_was_committed_since_the_last_poll(
    kafka_bootstrap: str, sessions: async_sessionmaker[AsyncSession], flush: bool
) -> None:
    """A graceful stop sends the rows still pending (nobody woke the relay and its loop is not
    going to look again); ``flush=False`` leaves them for the next start."""
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic)
    broker = make_broker(settings_for(bootstrap=kafka_bootstrap))
    await broker.start()
    # Never started: exactly the rows a running relay had not picked up yet when it stopped.
    relay = OutboxRelay(sessions=sessions, broker=broker, poll_interval_s=60.0)
    try:
        async with sessions() as s:
            await add_to_outbox(
                s, event=ProefGebeurd(proef_id="p-stop"), source="zvh-proef", topic=topic
            )
            await s.commit()
        await relay.stop(flush=flush)
        async with sessions() as s:
            published = (await s.execute(select(outbox_table.c.published_at))).scalars().all()
        if flush:
            assert len(published) == 1 and published[0] is not None
            records = await read_topic(kafka_bootstrap, topic, expect=1, timeout_s=5)
            assert [ProefGebeurd.model_validate_json(r.value).proef_id for r in records] == [
                "p-stop"
            ]
        else:
            assert published == [None]
    finally:
        await broker.stop()


class FlakyBroker:
    """Refuses the first ``failures`` publishes; the ``nack_at``-th publish is never acknowledged.

    Like the real producer with ``no_confirm=True`` it returns a future for the broker's ack.
    """

    def __init__(self, failures: int, *, nack_at: int | None = None) -> None:
        self.failures = failures
        self.nack_at = nack_at
        self.published: list[dict[str, Any]] = []

    async def publish(self, body: bytes, *, no_confirm: bool = False, **kwargs: Any) -> Any:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker weg")
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.nack_at is not None and len(self.published) == self.nack_at:
            self.nack_at = None
            ack.set_exception(TimeoutError())
        else:
            ack.set_result(None)
        self.published.append({"body": body, **kwargs})
        return ack if no_confirm else await ack


async def test_broker_error_retried_next_poll(sessions: async_sessionmaker[AsyncSession]) -> None:
    broker = FlakyBroker(failures=1)
    relay = OutboxRelay(sessions=sessions, broker=broker)  # type: ignore[arg-type]
    async with sessions() as s:
        for n in range(2):
            await add_to_outbox(
                s, event=ProefGebeurd(proef_id="p-3", volgnummer=n), source="s", topic="t"
            )
        await s.commit()
    assert await relay.publish_pending() == 0  # first row failed: stop, keep order
    async with sessions() as s:
        rows = (await s.execute(select(outbox_table).order_by(outbox_table.c.seq))).mappings()
        first = rows.first()
    assert first is not None and first["attempts"] == 1 and first["last_error"] == "ConnectionError"
    assert await relay.publish_pending() == 2
    volgnummers = [ProefGebeurd.model_validate_json(p["body"]).volgnummer for p in broker.published]
    assert volgnummers == [0, 1]


async def test_batch_marks_only_what_was_acknowledged_before_a_failure(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """The whole batch is sent at once; a missing ack keeps that row and the later ones pending."""
    broker = FlakyBroker(failures=0, nack_at=2)
    relay = OutboxRelay(sessions=sessions, broker=broker)  # type: ignore[arg-type]
    async with sessions() as s:
        for n in range(5):
            await add_to_outbox(
                s, event=ProefGebeurd(proef_id="p-4", volgnummer=n), source="s", topic="t"
            )
        await s.commit()
    assert await relay.publish_pending() == 2  # rows 0 and 1 acknowledged
    async with sessions() as s:
        rows = (await s.execute(select(outbox_table).order_by(outbox_table.c.seq))).mappings().all()
    assert [r["published_at"] is not None for r in rows] == [True, True, False, False, False]
    assert rows[2]["attempts"] == 1 and rows[2]["last_error"] == "TimeoutError"
    assert await relay.publish_pending() == 3  # retried in order, behind the failed one
    volgnummers = [ProefGebeurd.model_validate_json(p["body"]).volgnummer for p in broker.published]
    assert volgnummers == [0, 1, 2, 3, 4, 2, 3, 4]


async def test_two_racing_relays(db_url: str, sessions: async_sessionmaker[AsyncSession]) -> None:
    """PostgreSQL: each row once, in order. SQLite: each row at least once (inbox dedupes)."""
    async with sessions() as s:
        for n in range(20):
            await add_to_outbox(
                s,
                event=ProefGebeurd(proef_id=str(uuid.uuid4()), volgnummer=n),
                source="s",
                topic="t",
            )
        await s.commit()
    broker = FlakyBroker(failures=0)
    relays = [
        OutboxRelay(sessions=sessions, broker=broker, batch_size=5)  # type: ignore[arg-type]
        for _ in range(2)
    ]

    async def drained() -> bool:
        counts = await asyncio.gather(*(r.publish_pending() for r in relays))
        return sum(counts) == 0

    await wait_for(drained, timeout_s=10)
    volgnummers = [ProefGebeurd.model_validate_json(p["body"]).volgnummer for p in broker.published]
    if db_url.startswith("postgresql"):
        assert volgnummers == list(range(20))
    else:
        assert set(volgnummers) == set(range(20))
    async with sessions() as s:
        pending = (
            await s.execute(select(outbox_table).where(outbox_table.c.published_at.is_(None)))
        ).all()
    assert pending == []


async def test_timer_poll_peeks_then_publishes(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The timer's poll (``peek``) skips an empty outbox cheaply but never skips pending rows."""
    broker = FlakyBroker(failures=0)
    relay = OutboxRelay(sessions=sessions, broker=broker)  # type: ignore[arg-type]
    assert await relay.publish_pending(peek=True) == 0
    async with sessions() as s:
        await add_to_outbox(
            s, event=ProefGebeurd(proef_id="p-5", volgnummer=0), source="s", topic="t"
        )
        await s.commit()
    assert await relay.publish_pending(peek=True) == 1
    assert len(broker.published) == 1
