"""Batch consumption on the real tansu broker and SQLite: one transaction per batch, a savepoint
per record. A bad record in a batch is kept and answered alone; a locked database rewinds the
whole batch, and after the lock nothing is lost or doubled."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from platform_helpers import create_topic, settings_for, unique_topic
from sqlalchemy import MetaData, func, select, text
from zvh_contracts import topics
from zvh_platform.consuming import Failure, handle_each
from zvh_platform.db import dead_letter_table
from zvh_platform.records import RawRecord
from zvh_platform.service import Runtime, ServiceSpec, build_app
from zvh_platform.testing import wait_for
from zvh_platform.unit_of_work import SqlUnitOfWork

pytestmark = pytest.mark.broker

MIGRATIONS = Path(__file__).parent / "proef_migrations"


class ProefUow(SqlUnitOfWork):
    source = "zvh-proef"
    consumer = "zvh-proef"


@dataclass
class BatchProef:
    """A batch handler that stores each record's ``ce_id`` once; ``kapot`` records fail."""

    topic: str
    batch_sizes: list[int] = field(default_factory=list)
    answered: list[bytes] = field(default_factory=list)
    runtime: Runtime | None = None

    def register(self, broker: KafkaBroker, runtime: Runtime) -> None:
        self.runtime = runtime

        async def handle_batch(records: Sequence[RawRecord]) -> list[Failure]:
            self.batch_sizes.append(len(records))
            async with ProefUow(runtime.sessions) as uow:

                async def one(record: RawRecord) -> None:
                    async with uow.savepoint():
                        ce_id = uuid.UUID(record.header("ce_id"))
                        if await uow.seen_before(ce_id):
                            return
                        await uow.session.execute(
                            text("INSERT INTO proef (id) VALUES (:id)"), {"id": str(ce_id)}
                        )
                        if b"kapot" in record.value:
                            raise RuntimeError("handler kan dit niet aan")

                failures = await handle_each(records, one)
                await uow.commit()
            return failures

        async def answer(record: RawRecord, _exc: BaseException) -> None:
            self.answered.append(record.value)

        runtime.consumers.subscribe_batch(
            self.topic, group="zvh-proefbatch", handler=handle_batch, on_permanent=answer
        )

    async def stored(self) -> set[str]:
        assert self.runtime is not None
        async with self.runtime.sessions() as s:
            return set((await s.scalars(text("SELECT id FROM proef"))).all())

    async def dead_letters(self) -> int:
        assert self.runtime is not None
        async with self.runtime.sessions() as s:
            return int(await s.scalar(select(func.count()).select_from(dead_letter_table)) or 0)


async def _send_all(bootstrap: str, topic: str, values: list[bytes]) -> list[str]:
    """Send ``values`` to partition 0 (before the service starts: they arrive as one batch)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    ids = [str(uuid.uuid4()) for _ in values]
    try:
        for ce_id, value in zip(ids, values, strict=True):
            await producer.send(
                topic, value=value, partition=0, headers=[("ce_id", ce_id.encode())]
            )
        await producer.flush()
    finally:
        await producer.stop()
    return ids


@pytest.fixture
async def batch_app(
    kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, BatchProef, str]]:
    service = f"proef{uuid.uuid4().hex[:6]}"
    topic = unique_topic()
    await create_topic(kafka_bootstrap, topic)
    await create_topic(kafka_bootstrap, topics.dlq(service))
    settings = settings_for(
        bootstrap=kafka_bootstrap, tmp=tmp_path, service=service, retry_backoff_cap_s=0.5
    )
    proef = BatchProef(topic)
    spec = ServiceSpec(
        name=service,
        metadata=MetaData(),
        migrations=MIGRATIONS,
        register_consumers=proef.register,
        ensure_topics=False,
    )
    yield build_app(spec, settings), proef, topic


async def test_bad_record_mid_batch_is_kept_and_answered_while_the_others_commit_once(
    batch_app: tuple[FastAPI, BatchProef, str], kafka_bootstrap: str
) -> None:
    app, proef, topic = batch_app
    values = [b"goed-1", b"goed-2", b"kapot", b"goed-3", b"goed-4"]
    ids = await _send_all(kafka_bootstrap, topic, values)
    async with app.router.lifespan_context(app):

        async def all_settled() -> bool:
            return len(await proef.stored()) == 4 and proef.answered == [b"kapot"]

        await wait_for(all_settled, timeout_s=30)
        assert max(proef.batch_sizes) > 1, proef.batch_sizes  # it really was a batch
        assert await proef.stored() == {
            i for i, v in zip(ids, values, strict=True) if v != b"kapot"
        }
        assert await proef.dead_letters() == 1


async def test_locked_database_mid_batch_rewinds_it_without_loss_or_doubles(
    batch_app: tuple[FastAPI, BatchProef, str], kafka_bootstrap: str
) -> None:
    app, proef, topic = batch_app
    async with app.router.lifespan_context(app):
        db_file = app.state.settings.db_url().split("///", 1)[1]
        lock = sqlite3.connect(db_file, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        try:
            ids = await _send_all(kafka_bootstrap, topic, [f"goed-{i}".encode() for i in range(20)])

            async def retried() -> bool:
                return len(proef.batch_sizes) >= 2

            await wait_for(retried, timeout_s=60)
        finally:
            lock.execute("ROLLBACK")
            lock.close()

        async def all_stored() -> bool:
            return await proef.stored() == set(ids)

        await wait_for(all_stored, timeout_s=60)
        assert max(proef.batch_sizes) > 1, proef.batch_sizes  # a batch was rewound as a whole
        assert await proef.dead_letters() == 0  # a double would have broken the primary key
        assert proef.answered == []
