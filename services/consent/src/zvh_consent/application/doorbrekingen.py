"""Use cases of doorbrekingen ("break the glass"): report one, list and review them (the FG).

Who may is the policy's answer (``write``, ``read``, ``review`` on resource type
``doorbreking``). A reported doorbreking is stored and announced
(``zvh.consent.doorbreking.gemeld.v1`` on ``zvh.consent.doorbreking.v1``, through the outbox in
the same transaction); notify tells the eigenaar at once, by event on its from-zvh topic and by
e-mail. The next decision already uses it. The FG reviews each one once.
"""

from __future__ import annotations

import dataclasses
import uuid

from zvh_contracts import topics
from zvh_contracts.consent.doorbreking_v1 import DoorbrekingGemeld
from zvh_contracts.pdp import Resource
from zvh_contracts.vocab import DoorbrekingType

from zvh_consent.application.ports import RegisterContext, Requester
from zvh_consent.application.toegang import BestaatAl, NietGevonden, vraag
from zvh_consent.domain.beoordeling import AL_BEOORDEELD, Oordeel, nieuwe_beoordeling
from zvh_consent.domain.doorbreking import Doorbreking, nieuwe_doorbreking
from zvh_consent.domain.fouten import Fout, weiger_als

DOEL_DOORBREKING = "doorbreking"
DOEL_TOEZICHT = "toezicht"
MAX_LIJST = 1000


async def melden(
    ctx: RegisterContext,
    *,
    requester: Requester,
    type: DoorbrekingType,
    reden: str,
    casus: uuid.UUID | None,
    item: str | None,
    eigenaar: str,
    duur_uren: int | None,
) -> Doorbreking:
    """Break the glass as the token's user; announced to notify in the same transaction."""
    await _vraag(
        ctx, requester, "write", DOEL_DOORBREKING, casus=_tekst(casus), item=item, eigenaar=eigenaar
    )
    d = nieuwe_doorbreking(
        type=type,
        reden=reden,
        casus=casus,
        item=item,
        eigenaar=eigenaar,
        duur_uren=duur_uren,
        user=requester.user,
        org=requester.org,
        op=ctx.clock.now(),
    )
    async with ctx.uow() as uow:
        if await uow.convenanten.get(eigenaar) is None:
            weiger_als([Fout("eigenaar", "is geen partner in het convenantregister")])
        await uow.doorbrekingen.add(d)
        await uow.publish(
            DoorbrekingGemeld(
                doorbreking_id=d.id,
                type=d.type,
                casus_id=casus,
                item=d.item,
                eigenaar=d.eigenaar,
                door_org=d.org,
                van=d.van,
                tot=d.tot,
            ),
            topic=topics.CONSENT_DOORBREKING,
        )
        uow.on_commit(ctx.gewijzigd)
        await uow.commit()
    return d


async def lijst(
    ctx: RegisterContext,
    *,
    requester: Requester,
    casus: uuid.UUID | None = None,
    user: str | None = None,
    alleen_actief: bool = False,
    onbeoordeeld: bool = False,
    limit: int = 100,
) -> list[Doorbreking]:
    """Doorbrekingen newest first, with their reasons and reviews: the FG's review list."""
    await _vraag(ctx, requester, "read", DOEL_TOEZICHT, casus=_tekst(casus))
    async with ctx.uow() as uow:
        return await uow.doorbrekingen.lijst(
            casus=_tekst(casus),
            user=user,
            actief_op=ctx.clock.now() if alleen_actief else None,
            limit=min(limit, MAX_LIJST),
            onbeoordeeld=onbeoordeeld,
        )


async def beoordelen(
    ctx: RegisterContext,
    *,
    requester: Requester,
    doorbreking_id: uuid.UUID,
    oordeel: Oordeel,
    toelichting: str,
) -> Doorbreking:
    """The FG's review of one doorbreking; final (``BestaatAl`` for a second one).

    The policy is asked first (``review doorbreking``), so a refused user learns nothing about
    whether the doorbreking exists.
    """
    await _vraag(ctx, requester, "review", DOEL_TOEZICHT, item=str(doorbreking_id))
    b = nieuwe_beoordeling(
        doorbreking_id=doorbreking_id,
        oordeel=oordeel,
        toelichting=toelichting,
        door=requester.user,
        door_org=requester.org,
        op=ctx.clock.now(),
    )
    async with ctx.uow() as uow:
        d = await uow.doorbrekingen.get(doorbreking_id)
        if d is None:
            raise NietGevonden("doorbreking niet gevonden")
        if d.beoordeling is not None:
            raise BestaatAl(AL_BEOORDEELD)
        await uow.doorbrekingen.beoordeel(b)
        await uow.commit()
    return dataclasses.replace(d, beoordeling=b)


async def _vraag(
    ctx: RegisterContext,
    requester: Requester,
    action: str,
    doel: str,
    *,
    casus: str | None = None,
    item: str | None = None,
    eigenaar: str | None = None,
) -> None:
    """The policy's question ``action`` on a doorbreking; ``Geweigerd`` unless it allows."""
    resource = Resource(type="doorbreking", casus=casus, item=item, eigenaar=eigenaar)
    await vraag(ctx.decide, requester=requester, action=action, resource=resource, doel=doel)


def _tekst(casus: uuid.UUID | None) -> str | None:
    return str(casus) if casus else None
