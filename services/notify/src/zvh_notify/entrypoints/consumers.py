"""The Kafka consumer: validate the envelope, parse the event, call the handler. Nothing more.

One subscription reads ``zvh.overleg.casus.v1``, ``zvh.overleg.overleg.v1`` and consent's
``zvh.consent.doorbreking.v1`` (the eigenaar is told of a doorbreking). Group
``zvh-notify`` commits offsets only after the handler's transaction committed
(``consumer_options``); a replay is harmless because the inbox and the derived ids dedupe.
Failures are retried (transient) or dead-lettered (permanent) by the platform.
"""

from __future__ import annotations

from collections.abc import Callable

from zvh_contracts import registry, topics
from zvh_platform.consuming import Consumers, check_size
from zvh_platform.records import RawRecord

from zvh_notify.application.handlers import DEFAULT_UI_URL, HANDLED_TYPES, handle_event
from zvh_notify.application.ports import Clock, PartnerDirectory, UnitOfWorkFactory

GROUP = "zvh-notify"


class OngeldigBericht(ValueError):
    """The message has no valid CloudEvents envelope (goes to the dead-letter store)."""


def register_consumers(
    consumers: Consumers,
    *,
    uow_factory: UnitOfWorkFactory,
    partners: PartnerDirectory,
    clock: Clock,
    after_commit: Callable[[], None],
    group: str = GROUP,
    ui_url: str = DEFAULT_UI_URL,
    max_bytes: int = topics.MAX_MESSAGE_BYTES,
) -> None:
    """Subscribe to overleg's casus and overleg topics and consent's doorbreking topic;
    ``after_commit`` wakes relay and mail."""

    async def on_event(record: RawRecord) -> None:
        check_size(record, max_bytes)
        envelope, error = record.envelope()
        if envelope is None:
            raise OngeldigBericht(error or "geen CloudEvents-envelope")
        if envelope.type not in HANDLED_TYPES:
            return
        event = registry.parse(envelope.type, record.value)
        created = await handle_event(
            event_id=envelope.id,
            event=event,
            uow=uow_factory(),
            partners=partners,
            clock=clock,
            ui_url=ui_url,
        )
        if created:
            after_commit()

    consumers.subscribe(
        topics.OVERLEG_CASUS,
        topics.OVERLEG_OVERLEG,
        topics.CONSENT_DOORBREKING,
        group=group,
        handler=on_event,
    )
