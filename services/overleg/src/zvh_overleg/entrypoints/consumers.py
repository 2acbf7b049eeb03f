"""Kafka consumers (group ``zvh-overleg``): raw record in, the right use case called.

One subscription reads intake's melding stream and every partner's to-zvh topic, so the service
is one member of its consumer group. Offsets commit only after the handler's transaction
committed. Partner messages of the types overleg owns are always answered
(``zvh.partner.bericht.ontvangen.v1``); a failure on the internal topic is dead-lettered.
"""

from __future__ import annotations

from collections.abc import Iterable

from zvh_contracts import registry, topics
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_contracts.intake.vpt_v1 import VptIncidentGeregistreerd
from zvh_platform.consuming import Consumers, check_size
from zvh_platform.records import RawRecord

from zvh_overleg.application.handlers import handle_melding_event
from zvh_overleg.application.partnerberichten import (
    MAX_BYTES,
    ONVERWACHT,
    Partnerbericht,
    is_van_overleg,
    keep_and_reject,
    ontvang,
)
from zvh_overleg.application.ports import Clock, UnitOfWorkFactory
from zvh_overleg.application.vpt import open_dossier
from zvh_overleg.domain.model import ZVH
from zvh_overleg.entrypoints.tracing import mark

GROUP = "zvh-overleg"


class OngeldigBericht(ValueError):
    """No valid CloudEvents envelope on an internal topic (goes to the dead-letter store)."""


def subscribed_topics(partner_codes: Iterable[str]) -> list[str]:
    """Intake's melding topic and every partner's to-zvh topic; the ZVH itself is no partner
    (nobody writes its to-zvh topic, and the broker's ACLs give it no reader)."""
    partners = sorted(set(partner_codes) - {ZVH})
    return [topics.INTAKE_MELDING, *(topics.partner_to_zvh(p) for p in partners)]


def partnerbericht(record: RawRecord, partner: str) -> Partnerbericht:
    envelope, error = record.envelope()
    return Partnerbericht(
        topic=record.topic,
        partner=partner,
        body=record.value,
        headers=dict(record.header_map),
        envelope=envelope,
        envelope_error=error,
        partition=record.partition,
        offset=record.offset,
    )


def register_consumers(
    consumers: Consumers,
    *,
    partner_codes: Iterable[str],
    uow: UnitOfWorkFactory,
    clock: Clock,
    max_bytes: int = MAX_BYTES,
) -> None:
    """Subscribe to the melding stream and the partners' to-zvh topics."""

    async def on_record(record: RawRecord) -> None:
        partner = topics.partner_of(record.topic)
        if partner is not None:
            await ontvang(
                partnerbericht(record, partner), uow=uow, clock=clock, max_bytes=max_bytes
            )
            return
        check_size(record, max_bytes)
        envelope, error = record.envelope()
        if envelope is None:
            raise OngeldigBericht(error or "geen CloudEvents-envelope")
        if envelope.type == VptIncidentGeregistreerd.event_type:
            incident = registry.parse(envelope.type, record.value)
            assert isinstance(incident, VptIncidentGeregistreerd)
            await open_dossier(event_id=envelope.id, event=incident, uow=uow, clock=clock)
            return
        if envelope.type != MeldingGetrieerd.event_type:
            return
        event = registry.parse(envelope.type, record.value)
        assert isinstance(event, MeldingGetrieerd)
        mark(melding_id=event.melding_id)
        await handle_melding_event(event_id=envelope.id, event=event, uow=uow, clock=clock)

    async def answer(record: RawRecord, _exc: BaseException) -> None:
        partner = topics.partner_of(record.topic)
        if partner is None:
            return
        bericht = partnerbericht(record, partner)
        if is_van_overleg(bericht):
            await keep_and_reject(
                bericht, redenen=[ONVERWACHT], uow=uow, clock=clock, remember=False
            )

    consumers.subscribe(
        *subscribed_topics(partner_codes), group=GROUP, handler=on_record, on_permanent=answer
    )
