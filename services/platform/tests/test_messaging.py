"""Broker factory against the real tansu broker: dead-lettering, topic catalogue, envelopes."""

from __future__ import annotations

import asyncio
import uuid
from typing import ClassVar

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka.annotations import KafkaMessage
from platform_helpers import (
    ProefGebeurd,
    create_topic,
    header,
    read_topic,
    settings_for,
    unique_topic,
)
from pydantic import BaseModel, ValidationError
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_platform.messaging import (
    Inbound,
    consumer_options,
    describe_error,
    ensure_topics,
    inbound,
    make_broker,
    publish_event,
)
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker


async def test_failing_message_dead_lettered_then_run_goes_on(kafka_bootstrap: str) -> None:
    service = f"proef{uuid.uuid4().hex[:6]}"
    settings = settings_for(bootstrap=kafka_bootstrap, service=service, retry_attempts=3)
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic)
    await create_topic(kafka_bootstrap, topics.dlq(service))

    attempts: dict[str, int] = {}
    handled: list[Inbound] = []
    broker = make_broker(settings)

    @broker.subscriber(topic, **consumer_options(settings, group=f"zvh-{service}"))
    async def handle(msg: KafkaMessage) -> None:
        inb = inbound(msg)
        assert inb.envelope is not None
        event = ProefGebeurd.model_validate_json(inb.body)
        attempts[event.proef_id] = attempts.get(event.proef_id, 0) + 1
        if event.proef_id == "kapot":
            raise RuntimeError("handler kan dit niet aan")
        handled.append(inb)

    await broker.start()
    try:
        bad_id = await publish_event(
            broker, event=ProefGebeurd(proef_id="kapot"), source="zvh-proef", topic=topic
        )
        good_id = await publish_event(
            broker, event=ProefGebeurd(proef_id="goed"), source="zvh-proef", topic=topic
        )

        async def good_handled() -> bool:
            return bool(handled)

        await wait_for(good_handled, timeout_s=20)
        assert attempts == {"kapot": 3, "goed": 1}
        assert handled[0].envelope is not None and handled[0].envelope.id == good_id
        assert handled[0].topic == topic and handled[0].key == "goed"

        dead = await read_topic(kafka_bootstrap, topics.dlq(service), expect=1)
        assert len(dead) == 1
        record = dead[0]
        assert header(record, "x-zvh-error") == "handler kan dit niet aan"
        assert header(record, "x-zvh-error-type") == "RuntimeError"
        assert header(record, "x-zvh-original-topic") == topic
        assert header(record, "x-zvh-attempts") == "3"
        assert Envelope.from_headers(record.headers).id == bad_id  # raw message kept
        assert ProefGebeurd.model_validate_json(record.value).proef_id == "kapot"
        assert record.key == b"kapot"
    finally:
        await broker.stop()


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
        handled.append(inbound(msg).key or "")

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


def test_inbound_reports_envelope_error() -> None:
    class Msg:
        headers: ClassVar[dict[str, str]] = {"ce_specversion": "1.0"}
        body = b"{}"

        class raw_message:
            topic = "zvh.partner.politie-zwb.to-zvh.v1"
            key = None

    inb = inbound(Msg())  # type: ignore[arg-type]
    assert inb.envelope is None
    assert inb.envelope_error is not None and "ce_id" in inb.envelope_error
    assert inb.topic == "zvh.partner.politie-zwb.to-zvh.v1"


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
