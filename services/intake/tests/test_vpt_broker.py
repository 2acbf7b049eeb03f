"""The meldpunt through the whole intake service and the real tansu broker: a partner's report
is answered on its from-zvh topic (receipt and rejection), and nothing of it reaches telemetry."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi import FastAPI
from intake_fakes import FakePdp
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.vpt_incident_v1 import VptIncidentGemeld
from zvh_intake.bootstrap import Adapters, create_app
from zvh_intake.config import IntakeSettings
from zvh_platform.telemetry import flush_telemetry
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker

PARTNER = "gemeente-bergen-op-zoom"
PLAATS = "Huisbezoek Geheimstraat 12"


@pytest.fixture
async def app(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = IntakeSettings(
        env="test",
        var_dir=tmp_path,
        kafka_bootstrap=kafka_bootstrap,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}",
        telemetry_dir=tmp_path / "telemetry",
    )
    app = create_app(settings, adapters=Adapters(pdp=FakePdp(allow=False)))
    async with app.router.lifespan_context(app):
        yield app


async def _send(bootstrap: str, *, body: bytes, headers: dict[str, str]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.partner_to_zvh(PARTNER),
            body,
            headers=[(k, v.encode()) for k, v in headers.items()],
        )
    finally:
        await producer.stop()


async def test_partner_report_is_answered_on_its_topic(app: FastAPI, kafka_bootstrap: str) -> None:
    referentie = f"GBZ-{uuid.uuid4().hex[:8]}"
    body = {
        "referentie": referentie,
        "gebeurd_op": "2020-05-04T10:15:00+02:00",
        "plaats": PLAATS,
        "soorten": ["fysiek"],
        "politie_ter_plaatse": True,
        "impact": 5,
        "medewerker": "Yusuf Yilmaz",
        "urgent": True,
    }
    valid = Envelope(source="gbz-adapter", type=VptIncidentGemeld.event_type, subject=referentie)
    invalid = Envelope(source="gbz-adapter", type=VptIncidentGemeld.event_type, subject="x")
    await _send(kafka_bootstrap, body=json.dumps(body).encode(), headers=valid.headers())
    slecht = {**body, "referentie": "GBZ-slecht", "soorten": ["schoppen"], "impact": 0}
    await _send(kafka_bootstrap, body=json.dumps(slecht).encode(), headers=invalid.headers())

    consumer = AIOKafkaConsumer(
        topics.partner_from_zvh(PARTNER),
        bootstrap_servers=kafka_bootstrap,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        session_timeout_ms=2000,
        heartbeat_interval_ms=500,
    )
    await consumer.start()
    answers: dict[str, tuple[dict[str, str], dict[str, Any]]] = {}
    try:

        async def both_answered() -> bool:
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for rec in records:
                    antwoord = json.loads(rec.value)
                    answers[str(antwoord.get("in_antwoord_op"))] = (
                        {k: v.decode() for k, v in rec.headers},
                        antwoord,
                    )
            return str(valid.id) in answers and str(invalid.id) in answers

        await wait_for(both_answered, timeout_s=30)
    finally:
        await consumer.stop()

    headers, receipt = answers[str(valid.id)]
    assert headers["ce_type"] == "zvh.partner.vpt-incident.ontvangen.v1"
    assert receipt["status"] == "ontvangen" and receipt["referentie"] == referentie
    assert uuid.UUID(receipt["incident_id"])
    headers, rejection = answers[str(invalid.id)]
    assert headers["ce_type"] == "zvh.partner.vpt-incident.ontvangen.v1"
    assert rejection["status"] == "afgewezen" and rejection["referentie"] == "GBZ-slecht"
    assert {r["veld"] for r in rejection["redenen"]} == {"soorten[0]", "impact"}

    assert flush_telemetry()
    traces = (app.state.settings.telemetry_path() / "intake-traces.jsonl").read_text()
    assert receipt["incident_id"] in traces
    for secret in (PLAATS, "Yusuf Yilmaz"):
        assert secret not in traces, "no content in telemetry"
