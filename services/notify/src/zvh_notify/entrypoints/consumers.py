"""The Kafka consumer: validate the envelope, parse the event, call the handler. Nothing more.

One subscriber reads both ``zvh.overleg.casus.v1`` and ``zvh.overleg.overleg.v1``. Group
``zvh-notify`` commits offsets only after the handler's transaction committed
(``consumer_options``); a replay is harmless because the inbox and the derived ids dedupe.
"""

from __future__ import annotations

from collections.abc import Callable

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from zvh_contracts import registry, topics
from zvh_platform.messaging import consumer_options, inbound
from zvh_platform.settings import ServiceSettings

from zvh_notify.application.handlers import DEFAULT_UI_URL, HANDLED_TYPES, handle_event
from zvh_notify.application.ports import Clock, PartnerDirectory, UnitOfWorkFactory

GROUP = "zvh-notify"


class OngeldigBericht(ValueError):
    """The message has no valid CloudEvents envelope (goes to the dead-letter topic)."""


def register_consumers(
    broker: KafkaBroker,
    *,
    settings: ServiceSettings,
    uow_factory: UnitOfWorkFactory,
    partners: PartnerDirectory,
    clock: Clock,
    after_commit: Callable[[], None],
    group: str = GROUP,
    ui_url: str = DEFAULT_UI_URL,
) -> None:
    """Subscribe to overleg's casus and overleg topics; ``after_commit`` wakes relay and mail."""

    @broker.subscriber(
        topics.OVERLEG_CASUS, topics.OVERLEG_OVERLEG, **consumer_options(settings, group=group)
    )
    async def on_overleg_event(msg: KafkaMessage) -> None:
        inb = inbound(msg)
        if inb.envelope is None:
            raise OngeldigBericht(inb.envelope_error or "geen CloudEvents-envelope")
        if inb.envelope.type not in HANDLED_TYPES:
            return
        event = registry.parse(inb.envelope.type, inb.body)
        created = await handle_event(
            event_id=inb.envelope.id,
            event=event,
            uow=uow_factory(),
            partners=partners,
            clock=clock,
            ui_url=ui_url,
        )
        if created:
            after_commit()
