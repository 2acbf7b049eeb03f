"""The Kafka consumer: validate the envelope, parse the event, call the handler. Nothing more.

One subscription reads ``zvh.overleg.casus.v1``, ``zvh.overleg.overleg.v1``, consent's
``zvh.consent.doorbreking.v1`` (the eigenaar is told of a doorbreking) and intake's
``zvh.intake.melding.v1`` (the triage termijn of each melding). Group
``zvh-notify`` commits offsets only after the handler's transaction committed
(``consumer_options``); a replay is harmless because the inbox and the derived ids dedupe.
Failures are retried (transient) or dead-lettered (permanent) by the platform.

The webhook bridge reads the from-zvh topics of the partners that declare a ``webhook`` in the
region (group ``zvh-notify.webhook``) and stores each event as a webhook bezorging.
"""

from __future__ import annotations

from collections.abc import Callable

from zvh_contracts import registry, topics
from zvh_platform.consuming import Consumers, check_size
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.records import RawRecord
from zvh_platform.termijnen import Termijnen

from zvh_notify.application.handlers import DEFAULT_UI_URL, HANDLED_TYPES, handle_event
from zvh_notify.application.ports import Clock, PartnerDirectory, UnitOfWorkFactory
from zvh_notify.application.webhooks import neem_op

GROUP = "zvh-notify"
#: The webhook bridge's group is the main group's name plus this suffix.
WEBHOOK_GROUP_SUFFIX = ".webhook"


def webhook_group(group: str = GROUP) -> str:
    """The consumer group that reads webhook partners' from-zvh topics."""
    return f"{group}{WEBHOOK_GROUP_SUFFIX}"


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
    kalender: Kalender = NEDERLAND,
    termijnen: Termijnen | None = None,
) -> None:
    """Subscribe to overleg's casus and overleg topics, consent's doorbreking topic and intake's
    melding topic;
    ``after_commit`` wakes relay and mail; ``kalender`` and ``termijnen`` are the region's (for
    the termijnbewaking)."""

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
            kalender=kalender,
            regio_termijnen=termijnen,
        )
        if created:
            after_commit()

    consumers.subscribe(
        topics.OVERLEG_CASUS,
        topics.OVERLEG_OVERLEG,
        topics.CONSENT_DOORBREKING,
        topics.INTAKE_MELDING,
        group=group,
        handler=on_event,
    )


def register_webhook_consumers(
    consumers: Consumers,
    *,
    uow_factory: UnitOfWorkFactory,
    partner_codes: list[str],
    clock: Clock,
    after_commit: Callable[[], None],
    group: str = GROUP,
    max_bytes: int = topics.MAX_MESSAGE_BYTES,
) -> None:
    """Subscribe the webhook bridge to the from-zvh topics of ``partner_codes`` (none: nothing)."""
    if not partner_codes:
        return

    async def on_event(record: RawRecord) -> None:
        check_size(record, max_bytes)
        partner = topics.partner_of(record.topic)
        if partner is None:
            raise OngeldigBericht(f"geen partnertopic: {record.topic}")
        envelope, error = record.envelope()
        if envelope is None:
            raise OngeldigBericht(error or "geen CloudEvents-envelope")
        try:
            created = await neem_op(
                uow=uow_factory(),
                partner=partner,
                envelope=envelope,
                data=record.value,
                clock=clock,
            )
        except (ValueError, RecursionError) as exc:
            raise OngeldigBericht(f"de inhoud is geen JSON ({type(exc).__name__})") from exc
        if created is not None:
            after_commit()

    consumers.subscribe(
        *(topics.partner_from_zvh(code) for code in sorted(partner_codes)),
        group=webhook_group(group),
        handler=on_event,
    )
