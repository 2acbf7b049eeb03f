"""The meldpunt through the whole intake service and the real tansu broker: a partner's report
is answered on its from-zvh topic (receipt and rejection), and nothing of it reaches telemetry."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from broker_helpers import antwoorden, intake_app, send
from fastapi import FastAPI
from intake_fakes import FakePdp
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.vpt_incident_v1 import VptIncidentGemeld
from zvh_platform.telemetry import flush_telemetry

pytestmark = pytest.mark.broker

PARTNER = "gemeente-bergen-op-zoom"
PLAATS = "Huisbezoek Geheimstraat 12"


@pytest.fixture
async def app(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    async with intake_app(kafka_bootstrap, tmp_path, pdp=FakePdp(allow=False)) as app:
        yield app


async def _send(bootstrap: str, *, body: bytes, headers: dict[str, str]) -> None:
    await send(bootstrap, PARTNER, body=body, headers=headers)


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

    answers = await antwoorden(kafka_bootstrap, PARTNER, [valid.id, invalid.id])

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
