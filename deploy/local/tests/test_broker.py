"""The local broker starts on a given port, gets the topic catalogue, and the partner adapter
reads what arrives on its from-zvh topic after it started (and only that)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from zvh_contracts import topics
from zvh_local.broker import Broker, create_topics
from zvh_local.partner import PartnerInbox, PartnerProducer
from zvh_local.ports import Ports

pytestmark = pytest.mark.broker


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    log = Path(tmp_path_factory.mktemp("broker")) / "broker.log"
    b = Broker(port=Ports.free().broker, log_path=log)
    b.start()
    try:
        yield b
    finally:
        b.stop()
    assert not b.alive()


async def test_catalogue_created_and_partner_round_trip(broker: Broker) -> None:
    created = await create_topics(broker.bootstrap)
    assert topics.partner_to_zvh("politie-zwb") in created
    assert topics.partner_from_zvh("gemeente-bergen-op-zoom") in created
    assert await create_topics(broker.bootstrap) == []  # idempotent

    producer = PartnerProducer(bootstrap=broker.bootstrap)
    await producer.start()
    topic = topics.partner_from_zvh("gemeente-bergen-op-zoom")
    try:
        await producer.publish_raw(topic=topic, body=b'{"n": 1}', headers={"ce_id": "old"})
        inbox = PartnerInbox(bootstrap=broker.bootstrap, partners=["gemeente-bergen-op-zoom"])
        await inbox.start()
        try:
            await producer.publish_raw(topic=topic, body=b'{"n": 2}', headers={"ce_id": "new"})
            got = await inbox.wait_for(lambda r: r.ce_id == "new", timeout_s=10, what="new")
        finally:
            await inbox.stop()
    finally:
        await producer.stop()
    assert got.json() == {"n": 2}
    assert [r.ce_id for r in inbox.received] == ["new"]
