"""Use cases of the toestemming register: record, withdraw, find, read.

Who may is the policy's answer (``write``/``read`` on resource type ``toestemming``); what makes
a toestemming complete (pseudonym, period, minors) is the domain's. Every change is published as
``zvh.consent.toestemming.gewijzigd.v1`` through the outbox, in the same transaction, and the
PDP's register cache forgets what it held once the change is committed: the next decision sees it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from zvh_contracts import topics
from zvh_contracts.consent.toestemming_v1 import ToestemmingGewijzigd
from zvh_contracts.pdp import Resource
from zvh_contracts.vocab import Categorie, ToestemmingStatus, ToestemmingWijze

from zvh_consent.application.ports import RegisterContext, RegisterUnitOfWork, Requester
from zvh_consent.application.toegang import NietGevonden, vraag
from zvh_consent.domain.fouten import Fout, weiger_als
from zvh_consent.domain.tijd import vandaag
from zvh_consent.domain.toestemming import (
    PSEUDONIEM,
    Leeftijdsgroep,
    Toestemmer,
    Toestemming,
    Toestemmingswijziging,
    nieuwe_toestemming,
)

DOEL_BEHEER = "toestemmingbeheer"
MAX_LIJST = 500


async def vastleggen(
    ctx: RegisterContext,
    *,
    requester: Requester,
    betrokkene: str,
    casus: uuid.UUID | None,
    doel: str,
    ontvanger: str | None,
    categorie: str | None,
    van: dt.date | None,
    tot: dt.date | None,
    status: ToestemmingStatus,
    wijze: ToestemmingWijze,
    document_referentie: str | None,
    leeftijdsgroep: Leeftijdsgroep,
    toestemming_door: Toestemmer,
) -> Toestemming:
    """Record a toestemming (gegeven or geweigerd), who recorded it from the token."""
    await vraag(
        ctx.decide,
        requester=requester,
        action="write",
        resource=Resource(
            type="toestemming",
            casus=str(casus) if casus else None,
            betrokkene=betrokkene,
            categorie=categorie,
        ),
        doel=DOEL_BEHEER,
    )
    nu = ctx.clock.now()
    t = nieuwe_toestemming(
        betrokkene=betrokkene,
        casus=casus,
        doel=doel,
        ontvanger=ontvanger,
        categorie=categorie,
        van=van or vandaag(nu),
        tot=tot,
        status=status,
        wijze=wijze,
        document_referentie=document_referentie,
        leeftijdsgroep=leeftijdsgroep,
        toestemming_door=toestemming_door,
        door=requester.user,
        door_org=requester.org,
        op=nu,
    )
    async with ctx.uow() as uow:
        await uow.toestemmingen.add(t)
        await _vastgelegd(uow, t, door_org=requester.org)
        uow.on_commit(ctx.gewijzigd)
        await uow.commit()
    return t


async def intrekken(
    ctx: RegisterContext, *, requester: Requester, toestemming_id: uuid.UUID
) -> Toestemming:
    """Withdraw a toestemming: a new state, with who (the token's user) and when."""
    async with ctx.uow() as uow:
        t = await uow.toestemmingen.get(toestemming_id)
    await vraag(
        ctx.decide,
        requester=requester,
        action="write",
        resource=_resource(t, toestemming_id),
        doel=DOEL_BEHEER,
    )
    if t is None:
        raise NietGevonden("deze toestemming bestaat niet")
    async with ctx.uow() as uow:
        huidig = await uow.toestemmingen.get(toestemming_id) or t
        ingetrokken = huidig.intrekken(door=requester.user, op=ctx.clock.now())
        await uow.toestemmingen.bewaar_status(ingetrokken)
        await _vastgelegd(uow, ingetrokken, door_org=requester.org)
        uow.on_commit(ctx.gewijzigd)
        await uow.commit()
    return ingetrokken


async def zoek(
    ctx: RegisterContext,
    *,
    requester: Requester,
    betrokkene: str | None,
    casus: uuid.UUID | None,
    limit: int = 100,
) -> list[Toestemming]:
    """The toestemmingen of a betrokkene and/or a casus (one of them is required)."""
    fouten: list[Fout] = []
    if betrokkene is None and casus is None:
        fouten.append(Fout("", "zoek op betrokkene (pseudoniem) of casus"))
    if betrokkene is not None and not PSEUDONIEM.fullmatch(betrokkene):
        fouten.append(Fout("betrokkene", "moet een pseudoniem zijn (32 tekens 0-9 en a-f)"))
    weiger_als(fouten)
    await vraag(
        ctx.decide,
        requester=requester,
        action="read",
        resource=Resource(
            type="toestemming", casus=str(casus) if casus else None, betrokkene=betrokkene
        ),
        doel=DOEL_BEHEER,
    )
    async with ctx.uow() as uow:
        return await uow.toestemmingen.zoek(
            betrokkene=betrokkene,
            casus=str(casus) if casus else None,
            limit=min(limit, MAX_LIJST),
        )


async def lees(
    ctx: RegisterContext, *, requester: Requester, toestemming_id: uuid.UUID
) -> tuple[Toestemming, list[Toestemmingswijziging]]:
    """One toestemming and its history (oldest first)."""
    async with ctx.uow() as uow:
        t = await uow.toestemmingen.get(toestemming_id)
        historie = await uow.toestemmingen.wijzigingen(toestemming_id) if t else []
    await vraag(
        ctx.decide,
        requester=requester,
        action="read",
        resource=_resource(t, toestemming_id),
        doel=DOEL_BEHEER,
    )
    if t is None:
        raise NietGevonden("deze toestemming bestaat niet")
    return t, historie


def _resource(t: Toestemming | None, toestemming_id: uuid.UUID) -> Resource:
    if t is None:
        return Resource(type="toestemming", item=str(toestemming_id))
    return Resource(
        type="toestemming",
        item=str(t.id),
        casus=t.casus,
        betrokkene=t.betrokkene,
        categorie=t.categorie,
    )


async def _vastgelegd(uow: RegisterUnitOfWork, t: Toestemming, *, door_org: str) -> None:
    """The history record and the public event of ``t``'s new state, in ``uow``."""
    await uow.toestemmingen.voeg_wijziging_toe(
        Toestemmingswijziging(
            toestemming_id=t.id,
            status=t.status,
            tijd=t.gewijzigd_op,
            door=t.gewijzigd_door,
            door_org=door_org,
        )
    )
    await uow.publish(
        ToestemmingGewijzigd(
            toestemming_id=t.id,
            casus_id=uuid.UUID(t.casus) if t.casus else None,
            doel=t.doel,
            ontvanger=t.ontvanger,
            categorie=Categorie(t.categorie) if t.categorie else None,
            status=t.status,
            wijze=t.wijze,
            van=t.van,
            tot=t.tot,
            vastgelegd_door_org=t.vastgelegd_door_org,
            gewijzigd_op=t.gewijzigd_op,
        ),
        topic=topics.CONSENT_TOESTEMMING,
    )
