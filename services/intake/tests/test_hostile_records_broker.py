"""Every partner record is answered, whatever its body or headers (real tansu broker).

Each case used to vanish or end in the dead-letter topic: FastStream's parser dropped non-UTF-8
and null header values, a 3,000-deep body raised RecursionError, a reused ce_id of another
partner was deduped away, and a 2 MiB body was stored twice.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi import FastAPI
from sqlalchemy import text
from voorbeelden import melding_body
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_intake.bootstrap import create_app
from zvh_intake.config import IntakeSettings
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker

POLITIE, GEMEENTE = "politie-zwb", "gemeente-roosendaal"


@pytest.fixture
async def app(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = IntakeSettings(
        env="test",
        var_dir=tmp_path,
        kafka_bootstrap=kafka_bootstrap,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}",
        telemetry_dir=tmp_path / "telemetry",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


async def _send(
    bootstrap: str, partner: str, body: bytes, headers: list[tuple[str, bytes | None]]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=4 * 1024 * 1024)
    await producer.start()
    try:
        await producer.send_and_wait(topics.partner_to_zvh(partner), body, headers=headers)
    finally:
        await producer.stop()


def _headers(envelope: Envelope, **replace: bytes | None) -> list[tuple[str, bytes | None]]:
    out: list[tuple[str, bytes | None]] = [(k, v.encode()) for k, v in envelope.headers().items()]
    return [(k, replace[k]) if k in replace else (k, v) for k, v in out]


async def _answers(bootstrap: str, partner: str, want: set[str]) -> dict[str, dict[str, Any]]:
    consumer = AIOKafkaConsumer(
        topics.partner_from_zvh(partner),
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    found: dict[str, dict[str, Any]] = {}
    try:

        async def all_there() -> bool:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for rec in records:
                    body = json.loads(rec.value)
                    found[str(body.get("in_antwoord_op"))] = body
            return want <= set(found)

        await wait_for(all_there, timeout_s=40)
    finally:
        await consumer.stop()
    return found


def _envelope(ref: str) -> Envelope:
    return Envelope(source="adapter", type=MeldingIngediend.event_type, subject=ref)


async def test_hostile_records_are_all_answered(app: FastAPI, kafka_bootstrap: str) -> None:
    limit = app.state.settings.kafka_max_message_bytes
    deep, latin, null, big, politie = (_envelope(f"R-{i}") for i in range(5))
    await _send(kafka_bootstrap, POLITIE, b'{"a":' * 3000 + b"1" + b"}" * 3000, _headers(deep))
    valid = json.dumps(melding_body(melder_referentie="R-latin")).encode()
    await _send(kafka_bootstrap, POLITIE, valid, _headers(latin, ce_source=b"politie-\xff\xfe"))
    await _send(kafka_bootstrap, POLITIE, b"{}", _headers(null, ce_subject=None))
    await _send(kafka_bootstrap, POLITIE, b"x" * (2 * 1024 * 1024), _headers(big))
    body = json.dumps(melding_body(melder_referentie="R-politie")).encode()
    await _send(kafka_bootstrap, POLITIE, body, _headers(politie))
    # the gemeente reuses politie's ce_id for its own, valid melding
    gemeente = Envelope(
        id=politie.id, source="gem", type=MeldingIngediend.event_type, subject="G-1"
    )
    g_body = json.dumps(melding_body(melder_referentie="G-1")).encode()
    await _send(kafka_bootstrap, GEMEENTE, g_body, _headers(gemeente))

    ids = {str(e.id) for e in (deep, latin, null, big, politie)}
    answers = await _answers(kafka_bootstrap, POLITIE, ids)
    assert answers[str(deep.id)]["status"] == "afgewezen"
    assert answers[str(deep.id)]["redenen"][0]["melding"] == "het bericht is geen geldige JSON"
    assert answers[str(latin.id)]["status"] == "ontvangen"  # source is informative only
    assert answers[str(null.id)]["status"] == "afgewezen"
    assert "ce_subject" in answers[str(null.id)]["redenen"][0]["melding"]
    assert answers[str(big.id)]["redenen"] == [
        {"veld": "", "melding": f"het bericht is groter dan {limit} bytes"}
    ]
    assert answers[str(politie.id)]["status"] == "ontvangen"
    g_answers = await _answers(kafka_bootstrap, GEMEENTE, {str(politie.id)})
    assert g_answers[str(politie.id)]["status"] == "ontvangen"
    assert g_answers[str(politie.id)]["melding_id"] != answers[str(politie.id)]["melding_id"]

    async with app.state.runtime.sessions() as s:
        rows = (
            await s.execute(
                text("SELECT ce_id, body_tekst, body_base64 FROM onverwerkbare_berichten")
            )
        ).all()
        dead = (await s.execute(text("SELECT count(*) FROM zvh_dead_letter"))).scalar()
    kept = {r[0]: r for r in rows}
    _, tekst, b64 = kept[str(big.id)]
    assert len(tekst) == limit and b64 == ""  # kept once, cut to the limit
    assert dead == 0
