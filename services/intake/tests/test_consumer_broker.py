"""The whole intake service against the real tansu broker: receipts and rejections arrive.

Starts the app's lifespan (migrations on SQLite, topics, consumer, relay), publishes as a partner
adapter would, and reads the answers from the partner's from-zvh topic.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from broker_helpers import antwoorden, intake_app, send
from fastapi import FastAPI
from intake_fakes import FakePdp, verwachte_regels
from voorbeelden import BSN, melding_body
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_platform.auth import User, lokaal_token
from zvh_platform.telemetry import flush_telemetry

pytestmark = pytest.mark.broker

PARTNER = "politie-zwb"
PR = User(id="pr.jansen", naam="P", org="zvh", roles=["procesregisseur"])


@pytest.fixture
async def app(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    async with intake_app(
        kafka_bootstrap, tmp_path, pdp=FakePdp(allow=False, regel=verwachte_regels)
    ) as app:
        yield app


async def _send(bootstrap: str, *, body: bytes, headers: dict[str, str]) -> None:
    await send(bootstrap, PARTNER, body=body, headers=headers)


async def test_receipt_and_rejection_reach_the_partner(app: FastAPI, kafka_bootstrap: str) -> None:
    referentie = f"PL-{uuid.uuid4().hex[:8]}"
    valid = Envelope(source="politie-adapter", type=MeldingIngediend.event_type, subject=referentie)
    broken = Envelope(source="politie-adapter", type=MeldingIngediend.event_type, subject="x")
    await _send(
        kafka_bootstrap,
        body=json.dumps(melding_body(melder_referentie=referentie)).encode(),
        headers=valid.headers(),
    )
    malformed = b'{"melder_referentie": "PL-x", "reden": 1'
    await _send(kafka_bootstrap, body=malformed, headers=broken.headers())

    answers = await antwoorden(kafka_bootstrap, PARTNER, [valid.id, broken.id])

    headers, receipt = answers[str(valid.id)]
    assert headers["ce_type"] == "zvh.partner.melding.ontvangen.v1"
    assert headers["ce_source"] == "zvh-intake"
    assert receipt["status"] == "ontvangen" and receipt["melder_referentie"] == referentie
    _, rejection = answers[str(broken.id)]
    assert rejection["status"] == "afgewezen"
    assert rejection["redenen"] == [{"veld": "", "melding": "het bericht is geen geldige JSON"}]

    token = lokaal_token(PR)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
        r = await client.get("/v1/meldingen", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert [m["melding_id"] for m in r.json()] == [receipt["melding_id"]]

    assert flush_telemetry()
    traces = (app.state.settings.telemetry_path() / "intake-traces.jsonl").read_text()
    assert receipt["melding_id"] in traces  # the consumer span carries zvh.melding_id
    assert "zvh.melding_id" in traces
    for secret in ("Testpersoon", BSN, "Zorgen over escalatie"):
        assert secret not in traces, "no personal data or content in telemetry"
