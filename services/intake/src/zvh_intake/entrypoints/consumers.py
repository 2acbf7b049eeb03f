"""The partner consumer: read the raw message and hand it to the intake use case. Nothing more.

One subscriber reads every partner's ``to-zvh`` topic (group ``zvh-intake``); offsets are
committed only after the handler's transaction committed (``consumer_options``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from opentelemetry import trace
from zvh_contracts import topics
from zvh_platform.messaging import consumer_options, inbound
from zvh_platform.settings import ServiceSettings

from zvh_intake.application.intake import MeldingIntake, PartnerBericht

GROUP = "zvh-intake"


def partner_topics(partner_codes: Iterable[str]) -> list[str]:
    """Every partner's to-zvh topic, except the ZVH's own."""
    return [topics.partner_to_zvh(code) for code in sorted(set(partner_codes)) if code != "zvh"]


def _headers(msg: KafkaMessage) -> dict[str, str]:
    raw = getattr(msg.raw_message, "headers", None) or ()
    headers: dict[str, str] = {}
    for key, value in raw:
        headers[key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return headers


async def raw_body(msg: StreamMessage[Any]) -> bytes:
    """Keep the body as bytes: invalid JSON must reach intake to be rejected, not crash the
    default JSON decoder and end on the dead-letter topic."""
    return bytes(msg.body)


def register_consumers(
    broker: KafkaBroker,
    *,
    settings: ServiceSettings,
    intake: MeldingIntake,
    group: str = GROUP,
) -> None:
    """Subscribe the intake use case to every partner to-zvh topic of the region."""
    names = partner_topics(settings.region().partner_codes())

    @broker.subscriber(*names, decoder=raw_body, **consumer_options(settings, group=group))
    async def on_partner_bericht(msg: KafkaMessage) -> None:
        inb = inbound(msg)
        raw = msg.raw_message
        resultaat = await intake.verwerk(
            PartnerBericht(
                topic=inb.topic,
                body=inb.body,
                headers=_headers(msg),
                envelope=inb.envelope,
                envelope_error=inb.envelope_error,
                partition=getattr(raw, "partition", None),
                offset=getattr(raw, "offset", None),
            )
        )
        span = trace.get_current_span()
        span.set_attribute("zvh.intake.verwerking", resultaat.verwerking.value)
        if resultaat.melding_id is not None:
            span.set_attribute("zvh.melding_id", str(resultaat.melding_id))
