"""Turn overleg's casus events into bezorgingen: a partner-topic message and an e-mail each.

Everything for one incoming event happens in one transaction: the inbox record, the outbox rows
and the bezorgingen. Ids derive from the incoming ``ce_id``, so a replay changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner import actie_v1 as partner_actie
from zvh_contracts.partner import casus_v1 as partner_casus

from zvh_notify.application.ports import Clock, PartnerDirectory, PartnerInfo, UnitOfWork
from zvh_notify.domain import berichten
from zvh_notify.domain.model import Bezorging, Email, Kanaal, bezorging_id

HANDLED_TYPES = frozenset({overleg.ActieToegewezen.event_type, overleg.CasusGeopend.event_type})

ONBEKENDE_PARTNER = "partner onbekend in de regio"
GEEN_ADRES = "geen e-mailadres bekend voor deze partner"


@dataclass(frozen=True)
class _Bericht:
    """What one recipient gets: the partner event and the e-mail text."""

    ontvanger: str
    event: Event
    mail: tuple[str, str] | None


async def handle_casus_event(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
) -> list[Bezorging]:
    """Process one event from ``zvh.overleg.casus.v1``; returns the bezorgingen it created."""
    if not isinstance(event, overleg.ActieToegewezen | overleg.CasusGeopend):
        return []
    async with uow:
        if await uow.seen_before(event_id):
            return []
        created: list[Bezorging] = []
        for bericht in _berichten(event, partners):
            created += await _bezorg(
                uow=uow, bron=event_id, event=event, bericht=bericht, partners=partners, clock=clock
            )
        await uow.commit()
    return created


def _berichten(event: Event, partners: PartnerDirectory) -> Iterable[_Bericht]:
    if isinstance(event, overleg.ActieToegewezen):
        out = partner_actie.ActieToegewezen(
            actie_id=event.actie_id,
            casus_id=event.casus_id,
            wat=event.wat,
            wie=event.wie,
            wanneer=event.wanneer,
        )
        info = partners.partner(event.wie)
        mail = (
            berichten.actie_mail(
                organisatie=info.naam,
                casus_id=event.casus_id,
                wat=event.wat,
                wie=event.wie,
                wanneer=event.wanneer,
            )
            if info
            else None
        )
        yield _Bericht(ontvanger=event.wie, event=out, mail=mail)
    elif isinstance(event, overleg.CasusGeopend):
        deelnemers = list(dict.fromkeys(event.deelnemers))
        uitnodiging = partner_casus.CasusGeopend(
            casus_id=event.casus_id,
            deelnemers=deelnemers,
            ave_fase=event.ave_fase,
            geopend_op=event.geopend_op,
        )
        for code in deelnemers:
            info = partners.partner(code)
            mail = (
                berichten.uitnodiging_mail(
                    organisatie=info.naam,
                    casus_id=event.casus_id,
                    deelnemers=deelnemers,
                    ave_fase=event.ave_fase,
                    geopend_op=event.geopend_op,
                )
                if info
                else None
            )
            yield _Bericht(ontvanger=code, event=uitnodiging, mail=mail)


async def _bezorg(
    *,
    uow: UnitOfWork,
    bron: uuid.UUID,
    event: Event,
    bericht: _Bericht,
    partners: PartnerDirectory,
    clock: Clock,
) -> list[Bezorging]:
    """Create the partner-topic and e-mail bezorgingen for one recipient."""
    info = partners.partner(bericht.ontvanger)
    now = clock()
    created = []
    for kanaal in (Kanaal.PARTNER_TOPIC, Kanaal.EMAIL):
        b = Bezorging(
            id=bezorging_id(bron_event_id=bron, kanaal=kanaal, ontvanger=bericht.ontvanger),
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
            b.opgegeven(tijd=now, fout=fout)
        elif kanaal is Kanaal.PARTNER_TOPIC:
            await uow.publish(
                bericht.event, topic=topics.partner_from_zvh(bericht.ontvanger), event_id=b.id
            )
        else:
            assert info is not None and info.email and bericht.mail
            onderwerp, tekst = bericht.mail
            b.email = Email(adres=info.email, onderwerp=onderwerp, tekst=tekst)
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
