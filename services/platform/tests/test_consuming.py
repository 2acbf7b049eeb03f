"""Consumers on the real tansu broker: transient failures wait, permanent ones become dead letters
(kept in the database, a content-free reference on the DLQ topic) and can be replayed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from platform_helpers import create_topic, read_topic, settings_for, unique_topic
from sqlalchemy import MetaData, text
from zvh_contracts import topics
from zvh_platform.auth import User, lokaal_token
from zvh_platform.consuming import DEAD_LETTER_ID_HEADER, REPLAY_OK
from zvh_platform.records import RawRecord
from zvh_platform.service import Runtime, ServiceSpec, build_app
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker

MIGRATIONS = Path(__file__).parent / "proef_migrations"
GEHEIM = "Jan de Vries 999990019"


class Proef:
    """A service whose handler does what the test tells it to."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.handled: list[tuple[int, bytes]] = []
        self.attempts: dict[bytes, int] = {}
        self.broken = True

    def register(self, broker: KafkaBroker, runtime: Runtime) -> None:
        async def handle(record: RawRecord) -> None:
            self.attempts[record.value] = self.attempts.get(record.value, 0) + 1
            if b"kapot" in record.value and self.broken:
                raise RuntimeError("handler kan dit niet aan")
            if b"db" in record.value:
                async with runtime.sessions() as s:
                    await s.execute(text("PRAGMA busy_timeout=50"))
                    await s.execute(text("INSERT INTO proef (id) VALUES (:id)"), {"id": "x"})
                    await s.commit()
            self.handled.append((record.partition, record.value))

        runtime.consumers.subscribe(self.topic, group="zvh-proefdlq", handler=handle)


@pytest.fixture
async def proef(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[tuple[FastAPI, Proef]]:
    service = f"proef{uuid.uuid4().hex[:6]}"
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic, partitions=2)
    await create_topic(kafka_bootstrap, topics.dlq(service))
    settings = settings_for(
        bootstrap=kafka_bootstrap, tmp=tmp_path, service=service, retry_backoff_cap_s=0.5
    )
    p = Proef(topic)
    spec = ServiceSpec(
        name=service,
        metadata=MetaData(),
        migrations=MIGRATIONS,
        register_consumers=p.register,
        ensure_topics=False,
    )
    app = build_app(spec, settings)
    async with app.router.lifespan_context(app):
        yield app, p


async def _send(app: FastAPI, topic: str, value: bytes, *, partition: int = 0) -> None:
    broker = app.state.runtime.broker
    await broker.publish(
        value,
        topic=topic,
        partition=partition,
        headers={"ce_id": str(uuid.uuid4()), "ce_type": "zvh.proef.v1", "x-naam": GEHEIM},
    )


def _auth(app: FastAPI, *roles: str) -> dict[str, str]:
    user = User(id="beheer.dekker", naam="R", org="zvh", roles=list(roles))
    token = lokaal_token(user)
    return {"Authorization": f"Bearer {token}"}


async def test_permanent_failure_kept_without_content_on_the_topic_and_replayed(
    proef: tuple[FastAPI, Proef], kafka_bootstrap: str
) -> None:
    app, p = proef
    body = json.dumps({"kapot": True, "naam": GEHEIM}).encode()
    await _send(app, p.topic, body)
    await _send(app, p.topic, b'{"goed": 1}')

    async def goed_handled() -> bool:
        return any(v == b'{"goed": 1}' for _, v in p.handled)

    await wait_for(goed_handled, timeout_s=30)
    assert p.attempts[body] == 1  # permanent: not retried

    (ref,) = await read_topic(kafka_bootstrap, topics.dlq(app.state.settings.service), expect=1)
    everything = (ref.value or b"") + b"".join(k.encode() + v for k, v in ref.headers)
    assert GEHEIM.encode() not in everything and b"kapot" not in everything
    reference = json.loads(ref.value)
    assert reference["error_type"] == "RuntimeError" and reference["topic"] == p.topic
    header_names = {k for k, _ in ref.headers}
    assert "x-naam" not in header_names and "ce_id" not in header_names
    dead_id = dict(ref.headers)[DEAD_LETTER_ID_HEADER].decode()

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/beheer/dead-letters")).status_code == 401
        denied = await client.get("/beheer/dead-letters", headers=_auth(app, "procesregisseur"))
        assert denied.status_code == 403
        listed = await client.get("/beheer/dead-letters", headers=_auth(app, "beheerder"))
        assert listed.status_code == 200
        (row,) = listed.json()
        assert row["id"] == dead_id and row["value_size"] == len(body)
        assert GEHEIM not in listed.text  # no body, no headers in the list

        p.broken = False  # the bug is fixed: the operator replays
        replayed = await client.post(
            f"/beheer/dead-letters/{dead_id}/replay", headers=_auth(app, "beheerder")
        )
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["replay_result"] == REPLAY_OK
        assert replayed.json()["replayed_by"] == "beheer.dekker"
        unknown = await client.post(
            f"/beheer/dead-letters/{uuid.uuid4()}/replay", headers=_auth(app, "beheerder")
        )
        assert unknown.status_code == 404
    assert (0, body) in p.handled


async def test_locked_database_retried_until_released_while_other_partition_flows(
    proef: tuple[FastAPI, Proef],
) -> None:
    app, p = proef
    db_file = app.state.settings.db_url().split("///", 1)[1]
    lock = sqlite3.connect(db_file, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        await _send(app, p.topic, b'{"db": 1}', partition=0)

        async def retried() -> bool:
            return p.attempts.get(b'{"db": 1}', 0) >= 2

        await wait_for(retried, timeout_s=30)
        await _send(app, p.topic, b'{"ander": 1}', partition=1)

        async def other_flowed() -> bool:
            return (1, b'{"ander": 1}') in p.handled

        await wait_for(other_flowed, timeout_s=30)
        assert (0, b'{"db": 1}') not in p.handled  # still waiting for the lock
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    async def db_handled() -> bool:
        return (0, b'{"db": 1}') in p.handled

    await wait_for(db_handled, timeout_s=30)
    async with app.state.runtime.sessions() as s:
        assert (await s.execute(text("SELECT count(*) FROM zvh_dead_letter"))).scalar() == 0
    await asyncio.sleep(0)  # let the consumer commit before shutdown
