"""The whole service on the real tansu broker: getrieerd → casus + casus.geopend; terugkoppeling."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.kafka import KafkaBroker
from overleg_fakes import FakePdp, getrieerd
from sqlalchemy import text
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.vocab import Terugkoppelstatus
from zvh_overleg.application.handlers import VoegActieToe, casus_id_for, voeg_actie_toe
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.queries import casus_by_melding
from zvh_overleg.bootstrap import create_app
from zvh_overleg.config import OverlegSettings
from zvh_overleg.entrypoints.context import Services
from zvh_platform.messaging import publish_event
from zvh_platform.testing import wait_for

pytestmark = pytest.mark.broker


async def read_topic(bootstrap: str, topic: str, *, match, timeout_s: float = 20.0):  # type: ignore[no-untyped-def]
    """Poll a topic from the beginning until a record satisfies ``match``; return it."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await wait_for(
            lambda: _partitions(consumer, topic), timeout_s=timeout_s, interval_s=0.2
        )
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=300)
            for records in batches.values():
                for record in records:
                    if match(record):
                        return record
        raise TimeoutError(f"no matching record on {topic} within {timeout_s}s")
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition] | None:
    parts = consumer.partitions_for_topic(topic)
    if not parts:
        await consumer.topics()  # refresh metadata
        parts = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(parts)] if parts else None


def headers_of(record) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {k: v.decode() for k, v in (record.headers or [])}


async def test_getrieerd_opens_casus_and_terugkoppeling_flows(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = OverlegSettings(
        env="test",
        kafka_bootstrap=kafka_bootstrap,
        var_dir=tmp_path,
        telemetry_dir=tmp_path / "telemetry",
        consent_url="http://127.0.0.1:9",
        retry_backoff_s=0.05,
    )
    app = create_app(settings)
    publisher = KafkaBroker(kafka_bootstrap)
    async with app.router.lifespan_context(app), publisher:
        await publisher.connect()
        svc: Services = app.state.overleg
        event = getrieerd()
        await publish_event(
            publisher, event=event, source="zvh-intake", topic=topics.INTAKE_MELDING
        )
        casus_id = await wait_for(
            lambda: casus_by_melding(event.melding_id, uow=svc.uow), timeout_s=30
        )
        assert casus_id == casus_id_for(event.melding_id)

        geopend = await read_topic(
            kafka_bootstrap,
            topics.OVERLEG_CASUS,
            match=lambda r: (
                headers_of(r).get("ce_type") == "zvh.overleg.casus.geopend.v1"
                and json.loads(r.value)["casus_id"] == str(casus_id)
            ),
        )
        h = headers_of(geopend)
        assert h["ce_source"] == "zvh-overleg" and h["ce_subject"] == str(casus_id)
        body = json.loads(geopend.value)
        assert body["deelnemers"] == ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb"]
        assert geopend.key == str(casus_id).encode()

        # an actie for politie, then politie reports back on its own topic
        actie_id = await voeg_actie_toe(
            VoegActieToe(
                casus_id=casus_id,
                wat="Huisbezoek",
                wie="politie-zwb",
                wanneer=date.today() + timedelta(days=7),
            ),
            actor=Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"]),
            uow=svc.uow,
            pdp=FakePdp(),
            clock=svc.clock,
        )
        # the casus page's stream follows the casus: the consumer's commit must wake it
        volger = svc.hub.abonneer({casus_id})
        abonnement = volger.__enter__()
        tk = ActieTeruggekoppeld(
            casus_id=casus_id,
            actie_id=actie_id,
            status=Terugkoppelstatus.AFGEROND,
            toelichting="Gedaan",
        )
        # the wrong partner first: refused and answered with a rejection, nothing changes
        wrong_id = await publish_event(
            publisher,
            event=tk,
            source="gemeente-bergen-op-zoom",
            topic=topics.partner_to_zvh("gemeente-bergen-op-zoom"),
        )
        afwijzing = await read_topic(
            kafka_bootstrap,
            topics.partner_from_zvh("gemeente-bergen-op-zoom"),
            match=lambda r: json.loads(r.value).get("in_antwoord_op") == str(wrong_id),
        )
        assert headers_of(afwijzing)["ce_type"] == "zvh.partner.bericht.ontvangen.v1"
        assert json.loads(afwijzing.value)["status"] == "afgewezen"
        goed_id = await publish_event(
            publisher, event=tk, source="politie-zwb", topic=topics.partner_to_zvh("politie-zwb")
        )
        ontvangen = await read_topic(
            kafka_bootstrap,
            topics.partner_from_zvh("politie-zwb"),
            match=lambda r: json.loads(r.value).get("in_antwoord_op") == str(goed_id),
        )
        assert json.loads(ontvangen.value)["status"] == "ontvangen"

        async def afgerond() -> bool:
            async with svc.uow() as tx:
                casus = await tx.casussen.get(casus_id)
            return bool(casus and casus.acties[0].status.value == "afgerond")

        assert await wait_for(afgerond, timeout_s=30)
        assert await abonnement.wacht(5.0) is True, "the consumer's commit woke no stream"
        volger.__exit__(None, None, None)
        teruggekoppeld = await read_topic(
            kafka_bootstrap,
            topics.OVERLEG_CASUS,
            match=lambda r: (
                headers_of(r).get("ce_type") == "zvh.overleg.casus.actie-teruggekoppeld.v1"
            ),
        )
        out = json.loads(teruggekoppeld.value)
        assert out["door"] == "politie-zwb" and "toelichting" not in out
        assert uuid.UUID(out["actie_id"]) == actie_id


async def test_malformed_terugkoppeling_is_answered_and_kept(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = OverlegSettings(
        env="test",
        kafka_bootstrap=kafka_bootstrap,
        var_dir=tmp_path,
        telemetry_dir=tmp_path / "telemetry",
        consent_url="http://127.0.0.1:9",
    )
    app = create_app(settings)
    publisher = KafkaBroker(kafka_bootstrap)
    async with app.router.lifespan_context(app), publisher:
        await publisher.connect()
        envelope = Envelope(
            source="ggz-wnb", type=ActieTeruggekoppeld.event_type, subject="onbekend"
        )
        await publisher.publish(
            b'{"casus_id": "' + b"[" * 3000,
            topic=topics.partner_to_zvh("ggz-wnb"),
            headers=envelope.headers(),
        )
        answer = await read_topic(
            kafka_bootstrap,
            topics.partner_from_zvh("ggz-wnb"),
            match=lambda r: json.loads(r.value).get("in_antwoord_op") == str(envelope.id),
            timeout_s=40,
        )
        assert headers_of(answer)["ce_type"] == "zvh.partner.bericht.ontvangen.v1"
        body = json.loads(answer.value)
        assert body["status"] == "afgewezen"
        assert body["berichttype"] == ActieTeruggekoppeld.event_type
        assert body["redenen"] == [{"veld": "", "melding": "het bericht is geen geldige JSON"}]
        async with app.state.runtime.sessions() as s:
            kept = (
                await s.execute(text("SELECT partner, ce_id FROM afgewezen_partnerberichten"))
            ).all()
        assert [tuple(r) for r in kept] == [("ggz-wnb", str(envelope.id))]
