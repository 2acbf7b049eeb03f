"""A reference partner adapter: reads its from-zvh topic and answers like a partner system would.

Partners copy its shape: it speaks only the public contract (``zvh_contracts``) and Kafka, builds
every envelope with ``Envelope`` and answers an actie with a terugkoppeling (``loopt``) and an
invitation with ``komt``; everything else it only logs (type and ``ce_id``, never content). The
terugmelding about its own meldingen (``melding.getrieerd``, ``casus.afgesloten``) needs no answer:
it logs the uitkomst or afsluitreden code with the ids, never the advies or reason text.
``zvh partner-check`` runs against it to prove the contract holds end to end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import uuid

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord, TopicPartition
from pydantic import ValidationError
from zvh_contracts import registry, topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope, EnvelopeError
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld, ActieToegewezen
from zvh_contracts.partner.casus_v1 import CasusAfgesloten
from zvh_contracts.partner.melding_v1 import MeldingGetrieerd
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord, OverlegUitgenodigd
from zvh_contracts.vocab import OverlegAntwoord, Terugkoppelstatus

from zvh_local.partner import PartnerProducer

log = logging.getLogger("zvh.demo_adapter")


async def tail_consumer(bootstrap: str, topic: str) -> AIOKafkaConsumer:
    """A group-less consumer on every partition of ``topic``, positioned at its current end."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="latest",
        fetch_max_wait_ms=50,  # tansu holds a fetch this long even when a message arrives
    )
    await consumer.start()
    await consumer.topics()  # loads metadata so partitions are known
    parts = consumer.partitions_for_topic(topic)
    if not parts:
        await consumer.stop()
        raise RuntimeError(f"topic {topic} bestaat niet; draait de broker met deze partnercode?")
    tps = [TopicPartition(topic, p) for p in sorted(parts)]
    consumer.assign(tps)
    await consumer.seek_to_end(*tps)
    for tp in tps:  # resolve positions now, so nothing sent after this returns is missed
        await consumer.position(tp)
    return consumer


def headers_of(record: ConsumerRecord[bytes, bytes]) -> dict[str, str]:
    """A record's headers as text (first value wins, undecodable bytes replaced)."""
    out: dict[str, str] = {}
    for name, value in record.headers or ():
        out.setdefault(str(name), bytes(value or b"").decode("utf-8", "replace"))
    return out


def answer_to(event: Event) -> Event | None:
    """What a partner system sends back for one event from the ZVH, if anything."""
    if isinstance(event, ActieToegewezen):
        return ActieTeruggekoppeld(
            actie_id=event.actie_id, casus_id=event.casus_id, status=Terugkoppelstatus.LOOPT
        )
    if isinstance(event, OverlegUitgenodigd):
        return OverlegBeantwoord(overleg_id=event.overleg_id, antwoord=OverlegAntwoord.KOMT)
    return None


def terugmelding(event: Event) -> str | None:
    """A log line for the terugmelding about our own melding (ids and codes only), if it is one."""
    if isinstance(event, MeldingGetrieerd):
        casus = f", casus {event.casus_id}" if event.casus_id else ""
        return f"terugmelding: melding {event.melding_id} getrieerd als {event.uitkomst}{casus}"
    if isinstance(event, CasusAfgesloten):
        meldingen = ", ".join(str(m) for m in event.melding_ids)
        return (
            f"terugmelding: casus {event.casus_id} afgesloten ({event.afsluitreden}), "
            f"meldingen {meldingen}"
        )
    return None


class DemoAdapter:
    """The adapter of partner ``partner``; ``start``/``stop`` on the running asyncio loop."""

    def __init__(self, *, partner: str, bootstrap: str) -> None:
        self.partner = partner
        self.bootstrap = bootstrap
        self.inbox = topics.partner_from_zvh(partner)
        self.outbox = topics.partner_to_zvh(partner)
        self.answered = 0
        self._producer = PartnerProducer(bootstrap=bootstrap)
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._producer.start()
        try:
            self._consumer = await tail_consumer(self.bootstrap, self.inbox)
        except BaseException:
            await self._producer.stop()
            raise
        self._task = asyncio.create_task(self._run(), name=f"demo-adapter-{self.partner}")
        log.info("demo-adapter %s leest %s", self.partner, self.inbox)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None
        await self._producer.stop()

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for record in records:
                    await self.handle(headers_of(record), record.value or b"")

    async def handle(self, headers: dict[str, str], body: bytes) -> None:
        """One message from the ZVH: answer it when the contract expects an answer."""
        try:
            envelope = Envelope.from_headers(headers)
            event = registry.parse(envelope.type, body)
        except (EnvelopeError, registry.UnknownEventType, ValidationError) as exc:
            log.warning("onleesbaar bericht (ce_id %s): %s", headers.get("ce_id", "?"), exc)
            return
        answer = answer_to(event)
        if answer is None:
            regel = terugmelding(event)
            if regel is not None:
                log.info("%s (ce_id %s)", regel, envelope.id)
            else:
                log.info("ontvangen %s (ce_id %s)", envelope.type, envelope.id)
            return
        await self.send(answer)
        self.answered += 1
        log.info("beantwoord %s (ce_id %s) met %s", envelope.type, envelope.id, answer.event_type)

    def headers(self, event: Event, event_id: uuid.UUID) -> dict[str, str]:
        """The CloudEvents headers of an outgoing event (``ce_source`` is our partner code)."""
        return Envelope(
            id=event_id, source=self.partner, type=event.event_type, subject=event.subject()
        ).headers()

    async def send(self, event: Event) -> None:
        """Publish ``event`` on our to-zvh topic, keyed by its subject."""
        await self._producer.publish_raw(
            topic=self.outbox,
            body=event.model_dump_json().encode(),
            headers=self.headers(event, uuid.uuid4()),
            key=event.subject(),
        )


async def _serve(partner: str, bootstrap: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    adapter = DemoAdapter(partner=partner, bootstrap=bootstrap)
    await adapter.start()
    print(f"demo-adapter {partner} draait op {bootstrap}; Ctrl-C stopt.", flush=True)
    try:
        await stop.wait()
    finally:
        await adapter.stop()


def cmd_demo_adapter(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    try:
        asyncio.run(_serve(args.partner, args.bootstrap))
    except (RuntimeError, ValueError) as exc:
        print(f"demo-adapter gestopt: {exc}", file=sys.stderr)
        return 1
    return 0
