"""Read side: casus lists (ids and codes only) and one casus with its actielijst."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from zvh_overleg.application.access import check_actielijst
from zvh_overleg.application.informatie import actielijst_met_items, toelichtingen_inzien
from zvh_overleg.application.ports import Actor, CasusFilter, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.application.verplichtingen import ItemInzage, ToelichtingInzage
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.domain.model import ZVH, Casus


async def lijst_casussen(
    *, actor: Actor, uow: UnitOfWorkFactory, melding_id: uuid.UUID | None = None
) -> list[Casus]:
    """ZVH staff see every casus; a partner user only those its org takes part in."""
    deelnemer = None if actor.org == ZVH else actor.org
    async with uow() as tx:
        return await tx.casussen.list(melding_id=melding_id, deelnemer=deelnemer)


async def casus_by_melding(melding_id: uuid.UUID, *, uow: UnitOfWorkFactory) -> uuid.UUID | None:
    """The casus opened for a melding, if any (the UI waits for it after triage)."""
    async with uow() as tx:
        casus = await tx.casussen.by_melding(melding_id)
    return casus.casus_id if casus else None


async def casus_met_actielijst(
    casus_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> Casus:
    """The casus with its actielijst, after a PDP allow for reading it."""
    casus = await casus_laden(casus_id, uow=uow)
    await check_actielijst(casus, actor=actor, action="read", pdp=pdp)
    return casus


async def casus_laden(casus_id: uuid.UUID, *, uow: UnitOfWorkFactory) -> Casus:
    """The casus as stored, NOT yet checked: the caller asks the PDP before showing it."""
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id)
    if casus is None:
        raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
    return casus


async def gefilterde_casussen(
    *, actor: Actor, uow: UnitOfWorkFactory, filter: CasusFilter
) -> list[Casus]:
    """The casussen list with filters, scoped like ``lijst_casussen``."""
    deelnemer = None if actor.org == ZVH else actor.org
    async with uow() as tx:
        return await tx.casussen.list(deelnemer=deelnemer, filter=filter)


async def casussen_voor_meldingen(
    melding_ids: list[uuid.UUID], *, actor: Actor, uow: UnitOfWorkFactory
) -> list[Casus]:
    """Casussen that hold any of these meldingen (triage: 'deze persoon is al bekend').

    Only ZVH staff triage; others get nothing.
    """
    if actor.org != ZVH or not melding_ids:
        return []
    async with uow() as tx:
        return await tx.casussen.by_meldingen(melding_ids)


@dataclass(frozen=True)
class CasusInformatie:
    """A casus' informatie-items as one reader may see them: each shown, partly shown or
    hidden, with the PDP's reasons and grondslag."""

    casus: Casus
    bouwschema: list[ItemInzage]
    toelichtingen: list[ToelichtingInzage]


async def casus_informatie(
    casus_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> CasusInformatie:
    """Bouwschema entries and toelichtingen; only for a reader of the casus' actielijst
    (ToegangGeweigerd otherwise), then every item as the PDP decides it."""
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id, historie=False)
        if casus is None:
            raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
        items = await tx.informatie.voor_casus(casus_id)
        terugkoppelingen = await tx.casussen.terugkoppelingen_van_casus(casus_id)
    bouwschema = await actielijst_met_items(items, casus=casus, actor=actor, pdp=pdp)
    toelichtingen = await toelichtingen_inzien(terugkoppelingen, casus=casus, actor=actor, pdp=pdp)
    return CasusInformatie(casus=casus, bouwschema=bouwschema, toelichtingen=toelichtingen)


async def toelichtingen_van(
    casus: Casus, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> list[ToelichtingInzage]:
    """The toelichtingen on a casus' acties as this reader may see them; the caller already
    had the PDP's allow for the casus' actielijst."""
    async with uow() as tx:
        terugkoppelingen = await tx.casussen.terugkoppelingen_van_casus(casus.casus_id)
    return await toelichtingen_inzien(terugkoppelingen, casus=casus, actor=actor, pdp=pdp)
