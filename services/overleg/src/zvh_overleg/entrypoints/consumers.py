"""Kafka consumers (group ``zvh-overleg``): validate the envelope, parse, call the handler.

One subscriber reads intake's melding stream and every partner's to-zvh topic, so the service is
one member of its consumer group. Offsets commit only after the handler's transaction committed;
a handler error is retried and then dead-lettered by the platform middleware.
"""

from __future__ import annotations

from collections.abc import Iterable

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from zvh_contracts import registry, topics
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord
from zvh_platform.messaging import consumer_options, inbound
from zvh_platform.settings import ServiceSettings

from zvh_overleg.application.handlers import handle_melding_event, handle_partner_event
from zvh_overleg.application.planning import handle_partner_antwoord
from zvh_overleg.application.ports import Clock, UnitOfWorkFactory
from zvh_overleg.entrypoints.tracing import mark

GROUP = "zvh-overleg"


class OngeldigBericht(ValueError):
    """No valid CloudEvents envelope on an internal topic (goes to the dead-letter topic)."""


def subscribed_topics(partner_codes: Iterable[str]) -> list[str]:
    return [topics.INTAKE_MELDING, *(topics.partner_to_zvh(p) for p in sorted(set(partner_codes)))]


def register_consumers(
    broker: KafkaBroker,
    *,
    settings: ServiceSettings,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> None:
    """Subscribe to the melding stream and the partners' to-zvh topics."""
    names = subscribed_topics(settings.region().partner_codes())

    @broker.subscriber(*names, **consumer_options(settings, group=GROUP))
    async def on_message(msg: KafkaMessage) -> None:
        inb = inbound(msg)
        partner = topics.partner_of(inb.topic)
        if inb.envelope is None:
            if partner is not None:
                return  # intake answers the partner about its malformed message
            raise OngeldigBericht(inb.envelope_error or "geen CloudEvents-envelope")
        if partner is None:
            if inb.envelope.type != MeldingGetrieerd.event_type:
                return
            event = registry.parse(inb.envelope.type, inb.body)
            assert isinstance(event, MeldingGetrieerd)
            mark(melding_id=event.melding_id)
            await handle_melding_event(event_id=inb.envelope.id, event=event, uow=uow, clock=clock)
            return
        if inb.envelope.type == OverlegBeantwoord.event_type:
            antwoord = registry.parse(inb.envelope.type, inb.body)
            assert isinstance(antwoord, OverlegBeantwoord)
            mark(overleg_id=antwoord.overleg_id)
            await handle_partner_antwoord(
                event_id=inb.envelope.id, topic=inb.topic, event=antwoord, uow=uow, clock=clock
            )
            return
        if inb.envelope.type != ActieTeruggekoppeld.event_type:
            return
        event = registry.parse(inb.envelope.type, inb.body)
        assert isinstance(event, ActieTeruggekoppeld)
        mark(casus_id=event.casus_id)
        await handle_partner_event(
            event_id=inb.envelope.id, topic=inb.topic, event=event, uow=uow, clock=clock
        )
