"""Acceptance: killing notify (SIGKILL) mid-run and starting it again loses no actie message and
sends none twice — every actie reaches the partner topic and the mailbox, and any redelivery of a
message the dying process had already sent carries the same ce_id / Message-ID (deduplicable)."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker
from notify_fakes import actie, write_region
from notify_smtp import Collect, smtp_server
from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_notify.domain.model import message_id
from zvh_platform.messaging import publish_event
from zvh_platform.testing import free_port, wait_for

pytestmark = pytest.mark.broker

N = 12


@contextlib.contextmanager
def notify_process(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "zvh_notify.bootstrap:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


async def healthy(port: int) -> bool:
    try:
        async with httpx.AsyncClient() as c:
            return (await c.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    except httpx.HTTPError:
        return False


async def test_kill_and_restart_loses_nothing(kafka_bootstrap: str, tmp_path: Path):
    partner = f"test-{uuid.uuid4().hex[:10]}"
    smtp, smtp_port, port = Collect(), free_port(), free_port()
    env = {
        **os.environ,
        "ZVH_ENV": "test",
        "ZVH_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "ZVH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}",
        "ZVH_VAR_DIR": str(tmp_path),
        "ZVH_REGION_FILE": str(write_region(tmp_path, partner)),
        "ZVH_SMTP_PORT": str(smtp_port),
        "ZVH_CONSUMER_GROUP": f"zvh-notify-{uuid.uuid4().hex[:6]}",
        "ZVH_DELIVERY_POLL_INTERVAL_S": "0.1",
        "ZVH_MAIL_BACKOFF_S": "0.2",
    }
    events = {uuid.uuid4(): actie(wie=partner) for _ in range(N)}
    expected = {str(derived_id("notify", ce, "partner", partner)) for ce in events}
    expected_mail = {message_id(derived_id("notify", ce, "email", partner)) for ce in events}
    seen: list[str] = []

    reader = AIOKafkaConsumer(
        topics.partner_from_zvh(partner),
        bootstrap_servers=kafka_bootstrap,
        auto_offset_reset="earliest",
    )
    producer = KafkaBroker(kafka_bootstrap)
    await producer.start()
    log = tmp_path / "notify.log"

    async def read(at_least: int) -> bool:
        batch: dict[Any, list[Any]] = await reader.getmany(timeout_ms=100)
        for msgs in batch.values():
            seen.extend(dict(m.headers)["ce_id"].decode() for m in msgs)
        return len(set(seen)) >= at_least

    try:
        with smtp_server(smtp_port, smtp):
            with notify_process(env, port, log) as first:
                await wait_for(lambda: healthy(port), timeout_s=60)
                await reader.start()
                for ce_id, event in events.items():
                    await publish_event(
                        producer,
                        event=event,
                        source="overleg",
                        topic=topics.OVERLEG_CASUS,
                        event_id=ce_id,
                    )
                await wait_for(lambda: read(1), timeout_s=60)
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=10)

            with notify_process(env, port, log):
                await wait_for(lambda: healthy(port), timeout_s=60)
                await wait_for(lambda: read(N), timeout_s=90)

                async def all_mail() -> bool:
                    return {m["Message-ID"] for m in smtp.messages} >= expected_mail

                await wait_for(all_mail, timeout_s=60)

                # read the delivery records straight from notify's database: the HTTP API asks
                # the consent PDP, which this test does not run
                async def all_verzonden() -> bool:
                    with contextlib.closing(sqlite3.connect(tmp_path / "notify.db")) as db:
                        rows = db.execute(
                            "SELECT status FROM bezorgingen WHERE ontvanger = ?", (partner,)
                        ).fetchall()
                    return len(rows) == 2 * N and all(status == "verzonden" for (status,) in rows)

                await wait_for(all_verzonden, timeout_s=60)
    finally:
        await reader.stop()
        await producer.stop()

    assert set(seen) == expected  # nothing lost, nothing with a new id
    assert {m["Message-ID"] for m in smtp.messages} == expected_mail
    # A SIGKILL between "published/sent" and "recorded" may repeat a message, never under a new
    # id; report how often that happened so a regression is visible in the test output.
    print(f"partner topic: {len(seen)} messages for {N} acties; mail: {len(smtp.messages)}")
