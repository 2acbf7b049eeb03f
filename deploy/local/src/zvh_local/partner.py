"""A partner adapter in miniature: publish on the partner's to-zvh topic, read its from-zvh topic.

Speaks only the public contract (``zvh_contracts``) and Kafka, as a real partner system would:
CloudEvents headers in binary mode plus W3C ``traceparent``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition
from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope


@dataclass(frozen=True)
class Received:
    """One message a partner read from its from-zvh topic."""

    topic: str
    headers: dict[str, str]
    body: bytes
    offset: int
    partition: int
    #: The record's create time (ms since the epoch), set by the producing service.
    timestamp_ms: int = 0

    @property
    def ce_type(self) -> str:
        return self.headers.get("ce_type", "")

    @property
    def ce_id(self) -> str:
        return self.headers.get("ce_id", "")

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


class PartnerProducer:
    """Publishes to ``zvh.partner.<org>.to-zvh.v1`` with CloudEvents headers."""

    def __init__(self, *, bootstrap: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            enable_idempotence=False,
            max_request_size=topics.MAX_MESSAGE_BYTES,
            acks="all",
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def publish(
        self,
        *,
        org: str,
        event: Event,
        trace_headers: Mapping[str, str] | None = None,
        event_id: uuid.UUID | None = None,
    ) -> uuid.UUID:
        """Send ``event`` as partner ``org``; returns its ``ce_id``."""
        envelope = Envelope(
            id=event_id or uuid.uuid4(),
            source=org,
            type=event.event_type,
            subject=event.subject(),
        )
        await self.publish_raw(
            topic=topics.partner_to_zvh(org),
            body=event.model_dump_json().encode(),
            headers={**envelope.headers(), **(trace_headers or {})},
            key=event.subject(),
        )
        return envelope.id

    async def publish_raw(
        self, *, topic: str, body: bytes, headers: Mapping[str, str], key: str | None = None
    ) -> None:
        """Send any bytes with any headers (for malformed-input tests)."""
        await self._producer.send_and_wait(
            topic,
            value=body,
            key=key.encode() if key else None,
            headers=[(k, v.encode()) for k, v in headers.items()],
        )


@dataclass
class PartnerInbox:
    """Collects what arrives on some partners' from-zvh topics, from now on or from the start."""

    bootstrap: str
    partners: list[str]
    from_beginning: bool = False
    received: list[Received] = field(default_factory=list)
    _consumer: AIOKafkaConsumer | None = None
    _task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=50,  # tansu holds a fetch this long even when a message arrives
        )
        await consumer.start()
        await consumer.topics()  # loads metadata so partitions are known
        tps: list[TopicPartition] = []
        for org in self.partners:
            name = topics.partner_from_zvh(org)
            parts = consumer.partitions_for_topic(name)
            if not parts:
                await consumer.stop()
                raise RuntimeError(f"topic {name} does not exist; is the stack running?")
            tps += [TopicPartition(name, p) for p in sorted(parts)]
        consumer.assign(tps)
        if self.from_beginning:
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        for tp in tps:  # resolve positions now, so nothing sent after start() is missed
            await consumer.position(tp)
        self._consumer = consumer
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for r in records:
                    headers = {
                        k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
                        for k, v in (r.headers or [])
                    }
                    self.received.append(
                        Received(
                            topic=r.topic,
                            headers=headers,
                            body=r.value or b"",
                            offset=r.offset,
                            partition=r.partition,
                            timestamp_ms=r.timestamp,
                        )
                    )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None

    async def wait_for(
        self, match: Callable[[Received], bool], *, timeout_s: float, what: str
    ) -> Received:
        """The first received message matching ``match``; TimeoutError naming ``what``."""
        deadline = time.monotonic() + timeout_s
        while True:
            for r in self.received:
                if match(r):
                    return r
            if self._task is not None and self._task.done():
                exc = self._task.exception()
                raise RuntimeError(f"partner consumer stopped while waiting for {what}: {exc}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {what} within {timeout_s:.0f}s")
            await asyncio.sleep(0.05)
