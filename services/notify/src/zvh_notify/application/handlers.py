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

_Bouwer = Callable[[Omgeving], Iterable[Bericht]]


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
    ``zvh.consent.doorbreking.v1``."""
    if event.event_type in OVERLEG_TYPES:
        return await handle_overleg_event(
            event_id=event_id, event=event, uow=uow, partners=partners, clock=clock, ui_url=ui_url
        )
    if event.event_type in DOORBREKING_TYPES:
        return await handle_doorbreking_event(
            event_id=event_id, event=event, uow=uow, partners=partners, clock=clock
        )
    return await handle_casus_event(
        event_id=event_id, event=event, uow=uow, partners=partners, clock=clock
    )


async def handle_casus_event(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
) -> list[Bezorging]:
    """Process one event from ``zvh.overleg.casus.v1``; returns the bezorgingen it created."""
    if event.event_type not in CASUS_TYPES:
        return []
    return await _verwerk(
        event_id=event_id,
        event=event,
        uow=uow,
        partners=partners,
        clock=clock,
        berichten=lambda _omgeving: casus_berichten.casus_berichten(event),
        ui_url=DEFAULT_UI_URL,
    )


async def handle_overleg_event(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
    ui_url: str = DEFAULT_UI_URL,
) -> list[Bezorging]:
    """Process one event from ``zvh.overleg.overleg.v1``; returns the bezorgingen it created."""
    if event.event_type not in OVERLEG_TYPES:
        return []
    return await _verwerk(
        event_id=event_id,
        event=event,
        uow=uow,
        partners=partners,
        clock=clock,
        berichten=lambda omgeving: overleg_berichten.overleg_berichten(event, omgeving),
        ui_url=ui_url,
    )


async def handle_doorbreking_event(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
) -> list[Bezorging]:
    """Process one event from ``zvh.consent.doorbreking.v1``: the eigenaar is told at once."""
    if event.event_type not in DOORBREKING_TYPES:
        return []
    return await _verwerk(
        event_id=event_id,
        event=event,
        uow=uow,
        partners=partners,
        clock=clock,
        berichten=lambda omgeving: doorbreking_berichten.doorbreking_berichten(event, omgeving),
        ui_url=DEFAULT_UI_URL,
    )


async def _verwerk(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
    berichten: _Bouwer,
    ui_url: str,
) -> list[Bezorging]:
    """One transaction: inbox dedupe, then every recipient's bezorgingen and outbox rows."""
    async with uow:
        if await uow.seen_before(event_id):
            return []
        omgeving = Omgeving(partners=partners, nu=clock(), ui_url=ui_url.rstrip("/"))
        created: list[Bezorging] = []
        for bericht in berichten(omgeving):
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
