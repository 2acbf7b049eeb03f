"""Turn overleg's and consent's events into bezorgingen: a partner-topic message and an e-mail
per recipient.

Everything for one incoming event happens in one transaction: the inbox record, the outbox rows
and the bezorgingen. Ids derive from the incoming ``ce_id``, so a replay changes nothing. What
each event becomes is decided in ``casus_berichten``, ``overleg_berichten`` and
``doorbreking_berichten``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from zvh_contracts import topics
from zvh_contracts.base import Event

from zvh_notify.application import casus_berichten, doorbreking_berichten, overleg_berichten
from zvh_notify.application.bericht import Bericht, Omgeving
from zvh_notify.application.ports import Clock, PartnerDirectory, PartnerInfo, UnitOfWork
from zvh_notify.domain.model import Bezorging, Email, Kanaal, bezorging_id

CASUS_TYPES = frozenset(t.event_type for t in casus_berichten.DELIVERED)
OVERLEG_TYPES = frozenset(t.event_type for t in overleg_berichten.DELIVERED)
DOORBREKING_TYPES = frozenset(t.event_type for t in doorbreking_berichten.DELIVERED)
#: Event types the consumer parses and hands on; everything else is skipped unparsed.
HANDLED_TYPES = CASUS_TYPES | OVERLEG_TYPES | DOORBREKING_TYPES

DEFAULT_UI_URL = "http://127.0.0.1:8000"
ONBEKENDE_PARTNER = "partner onbekend in de regio"
GEEN_ADRES = "geen e-mailadres bekend voor deze partner"

_Bouwer = Callable[[Event, Omgeving], Iterable[Bericht]]


def _casus(event: Event, _omgeving: Omgeving) -> Iterable[Bericht]:
    return casus_berichten.casus_berichten(event)


#: Which module decides what each handled event type becomes.
_BOUWERS: dict[str, _Bouwer] = {
    **dict.fromkeys(CASUS_TYPES, _casus),
    **dict.fromkeys(OVERLEG_TYPES, overleg_berichten.overleg_berichten),
    **dict.fromkeys(DOORBREKING_TYPES, doorbreking_berichten.doorbreking_berichten),
}


async def handle_event(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
    ui_url: str = DEFAULT_UI_URL,
) -> list[Bezorging]:
    """Process one event from ``zvh.overleg.casus.v1``, ``zvh.overleg.overleg.v1`` or
    ``zvh.consent.doorbreking.v1``; returns the bezorgingen it created. A type notify does not
    deliver leaves no trace, not even an inbox record."""
    bouwer = _BOUWERS.get(event.event_type)
    if bouwer is None:
        return []
    async with uow:
        if await uow.seen_before(event_id):
            return []
        omgeving = Omgeving(partners=partners, nu=clock.now(), ui_url=ui_url.rstrip("/"))
        created: list[Bezorging] = []
        for bericht in bouwer(event, omgeving):
            created += await _bezorg(
                uow=uow, bron=event_id, event=event, bericht=bericht, omgeving=omgeving
            )
        await uow.commit()
    return created


async def _bezorg(
    *,
    uow: UnitOfWork,
    bron: uuid.UUID,
    event: Event,
    bericht: Bericht,
    omgeving: Omgeving,
) -> list[Bezorging]:
    """Create the partner-topic and e-mail bezorgingen for one recipient."""
    info = omgeving.partners.partner(bericht.ontvanger)
    now = omgeving.nu
    created = []
    for kanaal in (Kanaal.PARTNER_TOPIC, Kanaal.EMAIL):
        b = Bezorging(
            id=bezorging_id(
                bron_event_id=bron,
                kanaal=kanaal,
                ontvanger=bericht.ontvanger,
                variant=bericht.variant,
            ),
            kanaal=kanaal,
            ontvanger=bericht.ontvanger,
            bron_event_id=bron,
            event_type=type(event).event_type,
            casus_id=getattr(event, "casus_id", None),
            aangemaakt_op=now,
            bijgewerkt_op=now,
        )
        if await uow.bezorgingen.get(b.id) is not None:
            continue  # created before under another inbox record: never twice
        fout = _kan_niet(info, kanaal)
        if fout:
            b.onbezorgbaar(tijd=now, fout=fout)
        elif kanaal is Kanaal.PARTNER_TOPIC:
            await uow.publish(
                bericht.event, topic=topics.partner_from_zvh(bericht.ontvanger), event_id=b.id
            )
        else:
            assert info is not None and info.email
            inhoud = bericht.mail(info)
            b.email = Email(
                adres=info.email,
                onderwerp=inhoud.onderwerp,
                tekst=inhoud.tekst,
                bijlagen=inhoud.bijlagen,
            )
            b.volgende_poging_op = now
        await uow.bezorgingen.add(b)
        created.append(b)
    return created


def _kan_niet(info: PartnerInfo | None, kanaal: Kanaal) -> str | None:
    if info is None:
        return ONBEKENDE_PARTNER
    if kanaal is Kanaal.EMAIL and not info.email:
        return GEEN_ADRES
    return None
