"""Helpers for the platform tests: a tiny event type, topics and a raw Kafka reader."""

from __future__ import annotations

import uuid
from typing import ClassVar

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from zvh_contracts.base import Event
from zvh_platform.settings import ServiceSettings
from zvh_platform.testing import wait_for


class ProefGebeurd(Event):
    """A test-only event: ids and codes, nothing else."""

    event_type: ClassVar[str] = "zvh.proef.proef.gebeurd.v1"
    proef_id: str
    volgnummer: int = 0

    def subject(self) -> str:
        return self.proef_id


def settings_for(
    *, bootstrap: str = "127.0.0.1:1", tmp: object = None, **extra: object
) -> ServiceSettings:
    """Test settings for a made-up service ``proef``."""
    base: dict[str, object] = {
        "env": "test",
        "service": "proef",
        "kafka_bootstrap": bootstrap,
        "retry_backoff_s": 0.01,
    }
    if tmp is not None:
        base["var_dir"] = tmp
    return ServiceSettings(**{**base, **extra})  # type: ignore[arg-type]


def unique_topic(prefix: str = "zvh.proef") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}.v1"


async def create_topic(bootstrap: str, name: str, *, partitions: int = 1) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()


async def read_topic(
    bootstrap: str, topic: str, *, expect: int, timeout_s: float = 20.0
) -> list[ConsumerRecord]:
    """All records on ``topic`` once at least ``expect`` arrived (partition 0 and beyond)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        partitions = await wait_for(
            lambda: _partitions(consumer, topic), timeout_s=timeout_s, interval_s=0.1
        )
        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)

        async def probe() -> list[ConsumerRecord] | None:
            batch = await consumer.getmany(timeout_ms=200)
            for recs in batch.values():
                records.extend(recs)
            return records if len(records) >= expect else None

        if expect == 0:
            await probe()
            return records
        return await wait_for(probe, timeout_s=timeout_s, interval_s=0.01)
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int] | None:
    await consumer._client.force_metadata_update()
    return consumer.partitions_for_topic(topic) or None


def header(record: ConsumerRecord, name: str) -> str | None:
    for k, v in record.headers:
        if k == name:
            return v.decode()
    return None
