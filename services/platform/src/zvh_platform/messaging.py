"""The Kafka broker every service uses, configured so that nothing is lost (DESIGN.md §3, §10).

FastStream's default ack policy commits *before* the handler; ``consumer_options`` asks for
``AckPolicy.ACK`` (commit after the handler returned). The dead-letter middleware retries a failing
handler with exponential backoff, then publishes the raw message to ``zvh.dlq.<service>.v1`` with
the error in headers and lets the message be acked, so one bad message never blocks a partition.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream import AckPolicy, BaseMiddleware
from faststream.exceptions import HandlerException, NackMessage
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.message import StreamMessage
from pydantic import ValidationError
from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope, EnvelopeError

from zvh_platform.settings import ServiceSettings

log = logging.getLogger(__name__)

ERROR_HEADER = "x-zvh-error"
ERROR_TYPE_HEADER = "x-zvh-error-type"
ORIGINAL_TOPIC_HEADER = "x-zvh-original-topic"
ORIGINAL_PARTITION_HEADER = "x-zvh-original-partition"
ORIGINAL_OFFSET_HEADER = "x-zvh-original-offset"
ATTEMPTS_HEADER = "x-zvh-attempts"
_MAX_ERROR_CHARS = 500


def describe_error(exc: BaseException) -> str:
    """A short error text without input values (pydantic would echo personal data)."""
    if isinstance(exc, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        ]
        text = f"{exc.error_count()} validation error(s): " + "; ".join(parts)
    else:
        text = str(exc) or type(exc).__name__
    return text[:_MAX_ERROR_CHARS]


class DeadLetterMiddleware:
    """Broker middleware factory: retry with backoff, then dead-letter and ack."""

    def __init__(
        self,
        *,
        broker: KafkaBroker,
        service: str,
        attempts: int,
        backoff_s: float,
    ) -> None:
        self.broker = broker
        self.dlq_topic = topics.dlq(service)
        self.attempts = max(1, attempts)
        self.backoff_s = backoff_s

    def __call__(self, msg: Any, /, *, context: Any) -> _DeadLetterScope:
        return _DeadLetterScope(msg, context=context, config=self)


class _DeadLetterScope(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: Any, config: DeadLetterMiddleware) -> None:
        super().__init__(msg, context=context)
        self.config = config

    async def consume_scope(
        self, call_next: Callable[[StreamMessage[Any]], Awaitable[Any]], msg: StreamMessage[Any]
    ) -> Any:
        cfg = self.config
        last: Exception | None = None
        for attempt in range(1, cfg.attempts + 1):
            try:
                return await call_next(msg)
            except HandlerException:
                raise  # explicit ack/nack/reject/skip from the handler
            except Exception as exc:
                last = exc
                log.warning(
                    "handler failed (attempt %d/%d, topic=%s, ce_id=%s): %s",
                    attempt,
                    cfg.attempts,
                    _topic(msg),
                    msg.headers.get("ce_id"),
                    type(exc).__name__,
                )
                if attempt < cfg.attempts:
                    await asyncio.sleep(cfg.backoff_s * 2 ** (attempt - 1))
        assert last is not None
        await self._dead_letter(msg, last)
        return None

    async def _dead_letter(self, msg: StreamMessage[Any], exc: Exception) -> None:
        cfg = self.config
        raw = msg.raw_message
        headers = {k: v for k, v in msg.headers.items() if k not in ("traceparent", "tracestate")}
        headers |= {
            ERROR_HEADER: describe_error(exc),
            ERROR_TYPE_HEADER: type(exc).__name__,
            ORIGINAL_TOPIC_HEADER: _topic(msg),
            ORIGINAL_PARTITION_HEADER: str(getattr(raw, "partition", "")),
            ORIGINAL_OFFSET_HEADER: str(getattr(raw, "offset", "")),
            ATTEMPTS_HEADER: str(cfg.attempts),
        }
        try:
            await cfg.broker.publish(
                raw.value if raw is not None and raw.value is not None else msg.body,
                topic=cfg.dlq_topic,
                key=getattr(raw, "key", None),
                headers=headers,
            )
        except Exception as publish_exc:
            # Not dead-lettered: rewind so the message comes back instead of being lost.
            log.error(
                "dead-letter publish to %s failed: %s; message will be redelivered",
                cfg.dlq_topic,
                type(publish_exc).__name__,
            )
            raise NackMessage() from publish_exc
        log.error(
            "message dead-lettered to %s (topic=%s, ce_id=%s, error=%s)",
            cfg.dlq_topic,
            _topic(msg),
            msg.headers.get("ce_id"),
            type(exc).__name__,
        )


def _topic(msg: StreamMessage[Any]) -> str:
    return str(getattr(msg.raw_message, "topic", ""))


def make_broker(settings: ServiceSettings) -> KafkaBroker:
    """A KafkaBroker with tracing, dead-lettering, a message size limit and idempotence per env."""
    broker = KafkaBroker(
        settings.kafka_bootstrap,
        client_id=f"zvh-{settings.service}",
        enable_idempotence=settings.kafka_enable_idempotence,
        max_request_size=settings.kafka_max_message_bytes,
        acks="all",
        middlewares=[KafkaTelemetryMiddleware()],
        logger=logging.getLogger(f"zvh.{settings.service}.broker"),
        graceful_timeout=settings.kafka_graceful_timeout_s,
    )
    broker.add_middleware(
        DeadLetterMiddleware(
            broker=broker,
            service=settings.service,
            attempts=settings.retry_attempts,
            backoff_s=settings.retry_backoff_s,
        )
    )
    return broker


def consumer_options(settings: ServiceSettings, *, group: str) -> dict[str, Any]:
    """Subscriber options: a consumer group that commits only after the handler returned."""
    session_timeout = settings.kafka_session_timeout_ms
    return {
        "group_id": group,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": session_timeout,
        "heartbeat_interval_ms": max(100, session_timeout // 3),
        "ack_policy": AckPolicy.ACK,
    }


@dataclass(frozen=True)
class Inbound:
    """What a consumer needs from a Kafka message; ``envelope`` is None when headers are invalid."""

    envelope: Envelope | None
    envelope_error: str | None
    topic: str
    body: bytes
    key: str | None


def inbound(msg: KafkaMessage) -> Inbound:
    """Read envelope, topic, body and key from a consumed message without raising."""
    raw = msg.raw_message
    envelope: Envelope | None = None
    error: str | None = None
    try:
        envelope = Envelope.from_headers(msg.headers)
    except EnvelopeError as exc:
        error = str(exc)
    key = getattr(raw, "key", None)
    if isinstance(key, bytes):
        key = key.decode("utf-8", "replace")
    return Inbound(
        envelope=envelope,
        envelope_error=error,
        topic=str(getattr(raw, "topic", "")),
        body=msg.body,
        key=key,
    )


async def publish_event(
    broker: KafkaBroker,
    *,
    event: Event,
    source: str,
    topic: str,
    event_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Publish directly with CloudEvents headers (CLI and tests; services use the outbox)."""
    envelope = Envelope(
        id=event_id or uuid.uuid4(), source=source, type=event.event_type, subject=event.subject()
    )
    await broker.publish(
        event.model_dump_json().encode("utf-8"),
        topic=topic,
        key=envelope.subject.encode("utf-8"),
        headers=envelope.headers(),
        correlation_id=str(envelope.id),
    )
    return envelope.id


async def ensure_topics(settings: ServiceSettings) -> list[str]:
    """Create every catalogue topic that is missing; returns the names created."""
    specs = topics.catalogue(settings.region().partner_codes())
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap, client_id=f"zvh-{settings.service}-admin"
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        if missing:
            await admin.create_topics(
                [
                    NewTopic(
                        name=s.name,
                        num_partitions=s.partitions,
                        replication_factor=1,
                        topic_configs={"retention.ms": str(s.retention_ms)},
                    )
                    for s in missing
                ]
            )
        return [s.name for s in missing]
    finally:
        await admin.close()
