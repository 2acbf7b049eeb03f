"""Use cases of the convenant register: list, read, check validity, record (audited), seed.

Who may is the policy's answer (``read``/``write`` on resource type ``convenant``); the rules of
the register itself (dates, categories, basis) are the domain's (``nieuw_convenant``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from zvh_contracts.pdp import Resource

from zvh_consent.application.ports import RegisterContext, Requester
from zvh_consent.application.toegang import BestaatAl, NietGevonden, vraag
from zvh_consent.domain.convenant import (
    Convenant,
    Convenantwijziging,
    nieuw_convenant,
    verschil,
)
from zvh_consent.domain.tijd import vandaag

DOEL_BEHEER = "convenantbeheer"
DOEL_UITNODIGEN = "uitnodigen"
#: Who the audit names for the demo seed (no user: the service itself, at first start).
SYSTEEM = "systeem"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Geldigheid:
    """Whether an organisation has a valid convenant today, and why (Dutch)."""

    org: str
    geldig: bool
    reden: str
    convenant: Convenant | None


async def lijst(ctx: RegisterContext, *, requester: Requester) -> list[Convenant]:
    """Every convenant, after the policy allowed ``read convenant``."""
    await vraag(
        ctx.decide,
        requester=requester,
        action="read",
        resource=Resource(type="convenant"),
        doel=DOEL_BEHEER,
    )
    async with ctx.uow() as uow:
        return await uow.convenanten.lijst()


async def lees(ctx: RegisterContext, *, requester: Requester, org: str) -> Convenant:
    """One organisation's convenant; ``NietGevonden`` when it has none."""
    await vraag(
        ctx.decide,
        requester=requester,
        action="read",
        resource=Resource(type="convenant", item=org),
        doel=DOEL_BEHEER,
    )
    async with ctx.uow() as uow:
        convenant = await uow.convenanten.get(org)
    if convenant is None:
        raise NietGevonden(f"geen convenant voor {org}")
    return convenant


async def geldigheid(ctx: RegisterContext, *, requester: Requester, org: str) -> Geldigheid:
    """May ``org`` be invited today? (Enforcement points ask this before inviting.)"""
    await vraag(
        ctx.decide,
        requester=requester,
        action="read",
        resource=Resource(type="convenant", item=org),
        doel=DOEL_UITNODIGEN,
    )
    async with ctx.uow() as uow:
        convenant = await uow.convenanten.get(org)
    return beoordeel(org, convenant, dag=vandaag(ctx.clock.now()))


def beoordeel(org: str, convenant: Convenant | None, *, dag: dt.date) -> Geldigheid:
    """The validity of ``convenant`` on ``dag``, with the reason in Dutch."""
    if convenant is None:
        return Geldigheid(
            org=org, geldig=False, reden=f"{org} heeft geen convenant met het ZVH", convenant=None
        )
    if dag < convenant.van:
        reden = f"het convenant van {org} gaat pas in op {convenant.van.isoformat()}"
        return Geldigheid(org=org, geldig=False, reden=reden, convenant=convenant)
    if convenant.tot is not None and dag > convenant.tot:
        reden = f"het convenant van {org} is verlopen op {convenant.tot.isoformat()}"
        return Geldigheid(org=org, geldig=False, reden=reden, convenant=convenant)
    return Geldigheid(
        org=org, geldig=True, reden=f"{org} heeft een geldig convenant", convenant=convenant
    )


async def vastleggen(
    ctx: RegisterContext,
    *,
    requester: Requester,
    org: str,
    van: dt.date,
    tot: dt.date | None,
    herzien_op: dt.date,
    categorieen: Mapping[str, str],
    alleen_nieuw: bool = False,
) -> tuple[Convenant, bool]:
    """Record (add or replace) ``org``'s convenant, audited; ``(convenant, created)``.

    The policy decides first (``write convenant``), then the register's own rules (``Ongeldig``).
    ``alleen_nieuw``: refuse (``BestaatAl``) when the organisation has a convenant already.
    An unchanged convenant writes no audit record.
    """
    await vraag(
        ctx.decide,
        requester=requester,
        action="write",
        resource=Resource(type="convenant", item=org),
        doel=DOEL_BEHEER,
    )
    convenant = nieuw_convenant(
        org=org, van=van, tot=tot, herzien_op=herzien_op, categorieen=categorieen
    )
    nu = ctx.clock.now()
    async with ctx.uow() as uow:
        oud = await uow.convenanten.get(org)
        if oud is not None and alleen_nieuw:
            raise BestaatAl(f"{org} heeft al een convenant; wijzig het met PUT")
        wijzigingen = verschil(oud, convenant)
        if oud is not None and not wijzigingen:
            return oud, False
        await uow.convenanten.bewaar(convenant, op=nu, door=requester.user)
        await uow.convenanten.voeg_wijziging_toe(
            Convenantwijziging(
                org=org,
                tijd=nu,
                door=requester.user,
                door_org=requester.org,
                actie="aangemaakt" if oud is None else "gewijzigd",
                wijzigingen=wijzigingen,
            )
        )
        uow.on_commit(ctx.gewijzigd)
        await uow.commit()
    return convenant, oud is None


async def historie(
    ctx: RegisterContext, *, requester: Requester, org: str
) -> list[Convenantwijziging]:
    """The audit of ``org``'s convenant, oldest first (a read of the convenant)."""
    await vraag(
        ctx.decide,
        requester=requester,
        action="read",
        resource=Resource(type="convenant", item=org),
        doel=DOEL_BEHEER,
    )
    async with ctx.uow() as uow:
        return await uow.convenanten.wijzigingen(org)


async def zaai(ctx: RegisterContext, *, convenanten: Sequence[Convenant]) -> int:
    """Seed an empty register (demo data at first start); audited as ``systeem``. Returns how
    many were added: none when the register holds anything already."""
    nu = ctx.clock.now()
    async with ctx.uow() as uow:
        if await uow.convenanten.aantal() > 0:
            return 0
        for convenant in convenanten:
            await uow.convenanten.bewaar(convenant, op=nu, door=SYSTEEM)
            await uow.convenanten.voeg_wijziging_toe(
                Convenantwijziging(
                    org=convenant.org,
                    tijd=nu,
                    door=SYSTEEM,
                    door_org=SYSTEEM,
                    actie="aangemaakt",
                    wijzigingen=verschil(None, convenant),
                )
            )
        uow.on_commit(ctx.gewijzigd)
        await uow.commit()
    return len(convenanten)
