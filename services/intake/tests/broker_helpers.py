"""The whole intake service on the real tansu broker, as a partner adapter sees it: start it,
publish on the partner's to-zvh topic, and collect the answers on its from-zvh topic."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi import FastAPI
from zvh_contracts import topics
from zvh_intake.application.ports import PolicyDecisionPoint
from zvh_intake.bootstrap import Adapters, create_app
from zvh_intake.config import IntakeSettings
from zvh_platform.testing import wait_for

#: An answer as read: its CloudEvents headers and its JSON body.
Antwoord = tuple[dict[str, str], dict[str, Any]]


@contextlib.asynccontextmanager
async def intake_app(
    kafka_bootstrap: str, tmp_path: Path, *, pdp: PolicyDecisionPoint
) -> AsyncIterator[FastAPI]:
    """Intake with its lifespan running (migrations on SQLite, topics, consumer, relay)."""
    settings = IntakeSettings(
        env="test",
        var_dir=tmp_path,
        kafka_bootstrap=kafka_bootstrap,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}",
        telemetry_dir=tmp_path / "telemetry",
    )
    app = create_app(settings, adapters=Adapters(pdp=pdp))
    async with app.router.lifespan_context(app):
        yield app


async def send(bootstrap: str, partner: str, *, body: bytes, headers: dict[str, str]) -> None:
    """Publish one record on the partner's to-zvh topic."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.partner_to_zvh(partner),
            body,
            headers=[(k, v.encode()) for k, v in headers.items()],
        )
    finally:
        await producer.stop()


async def antwoorden(
    bootstrap: str, partner: str, op: Collection[uuid.UUID], *, timeout_s: float = 30
) -> dict[str, Antwoord]:
    """The answers on the partner's from-zvh topic by ``in_antwoord_op``, once every id in
    ``op`` has one (fails after ``timeout_s``)."""
    consumer = AIOKafkaConsumer(
        topics.partner_from_zvh(partner),
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        session_timeout_ms=2000,
        heartbeat_interval_ms=500,
    )
    await consumer.start()
    gelezen: dict[str, Antwoord] = {}
    try:

        async def allemaal() -> bool:
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for rec in records:
                    body = json.loads(rec.value)
                    gelezen[str(body.get("in_antwoord_op"))] = (
                        {k: v.decode() for k, v in rec.headers},
                        body,
                    )
            return all(str(i) in gelezen for i in op)

        await wait_for(allemaal, timeout_s=timeout_s)
    finally:
        await consumer.stop()
    return gelezen
