"""One recipient's bezorgingen for one message: the partner-topic event and the e-mail.

Shared by the event handlers and the termijnbewaking's scheduler. Ids derive from the source
(``bron``: the incoming event, or the timer), so doing it again creates nothing new.
"""

from __future__ import annotations

import uuid

from zvh_contracts import topics
from zvh_contracts.base import Event

from zvh_notify.application.bericht import Bericht, Omgeving
from zvh_notify.application.ports import PartnerInfo, UnitOfWork
from zvh_notify.domain.model import Bezorging, Email, Kanaal, bezorging_id

ONBEKENDE_PARTNER = "partner onbekend in de regio"
GEEN_ADRES = "geen e-mailadres bekend voor deze partner"


async def bezorg(
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
    kanalen: tuple[Kanaal, ...] = (Kanaal.PARTNER_TOPIC, Kanaal.EMAIL)
    if bericht.alleen_email:
        kanalen = (Kanaal.EMAIL,)
    elif bericht.alleen_topic:
        kanalen = (Kanaal.PARTNER_TOPIC,)
    for kanaal in kanalen:
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
        fout = _kan_niet(info, kanaal, bericht.adres)
        if fout:
            b.onbezorgbaar(tijd=now, fout=fout)
        elif kanaal is Kanaal.PARTNER_TOPIC:
            await uow.publish(
                bericht.event, topic=topics.partner_from_zvh(bericht.ontvanger), event_id=b.id
            )
        else:
            adres = bericht.adres or (info.email if info is not None else None)
            assert info is not None and adres
            inhoud = bericht.mail(info)
            b.email = Email(
                adres=adres,
                onderwerp=inhoud.onderwerp,
                tekst=inhoud.tekst,
                bijlagen=inhoud.bijlagen,
            )
            b.volgende_poging_op = now
        await uow.bezorgingen.add(b)
        created.append(b)
    return created


def _kan_niet(info: PartnerInfo | None, kanaal: Kanaal, adres: str | None = None) -> str | None:
    if info is None:
        return ONBEKENDE_PARTNER
    if kanaal is Kanaal.EMAIL and not (adres or info.email):
        return GEEN_ADRES
    return None
