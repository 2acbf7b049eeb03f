"""Read side of planning: the agenda list and one overleg, scoped to the reader.

ZVH staff see every overleg. A partner user sees only overleggen its organisation is invited
to, and on each only the casussen it takes part in. An answer's reason is the partner's
content: only ZVH regie and that partner see it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.planning import NOTULEN, PLANNERS, is_zvh_regie, laad_overleg
from zvh_overleg.application.ports import Actor, Clock, UnitOfWorkFactory
from zvh_overleg.application.timeutil import NL
from zvh_overleg.domain.model import ZVH
from zvh_overleg.domain.overleg import (
    Antwoord,
    Overleg,
    Uitgenodigd,
    verslag_termijn,
)
from zvh_overleg.domain.verslag import Aanwezigheid


@dataclass(frozen=True)
class GenodigdeRegel:
    partner: str
    casus_ids: list[uuid.UUID]
    antwoord: Antwoord | None
    reden_zichtbaar: bool
    aanwezig: bool | None

    @property
    def status(self) -> str:
        """``komt``, ``komt-niet`` or ``geen`` (no answer yet)."""
        return self.antwoord.antwoord.value if self.antwoord else "geen"


@dataclass(frozen=True)
class OverlegWeergave:
    overleg: Overleg
    agenda: list[uuid.UUID]  # scoped to the reader
    genodigden: list[GenodigdeRegel]
    eigen: Uitgenodigd | None  # the reader's organisation's invitation (partner users)
    aanwezigheid: Aanwezigheid
    uiterlijk: date
    te_laat: bool

    @property
    def eind_nl(self) -> datetime:
        return self.overleg.eind.astimezone(NL)


def _zicht(
    overleg: Overleg,
    genodigden: list[Uitgenodigd],
    *,
    actor: Actor,
    aanwezigheid: Aanwezigheid,
    nu: datetime,
) -> OverlegWeergave | None:
    """The overleg as this actor may see it; None when it is not invited."""
    regie = is_zvh_regie(actor, NOTULEN)
    if actor.org == ZVH:
        eigen = None
        agenda = list(overleg.agenda)
    else:
        eigen = next((g for g in genodigden if g.partner == actor.org), None)
        if eigen is None:
            return None
        agenda = [c for c in overleg.agenda if c in eigen.casus_ids]
    regels = []
    for g in genodigden:
        casus_ids = [c for c in g.casus_ids if c in agenda]
        if not casus_ids:
            continue
        regels.append(
            GenodigdeRegel(
                partner=g.partner,
                casus_ids=casus_ids,
                antwoord=overleg.antwoord_van(g.partner),
                reden_zichtbaar=regie or g.partner == actor.org,
                aanwezig=aanwezigheid.partners.get(g.partner),
            )
        )
    uiterlijk, te_laat = verslag_termijn(overleg, nu=nu)
    return OverlegWeergave(
        overleg=overleg,
        agenda=agenda,
        genodigden=regels,
        eigen=eigen,
        aanwezigheid=aanwezigheid,
        uiterlijk=uiterlijk,
        te_laat=te_laat,
    )


async def agenda_overleggen(
    *, actor: Actor, uow: UnitOfWorkFactory, clock: Clock, verleden: bool = False
) -> list[OverlegWeergave]:
    """Coming overleggen (or past ones, newest first) the reader may see."""
    nu = clock.now()
    async with uow() as tx:
        overleggen = await tx.overleggen.list(**({"tot": nu} if verleden else {"vanaf": nu}))
        genodigden = await tx.planning.genodigden([o.overleg_id for o in overleggen])
    out = []
    for o in overleggen:
        zicht = _zicht(
            o, genodigden.get(o.overleg_id, []), actor=actor, aanwezigheid=Aanwezigheid(), nu=nu
        )
        if zicht is not None:
            out.append(zicht)
    return list(reversed(out)) if verleden else out


async def overleg_weergave(
    overleg_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, clock: Clock
) -> OverlegWeergave:
    """One overleg for this reader; ToegangGeweigerd when its organisation is not invited."""
    nu = clock.now()
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        genodigden = (await tx.planning.genodigden([overleg_id])).get(overleg_id, [])
        aanwezigheid = await tx.planning.aanwezigheid(overleg_id)
    zicht = _zicht(overleg, genodigden, actor=actor, aanwezigheid=aanwezigheid, nu=nu)
    if zicht is None:
        raise ToegangGeweigerd(["Uw organisatie is niet uitgenodigd voor dit overleg."])
    return zicht


def mag_plannen(actor: Actor) -> bool:
    return is_zvh_regie(actor, PLANNERS)


def mag_notuleren(actor: Actor) -> bool:
    return is_zvh_regie(actor, NOTULEN)
