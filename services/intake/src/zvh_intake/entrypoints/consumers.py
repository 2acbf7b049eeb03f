"""The partner consumer: turn raw records into PartnerBerichten for the intake use case.

Each partner's ``to-zvh`` topic has its own subscription and consumer group
(``zvh-intake.<partner>``), so one partner's flood never queues another partner's meldingen
behind it: the subscriptions run side by side. Each reads in batches: one transaction per batch,
each message in its own savepoint, offsets committed only after that transaction committed. A
message whose handling fails permanently is rolled back alone, kept as a dead letter by the
platform and answered here with a rejection; the rest of the batch commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from opentelemetry import trace
from zvh_contracts import topics
from zvh_platform.consuming import Consumers, Failure, handle_each
from zvh_platform.records import RawRecord

from zvh_intake.application.intake import MeldingIntake, PartnerBericht

GROUP = "zvh-intake"


def partner_group(code: str, *, group: str = GROUP) -> str:
    """The consumer group that reads one partner's to-zvh topic (one per partner: fairness)."""
    return f"{group}.{code}"


def partner_bericht(record: RawRecord) -> PartnerBericht:
    """The use case's view of a raw record (never raises)."""
    envelope, error = record.envelope()
    return PartnerBericht(
        topic=record.topic,
        body=record.value,
        headers=dict(record.header_map),
        envelope=envelope,
        envelope_error=error,
        partition=record.partition,
        offset=record.offset,
        duplicate_headers=record.duplicate_headers,
    )


def register_consumers(
    consumers: Consumers,
    *,
    partner_codes: Iterable[str],
    intake: MeldingIntake,
    group: str = GROUP,
) -> None:
    """Subscribe the intake use case to every partner to-zvh topic of the region."""

    async def on_partner_berichten(records: Sequence[RawRecord]) -> list[Failure]:
        async with intake.batch() as batch:

            async def handle(record: RawRecord) -> None:
                resultaat = await batch.verwerk(partner_bericht(record))
                span = trace.get_current_span()
                span.set_attribute("zvh.intake.verwerking", resultaat.verwerking.value)
                if resultaat.melding_id is not None:
                    span.set_attribute("zvh.melding_id", str(resultaat.melding_id))

            return await handle_each(records, handle)

    async def answer(record: RawRecord, _exc: BaseException) -> None:
        await intake.wijs_af_onverwacht(partner_bericht(record))

    for code in sorted(set(partner_codes) - {"zvh"}):
        consumers.subscribe_batch(
            topics.partner_to_zvh(code),
            group=partner_group(code, group=group),
            handler=on_partner_berichten,
            on_permanent=answer,
        )
