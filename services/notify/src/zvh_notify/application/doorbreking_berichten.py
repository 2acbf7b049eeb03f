"""What consent's doorbreking event becomes for the eigenaar (``zvh.consent.doorbreking.v1``).

Consent records the doorbreking; notify is the one service that delivers to partners, so the
eigenaar hears it here: ``zvh.partner.doorbreking.gemeld.v1`` on its from-zvh topic and an e-mail,
with the same ids and codes and nothing more (no reason text, no user).
"""

from __future__ import annotations

from collections.abc import Iterator

from zvh_contracts.base import Event
from zvh_contracts.consent import doorbreking_v1 as consent
from zvh_contracts.partner import doorbreking_v1 as partner

from zvh_notify.application.bericht import Bericht, Omgeving, tekstmail
from zvh_notify.domain import doorbreking_teksten

DELIVERED = (consent.DoorbrekingGemeld,)


def doorbreking_berichten(event: Event, omgeving: Omgeving) -> Iterator[Bericht]:
    """One message for the eigenaar of the opened information."""
    if not isinstance(event, consent.DoorbrekingGemeld):
        return
    out = partner.DoorbrekingGemeld(
        doorbreking_id=event.doorbreking_id,
        type=event.type,
        casus_id=event.casus_id,
        item=event.item,
        eigenaar=event.eigenaar,
        door_org=event.door_org,
        van=event.van,
        tot=event.tot,
    )
    door = omgeving.partners.partner(event.door_org)
    door_naam = f"{door.naam} ({event.door_org})" if door is not None else event.door_org

    mail = tekstmail(
        lambda organisatie: doorbreking_teksten.doorbreking_mail(
            organisatie=organisatie,
            door_organisatie=door_naam,
            doorbreking_id=event.doorbreking_id,
            type=event.type,
            casus_id=event.casus_id,
            item=event.item,
            van=event.van,
            tot=event.tot,
        )
    )
    yield Bericht(ontvanger=event.eigenaar, event=out, mail=mail)
