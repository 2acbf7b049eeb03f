"""Read side of planning: the agenda list and one overleg, scoped to the reader.

Whom the PDP lets read the whole overleg (the ZVH regie) sees every overleg. Anyone else sees
only overleggen its organisation is invited to, and on each only the casussen it takes part in
(the invitation follows the casus' deelnemers). An answer's reason is the partner's content:
only the regie and that partner see it. Which forms a page shows (plan, notuleren) is asked in
the same PDP round trip.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_overleg.application.access import overleg_request, vraag
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.planning import laad_overleg
from zvh_overleg.application.ports import Actor, Clock, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.application.timeutil import NL
from zvh_overleg.application.verplichtingen import Zicht
from zvh_overleg.domain.overleg import (
    Antwoord,
    Overleg,
    OverlegStatus,
    Uitgenodigd,
    verslag_termijn,
)
from zvh_overleg.domain.verslag import Aanwezigheid

#: What an overleg page asks: the whole overleg, and which forms to show.
LEZEN = ("read",)
PAGINA = ("read", "plan", "notuleren")


@dataclass(frozen=True)
class Rechten:
    """The PDP's answers about an overleg for this reader; an action not asked is refused."""

    zichten: Mapping[str, Zicht] = field(default_factory=dict)

    def mag(self, actie: str) -> bool:
        z = self.zichten.get(actie)
        return z is not None and z.getoond

    def redenen(self, actie: str) -> list[str]:
        z = self.zichten.get(actie)
        return list(z.redenen) if z is not None else [f"niet gevraagd: {actie} overleg"]

    def vereis(self, actie: str) -> None:
        """Raise ToegangGeweigerd with the PDP's reasons unless it allowed ``actie``."""
        if not self.mag(actie):
            raise ToegangGeweigerd(self.redenen(actie))

    @property
    def geheel(self) -> bool:
        """Reads the whole overleg: every casus, every answer's reason, the verslag's concept."""
        return self.mag("read")

    @property
    def plannen(self) -> bool:
        return self.mag("plan")

    @property
    def notuleren(self) -> bool:
        return self.mag("notuleren")


async def overleg_rechten(
    actor: Actor,
    *,
    pdp: PolicyDecisionPoint,
    overleg_id: uuid.UUID | None = None,
    acties: Sequence[str] = LEZEN,
) -> Rechten:
    """The PDP's answers to ``acties`` on this overleg (or overleggen in general), in one round
    trip; any failure refuses them all."""
    requests = [overleg_request(actor, a, overleg_id=overleg_id) for a in acties]
    zichten = await vraag(requests, actor=actor, pdp=pdp)
    return Rechten(dict(zip(acties, zichten, strict=True)))


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
    rechten: Rechten = field(default_factory=Rechten)

    @property
    def eind_nl(self) -> datetime:
        return self.overleg.eind.astimezone(NL)


@dataclass(frozen=True)
class Agenda:
    """The overleggen this reader sees, and what the PDP lets it do with them."""

    overleggen: list[OverlegWeergave]
    open_verslagen: list[OverlegWeergave]  # past, not yet finalised (for whom may notuleren)
    rechten: Rechten


def _zicht(
    overleg: Overleg,
    genodigden: list[Uitgenodigd],
    *,
    actor: Actor,
    rechten: Rechten,
    aanwezigheid: Aanwezigheid,
    nu: datetime,
) -> OverlegWeergave | None:
    """The overleg as this actor may see it; None when it is not invited."""
    regie = rechten.geheel
    if regie:
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
        rechten=rechten,
    )


async def agenda_overleggen(
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    verleden: bool = False,
) -> Agenda:
    """Coming overleggen (or past ones, newest first) the reader may see; for whom may
    notuleren also the past ones whose verslag is still open (newest first)."""
    rechten = await overleg_rechten(actor, pdp=pdp, acties=PAGINA)
    nu = clock.now()
    async with uow() as tx:
        if verleden:
            overleggen = await tx.overleggen.list(tot=nu)
        else:
            overleggen = await tx.overleggen.list(vanaf=nu)
        voorbij = await tx.overleggen.list(tot=nu) if rechten.notuleren and not verleden else []
        genodigden = await tx.planning.genodigden([o.overleg_id for o in overleggen + voorbij])

    def zichtbaar(lijst: list[Overleg]) -> list[OverlegWeergave]:
        out = []
        for o in lijst:
            zicht = _zicht(
                o,
                genodigden.get(o.overleg_id, []),
                actor=actor,
                rechten=rechten,
                aanwezigheid=Aanwezigheid(),
                nu=nu,
            )
            if zicht is not None:
                out.append(zicht)
        return out

    gezien = zichtbaar(overleggen)
    open_verslagen = [
        z
        for z in reversed(zichtbaar(voorbij))
        if z.overleg.status is OverlegStatus.GEPLAND and z.agenda
    ]
    return Agenda(
        overleggen=list(reversed(gezien)) if verleden else gezien,
        open_verslagen=open_verslagen,
        rechten=rechten,
    )


async def overleg_weergave(
    overleg_id: uuid.UUID,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    acties: Sequence[str] = LEZEN,
) -> OverlegWeergave:
    """One overleg for this reader, with the PDP's answers to ``acties`` (``PAGINA``: which
    forms to show); ToegangGeweigerd when it may not read the whole and is not invited."""
    rechten = await overleg_rechten(actor, pdp=pdp, overleg_id=overleg_id, acties=acties)
    nu = clock.now()
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        genodigden = (await tx.planning.genodigden([overleg_id])).get(overleg_id, [])
        aanwezigheid = await tx.planning.aanwezigheid(overleg_id)
    zicht = _zicht(
        overleg, genodigden, actor=actor, rechten=rechten, aanwezigheid=aanwezigheid, nu=nu
    )
    if zicht is None:
        raise ToegangGeweigerd(
            [*rechten.redenen("read"), "Uw organisatie is niet uitgenodigd voor dit overleg."]
        )
    return zicht
