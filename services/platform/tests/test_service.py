"""The service shell: lifespan wires migrations, consumers, broker, relay and telemetry."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import httpx
import pytest
from faststream.kafka import KafkaBroker
from platform_helpers import (
    ProefGebeurd,
    create_topic,
    header,
    read_topic,
    settings_for,
    unique_topic,
)
from sqlalchemy import MetaData
from zvh_platform.inbox import seen_before
from zvh_platform.messaging import publish_event
from zvh_platform.outbox import add_to_outbox
from zvh_platform.records import RawRecord
from zvh_platform.service import Runtime, ServiceSpec, build_app

pytestmark = pytest.mark.broker

MIGRATIONS = Path(__file__).parent / "proef_migrations"


async def test_app_consumes_dedupes_and_relays_in_one_trace(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    inbound_topic, outbound_topic = unique_topic(), unique_topic()
    for t in (inbound_topic, outbound_topic):
        await create_topic(kafka_bootstrap, t)
    settings = settings_for(bootstrap=kafka_bootstrap, tmp=tmp_path, service="shellproef")
    calls: list[str] = []

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        async def handle(record: RawRecord) -> None:
            envelope, _ = record.envelope()
            assert envelope is not None
            async with runtime.sessions() as s:
                if await seen_before(s, event_id=envelope.id, consumer="zvh-shellproef"):
                    calls.append("duplicaat")
                    return
                await add_to_outbox(
                    s,
                    event=ProefGebeurd(proef_id=envelope.subject, volgnummer=1),
                    source="zvh-shellproef",
                    topic=outbound_topic,
                )
                await s.commit()
            calls.append("verwerkt")
            runtime.relay.wake()

        runtime.consumers.subscribe(inbound_topic, group="zvh-shellproef", handler=handle)

    async def on_startup(runtime: Runtime) -> None:
        calls.append("gestart")

    spec = ServiceSpec(
        name="shellproef",
        metadata=MetaData(),
        migrations=MIGRATIONS,
        routers=[],
        register_consumers=register,
        on_startup=on_startup,
        ensure_topics=False,
    )
    app = build_app(spec, settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            health = await client.get("/healthz")
        assert health.json() == {"status": "ok", "service": "shellproef"}
        assert re.fullmatch(r"app;dur=\d+\.\d\d", health.headers["server-timing"])
        runtime: Runtime = app.state.runtime
        event_id = uuid.uuid4()
        for _ in range(2):  # the same event twice: the inbox makes the second a no-op
            await publish_event(
                runtime.broker,
                event=ProefGebeurd(proef_id="p-9"),
                source="zvh-proef",
                topic=inbound_topic,
                event_id=event_id,
            )
        records = await read_topic(kafka_bootstrap, outbound_topic, expect=1)

        async def both_seen() -> bool:
            return calls.count("verwerkt") + calls.count("duplicaat") == 2

        from zvh_platform.testing import wait_for

        await wait_for(both_seen, timeout_s=10)
    assert calls == ["gestart", "verwerkt", "duplicaat"]
    assert len(records) == 1
    assert header(records[0], "ce_subject") == "p-9"
    out_trace = (header(records[0], "traceparent") or "").split("-")[1]

    # shutdown flushed the spans: the consume and the relay publish share one trace id
    path = tmp_path / "telemetry" / "shellproef-traces.jsonl"
    docs = [json.loads(line) for line in path.read_text().splitlines()]
    spans = [
        s for d in docs for rs in d["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]
    ]
    names = {s["name"] for s in spans if s["traceId"] == out_trace}
    assert f"{inbound_topic} process" in names
    assert "zvh.outbox publish" in names
    assert f"{outbound_topic} publish" in names
    resource = docs[0]["resourceSpans"][0]["resource"]["attributes"]
    assert {"key": "service.name", "value": {"stringValue": "zvh-shellproef"}} in resource
    metrics = tmp_path / "telemetry" / "shellproef-metrics.jsonl"
    assert any("resourceMetrics" in json.loads(line) for line in metrics.read_text().splitlines())


async def test_shutdown_lets_a_handler_finish_and_publishes_what_it_committed(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """Graceful shutdown: a record being handled when the service stops is finished (not
    cancelled), and the outbox message its transaction committed is published before the
    producer closes — not left for the next start."""
    import asyncio

    from zvh_platform.testing import wait_for

    inbound_topic, outbound_topic = unique_topic(), unique_topic()
    for t in (inbound_topic, outbound_topic):
        await create_topic(kafka_bootstrap, t)
    settings = settings_for(bootstrap=kafka_bootstrap, tmp=tmp_path, service="stopproef")
    started, release = asyncio.Event(), asyncio.Event()
    calls: list[str] = []

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        async def handle(record: RawRecord) -> None:
            started.set()
            await release.wait()  # still busy when the shutdown begins
            async with runtime.sessions() as s:
                await add_to_outbox(
                    s,
                    event=ProefGebeurd(proef_id="stop-1"),
                    source="zvh-stopproef",
                    topic=outbound_topic,
                )
                await s.commit()
            calls.append("klaar")  # no wake(): the shutdown's flush must publish it

        runtime.consumers.subscribe(inbound_topic, group="zvh-stopproef", handler=handle)

    spec = ServiceSpec(
        name="stopproef",
        metadata=MetaData(),
        migrations=MIGRATIONS,
        register_consumers=register,
        ensure_topics=False,
    )
    app = build_app(spec, settings)
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    runtime: Runtime = app.state.runtime
    await publish_event(
        runtime.broker, event=ProefGebeurd(proef_id="in-1"), source="zvh-proef", topic=inbound_topic
    )

    async def handler_busy() -> bool:
        return started.is_set()

    await wait_for(handler_busy, timeout_s=20)

    stopping = asyncio.create_task(lifespan.__aexit__(None, None, None))

    async def consumers_stopping() -> bool:
        return not any(sub.running for sub in runtime.broker.subscribers)

    await wait_for(consumers_stopping, timeout_s=10)
    assert not stopping.done(), "the shutdown did not wait for the handler in flight"
    release.set()
    await asyncio.wait_for(stopping, timeout=30)

    assert calls == ["klaar"]
    records = await read_topic(kafka_bootstrap, outbound_topic, expect=1, timeout_s=5)
    assert [header(r, "ce_subject") for r in records] == ["stop-1"]
