"""The webhook bridge end to end on a real tansu broker, SQLite and a real local HTTP receiver.

Outbound (the acceptance test of issue 8): an actie for a partner without Kafka reaches its
callback URL, signed per Standard Webhooks; the receiver refuses the first delivery (503) and
accepts the second. A restart that re-reads the from-zvh topic delivers nothing twice.
Inbound: a partner posts over HTTP; only its own signed envelope reaches its own to-zvh topic.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker
from notify_fakes import INBOUND_SECRET, WEBHOOK_SECRET, actie
from notify_smtp import Collect, smtp_server
from sqlalchemy import select
from zvh_contracts import topics
from zvh_contracts.envelope import derived_id, partner_message_id
from zvh_notify.adapters.db.tables import bezorgingen, bezorgpogingen
from zvh_notify.bootstrap import create_app
from zvh_notify.config import NotifySettings
from zvh_notify.domain import webhook as sw
from zvh_platform.db import outbox_table
from zvh_platform.messaging import publish_event
from zvh_platform.testing import free_port, wait_for

pytestmark = pytest.mark.broker


@pytest.fixture
def partner() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def env_names(partner: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """This test's secrets in this test's environment variables (the region names them)."""
    tag = uuid.uuid4().hex[:8].upper()
    secret_env, inbound_env = f"ZVH_TEST_WEBHOOK_{tag}", f"ZVH_TEST_WEBHOOK_IN_{tag}"
    monkeypatch.setenv(secret_env, WEBHOOK_SECRET)
    monkeypatch.setenv(inbound_env, INBOUND_SECRET)
    return secret_env, inbound_env


def write_webhook_region(
    tmp_path: Path, partner: str, url: str, env_names: tuple[str, str]
) -> Path:
    path = tmp_path / "region.json"
    webhook = {"url": url, "secret_env": env_names[0], "inbound_secret_env": env_names[1]}
    eigen = {
        "code": partner,
        "naam": "Testcorporatie",
        "email": f"{partner}@partners.test",
        "webhook": webhook,
    }
    anders = {"code": "politie-zwb", "naam": "Politie", "email": "politie@partners.test"}
    path.write_text(json.dumps({"naam": "Test-ZVH", "partners": [eigen, anders], "users": []}))
    return path


@contextlib.asynccontextmanager
async def running(settings: NotifySettings) -> AsyncIterator[Any]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


def _settings(
    kafka_bootstrap: str, tmp_path: Path, region: Path, smtp_port: int, *, group: str
) -> NotifySettings:
    return NotifySettings(
        env="test",
        kafka_bootstrap=kafka_bootstrap,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}",
        var_dir=tmp_path,
        region_file=region,
        smtp_port=smtp_port,
        consumer_group=group,
        delivery_poll_interval_s=0.1,
        webhook_backoff_s=0.2,
        webhook_backoff_max_s=1.0,
    )


# --- a local HTTP receiver --------------------------------------------------------------------


class Receiver:
    """Records every POST; answers 503 to the first ``refuse`` of them, 204 afterwards."""

    def __init__(self, refuse: int) -> None:
        self.refuse = refuse
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()

    def snapshot(self) -> list[tuple[dict[str, str], bytes]]:
        with self.lock:
            return list(self.requests)


@contextlib.contextmanager
def receiving(receiver: Receiver) -> Iterator[str]:
    """An HTTP server on a free port in a thread; yields the callback URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with receiver.lock:
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                refused = len(receiver.requests) <= receiver.refuse
            self.send_response(503 if refused else 204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/zvh/webhook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def _webhook_rows(app: Any, partner: str) -> list[Any]:
    async with app.state.runtime.sessions() as s:
        return list(
            (
                await s.execute(
                    select(bezorgingen).where(
                        bezorgingen.c.kanaal == "webhook", bezorgingen.c.ontvanger == partner
                    )
                )
            )
            .mappings()
            .all()
        )


async def test_an_actie_reaches_the_callback_after_a_refusal_and_only_once(
    kafka_bootstrap: str, tmp_path: Path, partner: str, env_names: tuple[str, str]
):
    receiver = Receiver(refuse=1)
    smtp, smtp_port = Collect(), free_port()
    event = actie(wie=partner)
    ce_id = uuid.uuid4()
    from_zvh_id = derived_id("notify", ce_id, "partner", partner)
    producer = KafkaBroker(kafka_bootstrap)
    await producer.start()
    try:
        with smtp_server(smtp_port, smtp), receiving(receiver) as url:
            region = write_webhook_region(tmp_path, partner, url, env_names)

            def settings() -> NotifySettings:
                group = f"zvh-notify-{uuid.uuid4().hex[:6]}"
                return _settings(kafka_bootstrap, tmp_path, region, smtp_port, group=group)

            async with running(settings()) as app:
                await publish_event(
                    producer,
                    event=event,
                    source="overleg",
                    topic=topics.OVERLEG_CASUS,
                    event_id=ce_id,
                )

                async def verzonden() -> list[Any]:
                    rows = await _webhook_rows(app, partner)
                    return rows if rows and rows[0]["status"] == "verzonden" else []

                [row] = await wait_for(verzonden, timeout_s=30)
                async with app.state.runtime.sessions() as s:
                    pogingen = (
                        await s.execute(
                            select(bezorgpogingen.c.resultaat, bezorgpogingen.c.fout)
                            .where(bezorgpogingen.c.bezorging_id == row["id"])
                            .order_by(bezorgpogingen.c.nr)
                        )
                    ).all()

            assert [tuple(p) for p in pogingen] == [
                ("mislukt", "WebhookGeweigerd: HTTP 503"),
                ("gelukt", None),
            ]
            assert row["pogingen"] == 2 and row["bron_event_id"] == from_zvh_id
            requests = receiver.snapshot()
            assert len(requests) == 2  # refused once, accepted once
            for headers, body in requests:
                assert headers["content-type"] == "application/cloudevents+json"
                assert headers[sw.ID_HEADER] == str(from_zvh_id)
                signed_at = datetime.fromtimestamp(int(headers[sw.TIMESTAMP_HEADER]), UTC)
                assert sw.controleer(
                    secret=WEBHOOK_SECRET, headers=headers, body=body, nu=signed_at
                ) == str(from_zvh_id)
                doc = json.loads(body)
                assert doc["id"] == str(from_zvh_id) and doc["source"] == "notify"
                assert doc["type"] == "zvh.partner.actie.toegewezen.v1"
                assert doc["subject"] == str(event.casus_id)
                assert doc["data"] == {
                    "actie_id": str(event.actie_id),
                    "casus_id": str(event.casus_id),
                    "wat": event.wat,
                    "wie": partner,
                    "wanneer": event.wanneer.isoformat(),
                    "veiligheidssignalen": [],
                }
            with pytest.raises(sw.OngeldigeHandtekening):  # signed with notify's secret only
                sw.controleer(
                    secret=INBOUND_SECRET, headers=requests[0][0], body=requests[0][1], nu=signed_at
                )

            # Restart under new consumer groups: the from-zvh topic is read again from the
            # start. A second actie (same casus: same partition, after the first) shows when
            # the replay is through; the first is not delivered again.
            tweede = actie(wie=partner)
            tweede_id = derived_id("notify", (marker := uuid.uuid4()), "partner", partner)
            async with running(settings()) as app:
                await publish_event(
                    producer,
                    event=tweede,
                    source="overleg",
                    topic=topics.OVERLEG_CASUS,
                    event_id=marker,
                )

                async def beide() -> list[Any]:
                    rows = await _webhook_rows(app, partner)
                    klaar = len(rows) == 2 and all(r["status"] == "verzonden" for r in rows)
                    return rows if klaar else []

                rows = await wait_for(beide, timeout_s=30)
            assert {r["bron_event_id"] for r in rows} == {from_zvh_id, tweede_id}
            ids = [h[sw.ID_HEADER] for h, _ in receiver.snapshot()]
            assert ids == [str(from_zvh_id), str(from_zvh_id), str(tweede_id)]
    finally:
        await producer.stop()


# --- inbound ----------------------------------------------------------------------------------


def _structured(partner: str, *, source: str | None = None) -> dict[str, Any]:
    casus = str(uuid.uuid4())
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source or partner,
        "type": "zvh.partner.actie.teruggekoppeld.v1",
        "subject": casus,
        "time": "2026-11-24T11:00:00+01:00",
        "datacontenttype": "application/json",
        "data": {"actie_id": str(uuid.uuid4()), "casus_id": casus, "status": "loopt"},
    }


def _signed(doc: dict[str, Any], secret: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(doc).encode()
    headers = sw.onderteken(
        secret=secret, msg_id=str(doc["id"]), nu=datetime.now(UTC), body=body
    ).headers()
    return body, {**headers, "content-type": "application/cloudevents+json"}


async def test_a_partner_posts_only_as_itself_and_lands_on_its_own_to_zvh_topic(
    kafka_bootstrap: str, tmp_path: Path, partner: str, env_names: tuple[str, str]
):
    region = write_webhook_region(tmp_path, partner, "http://127.0.0.1:9/niet-gebruikt", env_names)
    settings = _settings(
        kafka_bootstrap, tmp_path, region, free_port(), group=f"zvh-notify-{uuid.uuid4().hex[:6]}"
    )
    path = f"/v1/webhook/{partner}/berichten"
    async with running(settings) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
            # no credential, wrong credential: 401 in Dutch
            body, headers = _signed(_structured(partner), INBOUND_SECRET)
            r = await client.post(path, content=body)
            assert r.status_code == 401 and "Niet geauthenticeerd" in r.json()["detail"]
            assert "WWW-Authenticate" in r.headers
            body, headers = _signed(_structured(partner), WEBHOOK_SECRET)
            r = await client.post(path, content=body, headers=headers)
            assert r.status_code == 401 and "handtekening klopt niet" in r.json()["detail"]
            # signed by this partner, but naming another: 403
            body, headers = _signed(_structured(partner, source="politie-zwb"), INBOUND_SECRET)
            r = await client.post(path, content=body, headers=headers)
            assert r.status_code == 403 and "namens zichzelf" in r.json()["detail"]
            # posting on another partner's path with this partner's signature: 401
            r = await client.post(
                "/v1/webhook/politie-zwb/berichten", content=body, headers=headers
            )
            assert r.status_code == 401
            # a bad envelope: 422 with reasons per field
            bad = _structured(partner)
            bad["data"] = {"casus_id": bad["subject"], "status": "loopt"}
            body, headers = _signed(bad, INBOUND_SECRET)
            r = await client.post(path, content=body, headers=headers)
            assert r.status_code == 422
            assert {"veld": "data.actie_id", "melding": "is verplicht maar ontbreekt"} in r.json()[
                "redenen"
            ]
            # the good one, twice (a retry): 202 both times
            good = _structured(partner)
            body, headers = _signed(good, INBOUND_SECRET)
            r = await client.post(path, content=body, headers=headers)
            assert r.status_code == 202, r.text
            assert r.json() == {
                "id": good["id"],
                "topic": topics.partner_to_zvh(partner),
                "status": "aangenomen",
            }
            r = await client.post(path, content=body, headers=headers)
            assert r.status_code == 202 and r.json()["status"] == "al eerder aangenomen"

        consumer = AIOKafkaConsumer(
            topics.partner_to_zvh(partner),
            bootstrap_servers=kafka_bootstrap,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        try:
            seen: list[Any] = []

            async def read() -> list[Any]:
                for msgs in (await consumer.getmany(timeout_ms=100)).values():
                    seen.extend(msgs)
                return seen

            [msg] = await wait_for(read, timeout_s=30)
        finally:
            await consumer.stop()
        # the refused posts never reached the outbox, the repeat was queued once
        async with app.state.runtime.sessions() as s:
            queued = (
                await s.execute(
                    select(outbox_table.c.event_id).where(
                        outbox_table.c.topic == topics.partner_to_zvh(partner)
                    )
                )
            ).all()
        assert [q.event_id for q in queued] == [partner_message_id(partner, uuid.UUID(good["id"]))]
    headers_in = {k: v.decode() for k, v in msg.headers}
    assert headers_in["ce_id"] == good["id"]
    assert headers_in["ce_source"] == partner
    assert headers_in["ce_type"] == "zvh.partner.actie.teruggekoppeld.v1"
    assert headers_in["ce_subject"] == good["subject"]
    assert json.loads(msg.value) == good["data"]
