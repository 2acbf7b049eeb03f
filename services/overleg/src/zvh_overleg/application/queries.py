"""Read side: casus lists (ids and codes only) and one casus with its actielijst."""

from __future__ import annotations

import uuid

from zvh_overleg.application.access import check_actielijst
from zvh_overleg.application.ports import Actor, CasusFilter, PolicyDecisionPoint, UnitOfWorkFactory
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
