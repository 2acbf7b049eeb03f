"""The whole service on a real tansu broker and SQLite: one actie → exactly one partner message
with the derived ce_id and one e-mail; a replay (same ce_id again, and a restart under a new
consumer group re-reading the topic) delivers nothing twice. Overleg's and consent's topics reach
the partner the same way."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker
from icalendar import Calendar
from notify_fakes import FakeMailSender, actie, gepland, write_region
from notify_smtp import Collect, inhoud, smtp_server
from sqlalchemy import func, select
from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.consent.doorbreking_v1 import DoorbrekingGemeld
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg.overleg_v1 import Genodigde
from zvh_contracts.vocab import DoorbrekingType
from zvh_notify.adapters.db.tables import bezorgingen
from zvh_notify.bootstrap import Adapters, create_app
from zvh_notify.config import NotifySettings
from zvh_notify.domain.model import message_id
from zvh_platform.clock import FixedClock
from zvh_platform.db import outbox_table
from zvh_platform.messaging import publish_event
from zvh_platform.testing import free_port, wait_for

pytestmark = pytest.mark.broker


@pytest.fixture
def partner() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def region_file(tmp_path: Path, partner: str) -> Path:
    return write_region(tmp_path, partner)


@contextlib.asynccontextmanager
async def running(settings: NotifySettings, adapters: Adapters | None = None) -> AsyncIterator[Any]:
    app = create_app(settings, adapters=adapters)
    async with app.router.lifespan_context(app):
        yield app.state.runtime


@contextlib.asynccontextmanager
async def partner_reader(bootstrap: str, topic: str) -> AsyncIterator[Any]:
    """Reads the partner's from-zvh topic from the start, without a consumer group."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def test_actie_delivered_once_even_after_replay(
    kafka_bootstrap: str, tmp_path: Path, region_file: Path, partner: str
):
    smtp = Collect()
    smtp_port = free_port()

    def settings(group: str) -> NotifySettings:
        return _settings(kafka_bootstrap, tmp_path, region_file, smtp_port, group=group)

    ce_id = uuid.uuid4()
    event = actie(wie=partner)
    expected_ce_id = derived_id("notify", ce_id, "partner", partner)
    received: list[Any] = []

    producer = KafkaBroker(kafka_bootstrap)
    await producer.start()
    with smtp_server(smtp_port, smtp):
        async with (
            running(settings(f"zvh-notify-{uuid.uuid4().hex[:6]}")) as runtime,
            partner_reader(kafka_bootstrap, topics.partner_from_zvh(partner)) as reader,
        ):
            await publish_event(
                producer, event=event, source="overleg", topic=topics.OVERLEG_CASUS, event_id=ce_id
            )
            [msg] = await wait_for(lambda: _read(reader, received), timeout_s=30)
            headers = {k: v.decode() for k, v in msg.headers}
            assert headers["ce_id"] == str(expected_ce_id)
            assert headers["ce_type"] == "zvh.partner.actie.toegewezen.v1"
            assert json.loads(msg.value) == {
                "actie_id": str(event.actie_id),
                "casus_id": str(event.casus_id),
                "wat": event.wat,
                "wie": partner,
                "wanneer": event.wanneer.isoformat(),
                "veiligheidssignalen": [],
            }
            await wait_for(lambda: _all_verzonden(runtime, ce_id), timeout_s=30)
            assert [m["Message-ID"] for m in smtp.messages] == [
                message_id(derived_id("notify", ce_id, "email", partner))
            ]

        # Restart under a new consumer group: it re-reads the whole topic (a replay), and the
        # same event is published once more. A marker event on the same casus (same partition,
        # after both) tells us when the replay has been processed.
        marker_id = uuid.uuid4()
        async with (
            running(settings(f"zvh-notify-{uuid.uuid4().hex[:6]}")) as runtime,
            partner_reader(kafka_bootstrap, topics.partner_from_zvh(partner)) as reader,
        ):
            await publish_event(
                producer, event=event, source="overleg", topic=topics.OVERLEG_CASUS, event_id=ce_id
            )
            await publish_event(
                producer,
                event=actie(wie=partner),
                source="overleg",
                topic=topics.OVERLEG_CASUS,
                event_id=marker_id,
            )

            async def marker_done() -> bool:
                async with runtime.sessions() as s:
                    pending = await s.scalar(
                        select(func.count()).where(outbox_table.c.published_at.is_(None))
                    )
                    marker = await s.scalar(
                        select(func.count()).where(bezorgingen.c.bron_event_id == marker_id)
                    )
                return marker == 2 and pending == 0

            await wait_for(marker_done, timeout_s=30)
            await wait_for(lambda: _count_mails(smtp, 2), timeout_s=30)

            seen: list[Any] = []

            async def both() -> list[Any]:
                await _read(reader, seen)
                return seen if len(seen) >= 2 else []

            await wait_for(both, timeout_s=30)
            ids = [dict(m.headers)["ce_id"].decode() for m in seen]
            assert ids.count(str(expected_ce_id)) == 1
            assert ids.count(str(derived_id("notify", marker_id, "partner", partner))) == 1

            async with runtime.sessions() as s:
                n = await s.scalar(select(func.count()).where(bezorgingen.c.bron_event_id == ce_id))
                outbox_rows = await s.scalar(
                    select(func.count()).where(outbox_table.c.event_id == expected_ce_id)
                )
            assert n == 2 and outbox_rows == 1
    await producer.stop()
    assert len(smtp.messages) == 2  # one per event, the replay sent nothing


async def _count_mails(smtp: Collect, n: int) -> bool:
    return len(smtp.messages) >= n


async def _read(reader: Any, into: list[Any]) -> list[Any]:
    """Add what the partner reader has now to ``into``; returns ``into``."""
    batch = await reader.getmany(timeout_ms=100)
    for msgs in batch.values():
        into.extend(msgs)
    return into


async def test_fakes_go_in_through_the_one_seam(
    kafka_bootstrap: str, tmp_path: Path, region_file: Path, partner: str
):
    """``create_app(settings, adapters=Adapters(...))``: the fake mail server and the fixed clock
    are the ones the consumer and the delivery loop use; no SMTP server runs."""
    mail, clock = FakeMailSender(), FixedClock(datetime(2030, 1, 2, 3, 4, tzinfo=UTC))
    settings = _settings(
        kafka_bootstrap,
        tmp_path,
        region_file,
        free_port(),
        group=f"zvh-notify-{uuid.uuid4().hex[:6]}",
    )
    ce_id = uuid.uuid4()
    producer = KafkaBroker(kafka_bootstrap)
    await producer.start()
    try:
        async with running(settings, Adapters(mail=mail, clock=clock)) as runtime:
            await publish_event(
                producer,
                event=actie(wie=partner),
                source="overleg",
                topic=topics.OVERLEG_CASUS,
                event_id=ce_id,
            )
            await wait_for(lambda: _all_verzonden(runtime, ce_id), timeout_s=30)
            async with runtime.sessions() as s:
                made = (
                    (
                        await s.execute(
                            select(bezorgingen.c.aangemaakt_op).where(
                                bezorgingen.c.bron_event_id == ce_id
                            )
                        )
                    )
                    .scalars()
                    .all()
                )
    finally:
        await producer.stop()
    assert [m for _, m in mail.sent] == [message_id(derived_id("notify", ce_id, "email", partner))]
    assert made == [clock.at, clock.at]


async def _all_verzonden(runtime: Any, ce_id: uuid.UUID) -> bool:
    """Both bezorgingen of the event (partner topic and e-mail) are sent."""
    async with runtime.sessions() as s:
        rows = (
            await s.execute(
                select(bezorgingen.c.status).where(bezorgingen.c.bron_event_id == ce_id)
            )
        ).all()
    return len(rows) == 2 and all(r.status == "verzonden" for r in rows)


def _settings(
    kafka_bootstrap: str, tmp_path: Path, region: Path, smtp_port: int, *, group: str, **extra: Any
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
        **extra,
    )


@dataclasses.dataclass
class Bezorgd:
    """What the partner received for one event: its one topic message and its one e-mail."""

    ce_id: uuid.UUID
    headers: dict[str, str]
    body: dict[str, Any]
    mail: Message


async def deliver_one(
    kafka_bootstrap: str,
    tmp_path: Path,
    partner: str,
    *,
    ander: dict[str, str],
    event: Event,
    topic: str,
    source: str,
    **settings: Any,
) -> Bezorgd:
    """Run notify in a region of ``partner`` and ``ander``, publish ``event`` on ``topic`` once,
    and wait until both bezorgingen for ``partner`` are sent."""
    smtp, smtp_port = Collect(), free_port()
    group = f"zvh-notify-{uuid.uuid4().hex[:6]}"
    region = write_region(tmp_path, partner, ander)
    ce_id = uuid.uuid4()
    received: list[Any] = []
    producer = KafkaBroker(kafka_bootstrap)
    await producer.start()
    try:
        with smtp_server(smtp_port, smtp):
            async with (
                running(
                    _settings(kafka_bootstrap, tmp_path, region, smtp_port, group=group, **settings)
                ) as runtime,
                partner_reader(kafka_bootstrap, topics.partner_from_zvh(partner)) as reader,
            ):
                await publish_event(
                    producer, event=event, source=source, topic=topic, event_id=ce_id
                )
                [msg] = await wait_for(lambda: _read(reader, received), timeout_s=30)
                await wait_for(lambda: _all_verzonden(runtime, ce_id), timeout_s=30)
    finally:
        await producer.stop()
    [mail] = smtp.messages
    headers = {k: v.decode() for k, v in msg.headers}
    return Bezorgd(ce_id=ce_id, headers=headers, body=json.loads(msg.value), mail=mail)


async def test_overleg_gepland_reaches_partner_topic_and_mailbox_with_ics(
    kafka_bootstrap: str, tmp_path: Path, partner: str
):
    """``zvh.overleg.overleg.v1`` end to end: invitation event and e-mail with the .ics."""
    casus = uuid.uuid4()
    event = gepland(uitgenodigd=[Genodigde(partner=partner, casus_ids=[casus])], sequence=1)
    event = event.model_copy(update={"overleg_id": uuid.uuid4()})
    got = await deliver_one(
        kafka_bootstrap,
        tmp_path,
        partner,
        ander={"code": "zvh", "naam": "Test-ZVH", "email": "zvh@zvh.test"},
        event=event,
        topic=topics.OVERLEG_OVERLEG,
        source="overleg",
        ui_url="https://zvh.test",
    )
    assert got.headers["ce_type"] == "zvh.partner.overleg.uitgenodigd.v1"
    assert got.headers["ce_id"] == str(derived_id("notify", got.ce_id, "partner", partner))
    assert got.body["overleg_id"] == str(event.overleg_id)
    assert got.body["ical_uid"] == f"{event.overleg_id}@zvh-keten"
    assert got.body["sequence"] == 1
    assert got.body["casus_ids"] == [str(casus)]

    mail = got.mail
    assert mail["To"] == f"{partner}@partners.test"
    [text] = [p for p in mail.walk() if p.get_content_type() == "text/plain"]
    assert f"https://zvh.test/overleggen/{event.overleg_id}" in inhoud(text).decode("utf-8")
    [ics] = [p for p in mail.walk() if p.get_filename() == "uitnodiging.ics"]
    assert ics.get_content_type() == "text/calendar"
    cal = Calendar.from_ical(inhoud(ics))
    [vevent] = cal.events
    assert vevent.uid == f"{event.overleg_id}@zvh-keten"
    assert str(vevent["ORGANIZER"]) == "mailto:zvh@zvh.test"
    assert str(vevent["ATTENDEE"]) == f"mailto:{partner}@partners.test"


async def test_doorbreking_reaches_the_eigenaars_topic_and_mailbox(
    kafka_bootstrap: str, tmp_path: Path, partner: str
):
    """``zvh.consent.doorbreking.v1`` end to end: the eigenaar's partner event and e-mail."""
    event = DoorbrekingGemeld(
        doorbreking_id=uuid.uuid4(),
        type=DoorbrekingType.CONFLICT_VAN_PLICHTEN,
        casus_id=uuid.uuid4(),
        eigenaar=partner,
        door_org="veilig-thuis-wbr",
        van=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        tot=datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
    )
    got = await deliver_one(
        kafka_bootstrap,
        tmp_path,
        partner,
        ander={"code": "veilig-thuis-wbr", "naam": "Veilig Thuis", "email": "vt@vt.test"},
        event=event,
        topic=topics.CONSENT_DOORBREKING,
        source="consent",
    )
    assert got.headers["ce_type"] == "zvh.partner.doorbreking.gemeld.v1"
    assert got.headers["ce_id"] == str(derived_id("notify", got.ce_id, "partner", partner))
    assert got.body["doorbreking_id"] == str(event.doorbreking_id)
    assert (got.body["eigenaar"], got.body["door_org"]) == (partner, "veilig-thuis-wbr")
    assert got.body["type"] == "conflict-van-plichten"

    mail = got.mail
    assert mail["To"] == f"{partner}@partners.test"
    assert "Veilig Thuis (veilig-thuis-wbr)" in str(mail["Subject"])
    [text] = [p for p in mail.walk() if p.get_content_type() == "text/plain"]
    tekst = inhoud(text).decode("utf-8")
    assert "Grond:       conflict van plichten" in tekst
    assert "Tot:         dinsdag 24-11-2026, 14:00 uur" in tekst
