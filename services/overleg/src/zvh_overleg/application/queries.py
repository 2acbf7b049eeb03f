"""Read side: casus lists (ids and codes only) and one casus with its actielijst."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from zvh_overleg.application.access import (
    DOEL_TRIAGE,
    check_actielijst,
    check_casus,
    zichtbare_casussen,
)
from zvh_overleg.application.informatie import (
    actielijst_met_items,
    items_inzien,
    toelichtingen_inzien,
)
from zvh_overleg.application.ports import Actor, CasusFilter, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.application.verplichtingen import ItemInzage, ToelichtingInzage
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.domain.model import Casus


async def lijst_casussen(
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    melding_id: uuid.UUID | None = None,
) -> list[Casus]:
    """The casussen the PDP lets this actor see in a list (one ``list`` decision per casus);
    the FG sees none, a partner only those it takes part in — as the policy says."""
    async with uow() as tx:
        casussen = await tx.casussen.list(melding_id=melding_id)
    return await zichtbare_casussen(casussen, actor=actor, pdp=pdp)


async def casus_by_melding(melding_id: uuid.UUID, *, uow: UnitOfWorkFactory) -> uuid.UUID | None:
    """The casus opened for a melding, if any: for overleg itself (never shown unchecked)."""
    async with uow() as tx:
        casus = await tx.casussen.by_melding(melding_id)
    return casus.casus_id if casus else None


async def geopende_casus(
    melding_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> uuid.UUID | None:
    """The casus opened for a melding (the UI waits for it after triage), None while there is
    none; ToegangGeweigerd when the PDP does not let this actor ``read`` that casus."""
    async with uow() as tx:
        casus = await tx.casussen.by_melding(melding_id)
    if casus is None:
        return None
    await check_casus(casus, actor=actor, action="read", pdp=pdp, doel=DOEL_TRIAGE)
    return casus.casus_id


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
    *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint, filter: CasusFilter
) -> list[Casus]:
    """The casussen list with the user's filters, scoped by the PDP like ``lijst_casussen``."""
    async with uow() as tx:
        casussen = await tx.casussen.list(filter=filter)
    return await zichtbare_casussen(casussen, actor=actor, pdp=pdp)


async def casussen_voor_meldingen(
    melding_ids: list[uuid.UUID], *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> list[Casus]:
    """Casussen that hold any of these meldingen (triage: 'deze persoon is al bekend'), as far
    as the PDP lets this actor see them (``list`` with doel triage)."""
    if not melding_ids:
        return []
    async with uow() as tx:
        casussen = await tx.casussen.by_meldingen(melding_ids)
    return await zichtbare_casussen(casussen, actor=actor, pdp=pdp, doel=DOEL_TRIAGE)


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


async def inbreng_van(
    casus: Casus, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> tuple[list[ItemInzage], list[ToelichtingInzage]]:
    """The casus' bouwschema entries and toelichtingen as this reader may see them (both PDP
    batches at once); the caller already had the PDP's allow for the casus' actielijst."""
    async with uow() as tx:
        items = await tx.informatie.voor_casus(casus.casus_id)
        terugkoppelingen = await tx.casussen.terugkoppelingen_van_casus(casus.casus_id)
    bouwschema, toelichtingen = await asyncio.gather(
        items_inzien(items, casus=casus, actor=actor, pdp=pdp),
        toelichtingen_inzien(terugkoppelingen, casus=casus, actor=actor, pdp=pdp),
    )
    return bouwschema, toelichtingen


async def eigenaar_van_item(
    casus_id: uuid.UUID, item_id: uuid.UUID, *, uow: UnitOfWorkFactory
) -> str | None:
    """Whose bouwschema entry this is: a doorbreking beside a hidden entry is asked for its
    eigenaar, which the reader may not see before the glass is broken."""
    async with uow() as tx:
        item = await tx.informatie.get(item_id)
    return item.eigenaar if item is not None and item.casus_id == casus_id else None
