"""The eigenaar's controls over its own bouwschema entries: restrict, lift, withdraw.

The partner that brought information in stays its owner: it restricts an entry to the ZVH regie
(``zvh``) or named partners, lifts that, or withdraws the entry — nobody else reads it from then
on, and it stays in the eigenaar's own view. Who may is the PDP's answer (``write`` of the
``informatie-item``, doel ``eigenaarsbeheer``); every later question about the entry carries
``beperkt_tot`` and ``ingetrokken``, so the policy applies the control on the next read.
"""

from __future__ import annotations

import enum
import uuid

from zvh_overleg.application.access import vraag
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.informatie import item_request
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.domain import bouwschema
from zvh_overleg.domain.bouwschema import Informatieitem
from zvh_overleg.domain.errors import CasusNietGevonden, ItemNietGevonden

DOEL_EIGENAARSBEHEER = "eigenaarsbeheer"


class Handeling(enum.StrEnum):
    BEPERKEN = "beperken"
    BEPERKING_OPHEFFEN = "beperking-opheffen"
    INTREKKEN = "intrekken"


async def beheer_item(
    casus_id: uuid.UUID,
    item_id: uuid.UUID,
    *,
    handeling: Handeling,
    beperkt_tot: tuple[str, ...] = (),
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> Informatieitem:
    """Apply one control to the entry after the PDP allowed it; returns the entry as stored."""
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id, historie=False)
        if casus is None:
            raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
        item = await tx.informatie.get(item_id)
        if item is None or item.casus_id != casus_id:
            raise ItemNietGevonden("informatie-item niet gevonden in deze casus")
        request = item_request(
            casus,
            eigenaar=item.eigenaar,
            categorie=item.categorie.value,
            gevoeligheid=item.gevoeligheid.value,
            beperkt_tot=item.beperkt_tot,
            ingetrokken=item.ingetrokken,
            item=str(item.item_id),
            actor=actor,
            action="write",
            doel=DOEL_EIGENAARSBEHEER,
        )
        [zicht] = await vraag([request], actor=actor, pdp=pdp)
        if not zicht.getoond:
            raise ToegangGeweigerd(list(zicht.redenen))
        if handeling is Handeling.BEPERKEN:
            nieuw = bouwschema.beperk(item, beperkt_tot)
        elif handeling is Handeling.BEPERKING_OPHEFFEN:
            nieuw = bouwschema.hef_beperking_op(item)
        else:
            nieuw = bouwschema.trek_in(item)
        await tx.informatie.zet_beheer(nieuw)
        await tx.commit()
    return nieuw
