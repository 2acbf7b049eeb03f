"""How every service consumes: raw records in, transient failures retried, permanent ones kept.

``Consumers.subscribe`` puts a ``RecordHandler`` on topics with the never-raising parser and the
commit-after-handler options. When the handler fails:

* transient (``is_transient``): only that partition is paused, the consumer seeks back to the
  record and resumes after a capped exponential back-off; other partitions keep flowing. Retried
  until it passes.
* permanent: the record is kept in ``zvh_dead_letter`` (cut to the size limit), a reference
  without content goes to ``zvh.dlq.<service>.v1``, the service's ``on_permanent`` answers the
  partner, and the offset is committed. ``replay`` runs the handler again for a kept record.

``Consumers.subscribe_batch`` does the same for up to ``max_records`` records at a time, for a
service that handles them in one transaction (one commit, one offset commit per batch; the
service's batches take turns by ``turns.WriteTurns``): its
handler runs each record in a SAVEPOINT (``handle_each``) and returns the ones that failed
permanently, which are kept and answered as above while the rest commit. A transient failure
rolls the whole batch back: its partitions pause and rewind to the batch's first records.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition
from faststream.exceptions import HandlerException, NackMessage
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts import topics

from zvh_platform import dead_letters
from zvh_platform.failures import BerichtTeGroot, describe_error, is_transient
from zvh_platform.messaging import consumer_options
from zvh_platform.records import (
    RawRecord,
    RecordHandler,
    raw_batch_decoder,
    raw_decoder,
    safe_batch_parser,
    safe_parser,
)
from zvh_platform.settings import ServiceSettings
from zvh_platform.turns import Lane, WriteTurns

log = logging.getLogger(__name__)

PermanentAnswer = Callable[[RawRecord, BaseException], Awaitable[None]]
#: A record that failed permanently, and why.
Failure = tuple[RawRecord, BaseException]
#: Handles a batch in one transaction; returns the records that failed permanently (rolled back
#: to their savepoint), raises for a transient failure (the whole batch is retried).
BatchHandler = Callable[[Sequence[RawRecord]], Awaitable[Sequence[Failure]]]

#: Records per batch: large enough to spread a commit over many, small enough that a quiet
#: partner's message, which waits for the batch that is running, is answered within a second
#: during a flood (25 gave a p99 of 1.0 s in ``zvh bench fuzz``; 10 gives about 0.4 s at the
#: same throughput).
BATCH_MAX_RECORDS = 10

_tracer = trace.get_tracer("zvh_platform.consuming")
_propagator = TraceContextTextMapPropagator()

ERROR_HEADER = "x-zvh-error"
ERROR_TYPE_HEADER = "x-zvh-error-type"
ORIGINAL_TOPIC_HEADER = "x-zvh-original-topic"
ORIGINAL_PARTITION_HEADER = "x-zvh-original-partition"
ORIGINAL_OFFSET_HEADER = "x-zvh-original-offset"
ORIGINAL_CE_ID_HEADER = "x-zvh-original-ce-id"
ORIGINAL_CE_TYPE_HEADER = "x-zvh-original-ce-type"
SERVICE_HEADER = "x-zvh-service"
DEAD_LETTER_ID_HEADER = "x-zvh-dead-letter-id"

REPLAY_OK = "verwerkt"


@dataclass(frozen=True)
class _Route:
    handler: RecordHandler
    on_permanent: PermanentAnswer | None


def check_size(record: RawRecord, limit: int) -> None:
    """Raise BerichtTeGroot for a record over the limit (handlers of internal topics)."""
    if len(record.value) > limit:
        raise BerichtTeGroot(len(record.value), limit)


@contextmanager
def record_span(record: RawRecord) -> Iterator[trace.Span]:
    """A span per record of a batch, child of the record's ``traceparent``: one trace per melding
    across services, as with one record per consume. No exception text: it may quote input."""
    with _tracer.start_as_current_span(
        f"{record.topic} process",
        context=_propagator.extract(record.header_map),
        kind=trace.SpanKind.CONSUMER,
        attributes={
            "messaging.system": "kafka",
            "messaging.destination.name": record.topic,
            "messaging.kafka.destination.partition": record.partition,
            "messaging.kafka.message.offset": record.offset,
        },
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        yield span


async def handle_each(records: Sequence[RawRecord], handle: RecordHandler) -> list[Failure]:
    """Run ``handle`` per record, each in its own span; collect permanent failures, raise a
    transient one (``handle`` runs each record in a savepoint of the batch's transaction)."""
    failures: list[Failure] = []
    for record in records:
        with record_span(record) as span:
            try:
                await handle(record)
            except HandlerException:
                raise
            except Exception as exc:
                if is_transient(exc):
                    raise
                span.set_status(trace.StatusCode.ERROR, type(exc).__name__)
                failures.append((record, exc))
    return failures


def backoff_s(attempt: int, *, start_s: float, cap_s: float) -> float:
    """Capped exponential back-off before retry number ``attempt`` (1-based)."""
    return float(min(cap_s, start_s * 2 ** max(0, attempt - 1)))


class Consumers:
    """The subscriptions of one service, its retry state and its dead letters."""

    def __init__(
        self,
        *,
        broker: KafkaBroker,
        settings: ServiceSettings,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        write_turns: WriteTurns | None = None,
    ) -> None:
        self.broker = broker
        self.settings = settings
        self.sessions = sessions
        self.service = settings.service
        self._routes: dict[str, _Route] = {}
        self._attempts: dict[tuple[str, int, int], int] = {}
        #: Batch handlers of one service take turns (``turns.py``): SQLite has one writer, and
        #: without a queue a busy subscription's transactions starve the others into lock
        #: time-outs and back-off. A short batch (a partner that has caught up) goes before full
        #: ones, so it waits for at most the batch that is running; the outbox relay's marking
        #: goes first of all.
        self._turns = write_turns or WriteTurns()

    def subscribe(
        self,
        *topic_names: str,
        group: str,
        handler: RecordHandler,
        on_permanent: PermanentAnswer | None = None,
    ) -> None:
        """Consume ``topic_names`` in consumer group ``group`` with ``handler``."""
        route = _Route(handler=handler, on_permanent=on_permanent)
        for name in topic_names:
            self._routes[name] = route

        @self.broker.subscriber(
            *topic_names,
            parser=safe_parser,
            decoder=raw_decoder,
            **consumer_options(self.settings, group=group),
        )
        async def consume(msg: KafkaMessage) -> None:
            await self._consume(msg, route)

    def subscribe_batch(
        self,
        *topic_names: str,
        group: str,
        handler: BatchHandler,
        on_permanent: PermanentAnswer | None = None,
        max_records: int = BATCH_MAX_RECORDS,
    ) -> None:
        """Consume ``topic_names`` in batches of up to ``max_records``; offsets commit per batch."""

        async def one(record: RawRecord) -> None:  # replay of a dead letter
            failures = await handler([record])
            if failures:
                raise failures[0][1]

        route = _Route(handler=one, on_permanent=on_permanent)
        for name in topic_names:
            self._routes[name] = route

        @self.broker.subscriber(
            *topic_names,
            batch=True,
            max_records=max_records,
            batch_timeout_ms=self.settings.kafka_fetch_max_wait_ms,
            parser=safe_batch_parser,
            decoder=raw_batch_decoder,
            **consumer_options(self.settings, group=group),
        )
        async def consume(msg: KafkaMessage) -> None:
            await self._consume_batch(msg, handler, route, max_records=max_records)

    @property
    def topics(self) -> list[str]:
        return sorted(self._routes)

    async def _consume_batch(
        self, msg: KafkaMessage, handler: BatchHandler, route: _Route, *, max_records: int
    ) -> None:
        records = [RawRecord.from_consumer_record(r) for r in msg.raw_message]
        if not records:
            return
        try:
            lane = Lane.FULL if len(records) >= max_records else Lane.LIGHT
            async with self._turns.turn(lane):
                failures = list(await handler(records))
        except HandlerException:
            raise
        except Exception as exc:
            if is_transient(exc):
                self._retry_later(msg, records, exc)
            # The batch as a whole failed (e.g. its commit): find the culprits one by one.
            log.warning("batch failed (%s): handling its records one by one", type(exc).__name__)
            failures = await self._one_by_one(msg, records, handler)
        for record, error in failures:
            try:
                await self._fail(record, error, route)
            except Exception as fail_exc:
                log.error(
                    "dead-lettering failed (topic=%s, offset=%s): %s",
                    record.topic,
                    record.offset,
                    type(fail_exc).__name__,
                )
                self._retry_later(msg, records, fail_exc)
        self._attempts.pop(_place(records[0]), None)

    async def _one_by_one(
        self, msg: KafkaMessage, records: list[RawRecord], handler: BatchHandler
    ) -> list[Failure]:
        failures: list[Failure] = []
        for record in records:
            try:
                failures.extend(await handler([record]))
            except HandlerException:
                raise
            except Exception as exc:
                if is_transient(exc):
                    self._retry_later(msg, records, exc)  # the done ones are deduped on return
                failures.append((record, exc))
        return failures

    async def _consume(self, msg: KafkaMessage, route: _Route) -> None:
        record = RawRecord.from_consumer_record(msg.raw_message)
        place = (record.topic, record.partition, record.offset)
        try:
            await route.handler(record)
        except HandlerException:
            raise
        except Exception as exc:
            if is_transient(exc):
                self._retry_later(msg, [record], exc)
            try:
                await self._fail(record, exc, route)
            except Exception as fail_exc:
                # Not kept: never commit past it; come back to it later.
                log.error(
                    "dead-lettering failed (topic=%s, offset=%s): %s",
                    record.topic,
                    record.offset,
                    type(fail_exc).__name__,
                )
                self._retry_later(msg, [record], fail_exc)
        self._attempts.pop(place, None)

    def _retry_later(
        self, msg: KafkaMessage, records: Sequence[RawRecord], exc: BaseException
    ) -> None:
        """Pause the records' partitions, rewind to the first record of each, resume after the
        back-off (raises Nack; the nack seeks back)."""
        record = records[0]
        place = _place(record)
        attempt = self._attempts.get(place, 0) + 1
        self._attempts[place] = attempt
        delay = backoff_s(
            attempt, start_s=self.settings.retry_backoff_s, cap_s=self.settings.retry_backoff_cap_s
        )
        log.warning(
            "transient failure, retry in %.1fs (attempt %d, topic=%s, partition=%d, ce_id=%s, "
            "records=%d): %s",
            delay,
            attempt,
            record.topic,
            record.partition,
            record.header("ce_id"),
            len(records),
            type(exc).__name__,
        )
        consumer = getattr(msg, "consumer", None)
        if consumer is not None and hasattr(consumer, "pause"):
            for tp in dict.fromkeys(TopicPartition(r.topic, r.partition) for r in records):
                consumer.pause(tp)
                asyncio.get_running_loop().call_later(delay, _resume, consumer, tp)
        raise NackMessage() from exc

    async def _fail(self, record: RawRecord, exc: BaseException, route: _Route) -> None:
        """Keep the record, publish the reference, answer the partner; then the offset commits."""
        dead_id: uuid.UUID | None = None
        if self.sessions is not None:
            async with self.sessions() as session:
                dead_id = await dead_letters.keep(
                    session,
                    service=self.service,
                    record=record,
                    exc=exc,
                    limit=self.settings.kafka_max_message_bytes,
                )
                await session.commit()
        await self._publish_reference(record, exc, dead_id)
        log.error(
            "record dead-lettered (service=%s, topic=%s, partition=%d, offset=%d, ce_id=%s, "
            "error=%s, dead_letter_id=%s)",
            self.service,
            record.topic,
            record.partition,
            record.offset,
            record.header("ce_id"),
            type(exc).__name__,
            dead_id,
        )
        if route.on_permanent is not None:
            try:
                await route.on_permanent(record, exc)
            except Exception as answer_exc:  # the dead letter is kept: an operator can replay
                log.error("answering the partner failed: %s", type(answer_exc).__name__)

    async def _publish_reference(
        self, record: RawRecord, exc: BaseException, dead_id: uuid.UUID | None
    ) -> None:
        dead_letter_id = str(dead_id) if dead_id else None
        ce_id = (record.header("ce_id") or "")[:100] or None
        ce_type = (record.header("ce_type") or "")[:200] or None
        error_type = type(exc).__name__
        error = describe_error(exc)
        reference = {
            "service": self.service,
            "dead_letter_id": dead_letter_id,
            "topic": record.topic,
            "partition": record.partition,
            "offset": record.offset,
            "ce_id": ce_id,
            "ce_type": ce_type,
            "error_type": error_type,
            "error": error,
        }
        headers = {
            ERROR_HEADER: error,
            ERROR_TYPE_HEADER: error_type,
            ORIGINAL_TOPIC_HEADER: record.topic,
            ORIGINAL_PARTITION_HEADER: str(record.partition),
            ORIGINAL_OFFSET_HEADER: str(record.offset),
            SERVICE_HEADER: self.service,
            DEAD_LETTER_ID_HEADER: dead_letter_id or "",
            ORIGINAL_CE_ID_HEADER: ce_id or "",
            ORIGINAL_CE_TYPE_HEADER: ce_type or "",
            "content-type": "application/json",
        }
        await self.broker.publish(
            json.dumps(reference).encode("utf-8"), topic=topics.dlq(self.service), headers=headers
        )

    async def replay(self, dead_id: uuid.UUID, *, by: str) -> dead_letters.DeadLetter | None:
        """Run the handler again for a kept record, in-process; record who, when and the outcome."""
        if self.sessions is None:
            raise RuntimeError("no database: nothing to replay")
        async with self.sessions() as session:
            loaded = await dead_letters.load(session, dead_id)
        if loaded is None:
            return None
        meta, record = loaded
        route = self._routes.get(record.topic)
        if route is None:
            result = "mislukt: geen handler voor dit topic"
        else:
            try:
                await route.handler(record)
                result = REPLAY_OK
            except Exception as exc:
                result = f"mislukt: {type(exc).__name__}: {describe_error(exc)}"
        async with self.sessions() as session:
            await dead_letters.mark_replayed(session, dead_id, by=by, result=result)
            await session.commit()
        log.warning(
            "dead letter replayed (service=%s, id=%s, by=%s, topic=%s, offset=%d): %s",
            self.service,
            dead_id,
            by,
            meta.topic,
            meta.offset,
            result.split(":", 1)[0],
        )
        async with self.sessions() as session:
            reloaded = await dead_letters.load(session, dead_id)
        return reloaded[0] if reloaded else None


def _place(record: RawRecord) -> tuple[str, int, int]:
    return (record.topic, record.partition, record.offset)


def _resume(consumer: Any, tp: TopicPartition) -> None:
    try:
        if tp in consumer.assignment():
            consumer.resume(tp)
    except Exception as exc:  # consumer stopped or partition revoked meanwhile
        log.info("resume of %s skipped: %s", tp, type(exc).__name__)
