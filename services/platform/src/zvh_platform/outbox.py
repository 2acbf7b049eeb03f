"""Transactional outbox: the event is stored with the state change and published afterwards.

``add_to_outbox`` runs in the caller's transaction, so a rollback publishes nothing. The
``OutboxRelay`` publishes pending rows in insertion order, restoring the stored ``traceparent`` as
parent so one trace continues across the outbox, then marks them published. ``published_at`` is
the one way a service asks whether (and when) its own events went out: the table stays this
module's. A broker error leaves
the row pending for the next poll. Two relays on one PostgreSQL database serialise on an advisory
lock; on SQLite (one process per database) a race can at worst publish a row twice, which the
consumers' inbox dedupes by ``ce_id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from faststream.kafka import KafkaBroker
from opentelemetry import trace
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope

from zvh_platform.clock import utcnow
from zvh_platform.db import outbox_table
from zvh_platform.turns import Lane, WriteTurns

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("zvh_platform.outbox")
_propagator = TraceContextTextMapPropagator()

#: Key of the PostgreSQL advisory lock that lets one relay per database publish at a time.
_ADVISORY_LOCK_KEY = 0x5A5648_0B0C


async def add_to_outbox(
    session: AsyncSession,
    *,
    event: Event,
    source: str,
    topic: str,
    event_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Queue ``event`` for ``topic`` in the caller's transaction; returns its ``ce_id``."""
    envelope = Envelope(
        id=event_id or uuid.uuid4(), source=source, type=event.event_type, subject=event.subject()
    )
    await add_envelope_to_outbox(
        session, envelope=envelope, body=event.model_dump_json(), topic=topic
    )
    return envelope.id


async def add_envelope_to_outbox(
    session: AsyncSession,
    *,
    envelope: Envelope,
    body: str,
    topic: str,
    row_id: uuid.UUID | None = None,
) -> None:
    """Queue a message whose envelope is given as is (a partner's, passed on by a bridge).

    ``row_id`` keys the outbox row when the ``ce_id`` is not ours to keep unique (default: it).
    """
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    await session.execute(
        insert(outbox_table).values(
            event_id=row_id or envelope.id,
            topic=topic,
            key=envelope.subject,
            event_type=envelope.type,
            headers=envelope.headers(),
            body=body,
            traceparent=carrier.get("traceparent"),
            tracestate=carrier.get("tracestate"),
            created_at=utcnow(),
            attempts=0,
        )
    )


async def published_at(
    session: AsyncSession, event_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """When the relay published each of ``event_ids`` (UTC), for those it has published.

    Ids still pending, and ids this outbox never held, are absent. Runs in the caller's session
    (so in its transaction), like ``add_to_outbox``.
    """
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(outbox_table.c.event_id, outbox_table.c.published_at).where(
            outbox_table.c.event_id.in_(ids), outbox_table.c.published_at.is_not(None)
        )
    )
    return {event_id: _utc(at) for event_id, at in rows}


def _utc(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; the relay stores UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class OutboxRelay:
    """Publishes pending outbox rows; ``wake()`` after a commit publishes at once."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        broker: KafkaBroker,
        poll_interval_s: float = 1.0,
        batch_size: int = 100,
        publish_timeout_s: float = 15.0,
        write_turns: WriteTurns | None = None,
    ) -> None:
        self._sessions = sessions
        #: The service's writers (shared with its batch consumers): marking a batch published
        #: goes ahead of waiting consumer batches, so answers never queue behind a flood.
        self._write_turns = write_turns or WriteTurns()
        self._broker = broker
        self._poll_interval_s = poll_interval_s
        self._batch_size = batch_size
        self._publish_timeout_s = publish_timeout_s
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        """Start the background loop (idempotent)."""
        if self._task is None or self._task.done():
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="zvh-outbox-relay")

    async def stop(self, *, flush: bool = True) -> None:
        """Stop the loop after the batch in flight, then (``flush``) publish what is pending.

        The final flush sends the rows committed since the last poll — by the requests and
        consumer handlers that finished during a graceful shutdown — so they do not wait for the
        next start. Loop and flush together take at most the publish timeout + 5 s (no flush
        after a batch that hung); a row it cannot send stays pending for the next start.
        """
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            task, self._task = self._task, None
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=self._publish_timeout_s + 5)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                flush = False  # the batch in flight hung: the broker will not take more now
        if flush:
            await self._flush()

    async def _flush(self) -> None:
        published = 0
        try:
            async with asyncio.timeout(self._publish_timeout_s):
                while (batch := await self.publish_pending()) > 0:
                    published += batch
        except Exception as exc:  # shutting down: never fail it, the rows stay pending
            log.warning("outbox flush at shutdown incomplete: %s", type(exc).__name__)
        if published:
            log.info("outbox flushed at shutdown: %d message(s)", published)

    def wake(self) -> None:
        """Publish now instead of at the next poll (call after a commit that queued events)."""
        self._wake.set()

    async def _run(self) -> None:
        woken = True
        while not self._stopping:
            published = 0
            try:
                published = await self.publish_pending(peek=not woken)
            except Exception as exc:  # the loop must survive a database hiccup
                log.warning("outbox relay poll failed: %s", type(exc).__name__)
            if published >= self._batch_size:
                woken = True
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_interval_s)
                woken = True
            except TimeoutError:
                woken = False
            self._wake.clear()

    async def _anything_pending(self) -> bool:
        """One cheap, untraced query: the timer's polls find nothing nearly always, and would
        otherwise cost an advisory lock and a few spans each."""
        with suppress_instrumentation():
            async with self._sessions() as session:
                seq = await session.scalar(
                    select(outbox_table.c.seq).where(outbox_table.c.published_at.is_(None)).limit(1)
                )
                await session.rollback()
        return seq is not None

    async def publish_pending(self, *, peek: bool = False) -> int:
        """Publish one batch of pending rows in insertion order; returns how many were published.

        ``peek`` (the timer's polls) first checks cheaply whether anything is pending at all.

        All rows are handed to the producer first and their acknowledgements awaited together
        (one round trip per batch instead of per row), then one UPDATE marks them published. Only
        the rows before the first failure count as published: that row and every later one are
        sent again next poll, behind the failed one. A later row may then arrive twice; the
        consumers' inbox dedupes it by ``ce_id``.
        """
        async with self._lock:
            if peek and not await self._anything_pending():
                return 0
            return await self._publish_locked()

    async def _publish_locked(self) -> int:
        async with self._sessions() as session:
            postgres = session.get_bind().dialect.name == "postgresql"
            if postgres:
                locked = await session.scalar(
                    select(func.pg_try_advisory_xact_lock(_ADVISORY_LOCK_KEY))
                )
                if not locked:
                    await session.rollback()
                    return 0
            query = (
                select(outbox_table)
                .where(outbox_table.c.published_at.is_(None))
                .order_by(outbox_table.c.seq)
                .limit(self._batch_size)
            )
            rows = (await session.execute(query)).mappings().all()
            if not postgres:
                await session.commit()  # end the SQLite read snapshot before writing later
            if not rows:
                await session.rollback()
                return 0
            done, failure = await self._publish_batch(rows)
            async with self._write_turns.turn(Lane.URGENT):
                if failure is not None:
                    seq, exc = failure
                    await self._record_failure(session, seq=seq, exc=exc)
                if done:
                    await session.execute(
                        update(outbox_table)
                        .where(outbox_table.c.seq.in_(done), outbox_table.c.published_at.is_(None))
                        .values(published_at=utcnow())
                    )
                await session.commit()
            return len(done)

    async def _publish_batch(
        self, rows: Sequence[Any]
    ) -> tuple[list[int], tuple[int, BaseException] | None]:
        """Send every row, then await the acknowledgements; the published prefix and the failure."""
        sent: list[tuple[int, asyncio.Future[Any]]] = []
        failure: tuple[int, BaseException] | None = None
        for row in rows:
            try:
                sent.append((row["seq"], await self._send(row)))
            except Exception as exc:
                failure = (row["seq"], exc)
                break
        try:
            outcomes = await asyncio.wait_for(
                asyncio.gather(*(f for _, f in sent), return_exceptions=True),
                timeout=self._publish_timeout_s,
            )
        except TimeoutError as exc:
            outcomes = [exc] * len(sent)
        done: list[int] = []
        for (seq, _), outcome in zip(sent, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                return done, (seq, outcome)
            done.append(seq)
        return done, failure

    async def _send(self, row: Any) -> asyncio.Future[Any]:
        """Hand one row to the producer; the future resolves when the broker acknowledged it."""
        carrier = {k: row[k] for k in ("traceparent", "tracestate") if row[k]}
        parent = _propagator.extract(carrier)
        with _tracer.start_as_current_span(
            "zvh.outbox publish",
            context=parent,
            kind=trace.SpanKind.INTERNAL,
            attributes={
                "messaging.destination.name": row["topic"],
                "zvh.event.type": row["event_type"],
                "zvh.event.id": str(row["event_id"]),
            },
        ):
            headers = row["headers"]
            if isinstance(headers, str):
                headers = json.loads(headers)
            future: asyncio.Future[Any] = await asyncio.wait_for(
                self._broker.publish(
                    row["body"].encode("utf-8"),
                    topic=row["topic"],
                    key=row["key"].encode("utf-8") if row["key"] else None,
                    headers=dict(headers),
                    correlation_id=str(row["event_id"]),
                    no_confirm=True,
                ),
                timeout=self._publish_timeout_s,
            )
            return future

    async def _record_failure(self, session: AsyncSession, *, seq: int, exc: BaseException) -> None:
        log.warning("outbox publish failed (seq=%s): %s; retry next poll", seq, type(exc).__name__)
        await session.execute(
            update(outbox_table)
            .where(outbox_table.c.seq == seq)
            .values(attempts=outbox_table.c.attempts + 1, last_error=type(exc).__name__[:500])
        )
