"""Broker factory against the real tansu broker: commit after the handler, topic catalogue."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka.annotations import KafkaMessage
from platform_helpers import (
    ProefGebeurd,
    create_topic,
    settings_for,
    unique_topic,
)
from pydantic import BaseModel, ValidationError
from zvh_contracts import topics
from zvh_platform.failures import describe_error
from zvh_platform.messaging import consumer_options, ensure_topics, make_broker, publish_event
from zvh_platform.records import RawRecord
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker


async def test_offset_committed_only_after_handler_returned(kafka_bootstrap: str) -> None:
    """A message whose handler never finished (shutdown mid-handler) comes back to the group."""
    service = f"proef{uuid.uuid4().hex[:6]}"
    settings = settings_for(
        bootstrap=kafka_bootstrap, service=service, kafka_graceful_timeout_s=0.2
    )
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic)
    group = f"zvh-{service}"
    entered = asyncio.Event()
    handled: list[str] = []

    first = make_broker(settings)

    @first.subscriber(topic, **consumer_options(settings, group=group))
    async def hang(msg: KafkaMessage) -> None:
        entered.set()
        await asyncio.Event().wait()  # never returns: cancelled at shutdown

    second = make_broker(settings)

    @second.subscriber(topic, **consumer_options(settings, group=group))
    async def finish(msg: KafkaMessage) -> None:
        handled.append(RawRecord.from_consumer_record(msg.raw_message).key_text or "")

    # a second client of the group that never joins: it only reads the committed offset
    probe = AIOKafkaConsumer(bootstrap_servers=kafka_bootstrap, group_id=group)
    await probe.start()

    async def committed() -> int:
        return await probe.committed(TopicPartition(topic, 0)) or 0

    try:
        await first.start()
        await publish_event(first, event=ProefGebeurd(proef_id="p"), source="s", topic=topic)
        await asyncio.wait_for(entered.wait(), timeout=20)
        assert await committed() == 0  # handler still running: nothing committed
        await first.stop()
        assert await committed() == 0  # cancelled handler: still nothing committed

        await second.start()

        async def redelivered_and_committed() -> bool:
            return handled == ["p"] and await committed() == 1

        await wait_for(redelivered_and_committed, timeout_s=20)
    finally:
        await first.stop()
        await second.stop()
        await probe.stop()


def test_describe_error_hides_input_values() -> None:
    class M(BaseModel):
        bsn: int

    with pytest.raises(ValidationError) as info:
        M.model_validate({"bsn": "Jan de Vries 123456782"})
    text = describe_error(info.value)
    assert "bsn" in text
    assert "Jan de Vries" not in text and "123456782" not in text


async def test_ensure_topics_creates_catalogue(kafka_bootstrap: str) -> None:
    settings = settings_for(bootstrap=kafka_bootstrap)
    expected = {s.name for s in topics.catalogue(settings.region().partner_codes())}
    first = await ensure_topics(settings)
    assert set(first) <= expected
    assert await ensure_topics(settings) == []  # everything exists now
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        assert expected <= set(await admin.list_topics())
    finally:
        await admin.close()
    assert "zvh.partner.politie-zwb.to-zvh.v1" in expected
    assert topics.INTAKE_MELDING in expected and topics.dlq("intake") in expected


def test_consumers_ask_for_short_fetch_waits() -> None:
    """tansu holds a fetch for the full wait even when a message arrives: keep it short."""
    from zvh_platform.settings import ServiceSettings

    settings = ServiceSettings(service="proef", env="test")
    options = consumer_options(settings, group="zvh-proef")
    assert options["fetch_max_wait_ms"] == settings.kafka_fetch_max_wait_ms <= 100
