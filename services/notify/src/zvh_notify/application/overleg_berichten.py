"""What overleg's overleg events become for the partners (``zvh.overleg.overleg.v1``).

Each genodigde hears only about its own casussen; the e-mail carries an iCalendar invitation
(REQUEST) or cancellation (CANCEL) with the overleg's one UID. The verslag goes to each deelnemer
with only the casussen it takes part in. ``OverlegBeantwoord`` is not delivered to partners.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

from zvh_contracts.base import Event
from zvh_contracts.overleg import overleg_v1 as overleg
from zvh_contracts.partner import overleg_v1 as partner_overleg
from zvh_contracts.vocab import OverlegSoort

from zvh_notify.application.bericht import Bericht, MailBouwer, Mailinhoud, Omgeving
from zvh_notify.application.ports import PartnerInfo
from zvh_notify.domain import agenda, overleg_teksten

DELIVERED = (
    overleg.OverlegGepland,
    overleg.OverlegGewijzigd,
    overleg.OverlegGeannuleerd,
    overleg.VerslagVastgesteld,
)
ZVH_ORG = "zvh"
AFGEMELD = "afgemeld"


def agenda_url(ui_url: str, overleg_id: uuid.UUID) -> str:
    """The overleg's page in the UI, where a genodigde answers (sign-in required)."""
    return f"{ui_url}/overleggen/{overleg_id}"


def verslag_url(ui_url: str, overleg_id: uuid.UUID) -> str:
    """The verslag in the UI; the partner sees its own part after signing in."""
    return f"{agenda_url(ui_url, overleg_id)}/verslag"


def overleg_berichten(event: Event, omgeving: Omgeving) -> Iterator[Bericht]:
    """The messages one overleg event yields."""
    if isinstance(event, overleg.OverlegGepland | overleg.OverlegGewijzigd):
        yield from _planning(event, omgeving)
    elif isinstance(event, overleg.OverlegGeannuleerd):
        for code in dict.fromkeys(event.genodigden):
            yield _annulering(
                event.overleg_id,
                ontvanger=code,
                sequence=event.sequence,
                start=event.start,
                omgeving=omgeving,
            )
    elif isinstance(event, overleg.VerslagVastgesteld):
        yield from _verslag(event, omgeving)


def _organisator(omgeving: Omgeving) -> str | None:
    zvh = omgeving.partners.partner(ZVH_ORG)
    return zvh.email if zvh else None


def _planning(
    event: overleg.OverlegGepland | overleg.OverlegGewijzigd, omgeving: Omgeving
) -> Iterator[Bericht]:
    gewijzigd = isinstance(event, overleg.OverlegGewijzigd)
    model = partner_overleg.OverlegGewijzigd if gewijzigd else partner_overleg.OverlegUitgenodigd
    genodigden = {g.partner: g for g in event.genodigden}
    for code, genodigde in genodigden.items():
        out = model(
            overleg_id=event.overleg_id,
            ical_uid=agenda.ical_uid(event.overleg_id),
            sequence=event.sequence,
            soort=event.soort,
            start=event.start,
            eind=event.eind,
            locatie=event.locatie,
            casus_ids=list(genodigde.casus_ids),
        )
        yield Bericht(
            ontvanger=code,
            event=out,
            mail=_uitnodiging_mail(event, genodigde, omgeving=omgeving, gewijzigd=gewijzigd),
        )
    if isinstance(event, overleg.OverlegGewijzigd):
        for code in dict.fromkeys(event.afgemeld):
            if code in genodigden:
                continue  # still invited after all: the update above is what counts
            yield _annulering(
                event.overleg_id,
                ontvanger=code,
                sequence=event.sequence,
                start=event.start,
                omgeving=omgeving,
                eind=event.eind,
                soort=event.soort,
                afgemeld=True,
            )


def _uitnodiging_mail(
    event: overleg.OverlegGepland | overleg.OverlegGewijzigd,
    genodigde: overleg.Genodigde,
    *,
    omgeving: Omgeving,
    gewijzigd: bool,
) -> MailBouwer:
    url = agenda_url(omgeving.ui_url, event.overleg_id)

    def mail(info: PartnerInfo) -> Mailinhoud:
        assert info.email
        onderwerp, tekst = overleg_teksten.uitnodiging_tekst(
            organisatie=info.naam,
            soort=event.soort,
            start=event.start,
            eind=event.eind,
            locatie=event.locatie,
            casus_ids=genodigde.casus_ids,
            agenda_url=url,
            gewijzigd=gewijzigd,
        )
        punt = agenda.Agendapunt(
            overleg_id=event.overleg_id,
            sequence=event.sequence,
            start=event.start,
            eind=event.eind,
            soort=event.soort,
            locatie=event.locatie,
            organisator=_organisator(omgeving),
            deelnemer_adres=info.email,
            deelnemer_naam=info.naam,
            stamp=omgeving.nu,
            url=url,
        )
        return Mailinhoud(
            onderwerp=onderwerp, tekst=tekst, bijlagen=(agenda.uitnodiging_bijlage(punt),)
        )

    return mail


def _annulering(
    overleg_id: uuid.UUID,
    *,
    ontvanger: str,
    sequence: int,
    start: datetime,
    omgeving: Omgeving,
    eind: datetime | None = None,
    soort: OverlegSoort | None = None,
    afgemeld: bool = False,
) -> Bericht:
    out = partner_overleg.OverlegGeannuleerd(
        overleg_id=overleg_id,
        ical_uid=agenda.ical_uid(overleg_id),
        sequence=sequence,
        start=start,
    )

    def mail(info: PartnerInfo) -> Mailinhoud:
        assert info.email
        onderwerp, tekst = overleg_teksten.annulering_tekst(
            organisatie=info.naam, soort=soort, start=start, afgemeld=afgemeld
        )
        punt = agenda.Agendapunt(
            overleg_id=overleg_id,
            sequence=sequence,
            start=start,
            eind=eind,
            soort=soort,
            locatie=None,
            organisator=_organisator(omgeving),
            deelnemer_adres=info.email,
            deelnemer_naam=info.naam,
            stamp=omgeving.nu,
        )
        return Mailinhoud(
            onderwerp=onderwerp, tekst=tekst, bijlagen=(agenda.annulering_bijlage(punt),)
        )

    return Bericht(
        ontvanger=ontvanger, event=out, mail=mail, variant=AFGEMELD if afgemeld else None
    )


def _verslag(event: overleg.VerslagVastgesteld, omgeving: Omgeving) -> Iterator[Bericht]:
    """Every deelnemer of at least one casus, with only the casussen it takes part in."""
    deelnemers = dict.fromkeys(p for c in event.casussen for p in c.deelnemers if p != ZVH_ORG)
    datum = agenda.lokaal(event.start).date()
    url = verslag_url(omgeving.ui_url, event.overleg_id)
    for code in deelnemers:
        eigen = [c for c in event.casussen if code in c.deelnemers]
        out = partner_overleg.OverlegVerslag(
            overleg_id=event.overleg_id,
            soort=event.soort,
            datum=datum,
            aanwezig=list(event.aanwezig),
            casussen=eigen,
            verslag_url=url,
        )

        def mail(info: PartnerInfo, eigen: list[overleg.VerslagCasus] = eigen) -> Mailinhoud:
            onderwerp, tekst = overleg_teksten.verslag_tekst(
                organisatie=info.naam,
                soort=event.soort,
                datum=datum,
                aanwezig=event.aanwezig,
                afwezig=event.afwezig,
                casussen=eigen,
                verslag_url=url,
                pdf_url=f"{url}.pdf",
            )
            return Mailinhoud(onderwerp=onderwerp, tekst=tekst)

        yield Bericht(ontvanger=code, event=out, mail=mail)
