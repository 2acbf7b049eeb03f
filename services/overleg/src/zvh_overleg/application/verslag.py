"""Finalising the verslag (snapshot + event), the Casus Plus rhythm, and each reader's version.

Each deelnemer gets its own version: only the casussen its organisation takes part in, their
actielijst, attendance and next date, and only the bouwschema entries the PDP lets it read.
Before finalisation a concept is visible to ZVH regie only (the PDP's ``read`` of the whole
overleg); finalising and the rhythm are ``plan``.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg import overleg_v1 as ev
from zvh_contracts.vocab import Actiestatus

from zvh_overleg.application.access import actielijst_request, vereis
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.informatie import items_inzien, mag
from zvh_overleg.application.overleg_queries import overleg_rechten
from zvh_overleg.application.planning import (
    SOURCE,
    casussen_van,
    laad_overleg,
    publiceer_wijziging,
    vul_reeks_aan,
)
from zvh_overleg.application.ports import (
    Actor,
    Clock,
    PolicyDecisionPoint,
    UnitOfWork,
    UnitOfWorkFactory,
)
from zvh_overleg.application.timeutil import NL
from zvh_overleg.application.verplichtingen import ItemInzage
from zvh_overleg.domain import overleg as regels
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.overleg import Overleg, OverlegStatus, verslag_termijn
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.domain.verslag import (
    Verslag,
    VerslagCasus,
    controleer_ritme,
    maak_verslag,
    ritme_datum,
)


async def volgende_overleggen(
    tx: UnitOfWork, overleg: Overleg, casus_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Overleg]:
    """Per casus the first later overleg (not cancelled) that has it on the agenda."""
    out: dict[uuid.UUID, Overleg] = {}
    for later in await tx.overleggen.list(vanaf=overleg.start):
        if later.overleg_id == overleg.overleg_id or later.status is OverlegStatus.GEANNULEERD:
            continue
        if later.start <= overleg.start:
            continue
        for casus_id in later.agenda:
            if casus_id in casus_ids:
                out.setdefault(casus_id, later)
    return out


async def _plan_ritme(tx: UnitOfWork, overleg: Overleg, *, nu: datetime) -> dict[uuid.UUID, date]:
    """Casus Plus rhythm: a casus with an interval and no later overleg goes on the first series
    meeting of the same soort on or after the rhythm date (within one interval). Without such a
    meeting the overleg page proposes the date. Returns the proposals left open."""
    ritmes = await tx.planning.ritmes(list(overleg.agenda))
    if not ritmes:
        return {}
    later = await volgende_overleggen(tx, overleg, ritmes.keys())
    voorstellen = {}
    for casus_id, weken in ritmes.items():
        if casus_id in later:
            continue
        doel = ritme_datum(nl_datum(overleg.start), weken)
        kandidaat = next(
            (
                o
                for o in await tx.overleggen.list(vanaf=nu)
                if o.reeks_id is not None
                and o.soort is overleg.soort
                and o.status is OverlegStatus.GEPLAND
                and doel <= nl_datum(o.start) < ritme_datum(doel, weken)
                and casus_id not in o.agenda
            ),
            None,
        )
        if kandidaat is None:
            voorstellen[casus_id] = doel
            continue
        was_aangekondigd = regels.is_aangekondigd(kandidaat)
        regels.wijzig_overleg(
            kandidaat,
            start=kandidaat.start,
            eind=kandidaat.eind,
            locatie=kandidaat.locatie,
            voorzitter=kandidaat.voorzitter,
            voorzitters={kandidaat.voorzitter},
            agenda=[*kandidaat.agenda, casus_id],
            open_casussen={casus_id},
            nu=nu,
        )
        await publiceer_wijziging(tx, kandidaat, was_aangekondigd=was_aangekondigd)
    return voorstellen


def _contract(verslag: Verslag) -> ev.VerslagVastgesteld:
    return ev.VerslagVastgesteld(
        overleg_id=verslag.overleg_id,
        soort=verslag.soort,
        start=verslag.start.astimezone(NL),
        aanwezig=verslag.aanwezig,
        afwezig=verslag.afwezig,
        casussen=[
            ev.VerslagCasus(
                casus_id=c.casus_id,
                deelnemers=c.deelnemers,
                acties=[
                    ev.Actieregel(
                        actie_id=a.actie_id,
                        wat=a.wat,
                        wie=a.wie,
                        wanneer=a.wanneer,
                        status=Actiestatus(a.status),
                    )
                    for a in c.acties
                ],
                volgend_overleg=c.volgend_overleg,
            )
            for c in verslag.casussen
        ],
        vastgesteld_op=verslag.vastgesteld_op,
    )


async def _snapshot(tx: UnitOfWork, overleg: Overleg, *, nu: datetime, door: str) -> Verslag:
    casussen = await casussen_van(tx, overleg.agenda)
    later = await volgende_overleggen(tx, overleg, overleg.agenda)
    genodigden = (await tx.planning.genodigden([overleg.overleg_id])).get(overleg.overleg_id, [])
    return maak_verslag(
        overleg,
        casussen=casussen,
        genodigden=genodigden,
        aanwezigheid=await tx.planning.aanwezigheid(overleg.overleg_id),
        volgend_overleg={c: nl_datum(o.start) for c, o in later.items()},
        nu=nu,
        door=door,
    )


async def stel_verslag_vast(
    overleg_id: uuid.UUID,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    voorzitters: Collection[str],
) -> Verslag:
    """Snapshot the verslag, publish ``VerslagVastgesteld``; keep the series and rhythm going."""
    await vereis(actor, "plan", pdp=pdp, overleg_id=overleg_id)
    nu = clock.now()
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        regels.controleer_vaststellen(overleg, nu=nu)
        await _plan_ritme(tx, overleg, nu=nu)
        verslag = await _snapshot(tx, overleg, nu=nu, door=actor.user_id)
        regels.stel_verslag_vast(overleg, nu=nu)
        await tx.overleggen.save(overleg)
        await tx.planning.add_verslag(verslag)
        await tx.publish(
            _contract(verslag),
            topic=topics.OVERLEG_OVERLEG,
            event_id=derived_id(SOURCE, "verslag.vastgesteld", overleg_id),
        )
        if overleg.reeks_id is not None:
            await vul_reeks_aan(tx, overleg.reeks_id, nu=nu, voorzitters=voorzitters)
        await tx.commit()
    return verslag


async def zet_ritme(
    casus_id: uuid.UUID,
    *,
    interval_weken: int | None,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> None:
    """Set (or clear) a Casus Plus casus' meeting rhythm: planning, so the PDP's ``plan``."""
    await vereis(actor, "plan", pdp=pdp)
    controleer_ritme(interval_weken)
    async with uow() as tx:
        if await tx.casussen.get(casus_id) is None:
            raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
        await tx.planning.zet_ritme(casus_id, interval_weken)
        await tx.commit()


async def ritme_voorstellen(
    overleg_id: uuid.UUID, *, uow: UnitOfWorkFactory
) -> dict[uuid.UUID, date]:
    """After the verslag: casussen with a rhythm that have no later overleg, and their date."""
    _, voorstellen = await ritme_overzicht(overleg_id, uow=uow, altijd=True)
    return voorstellen


async def ritme_overzicht(
    overleg_id: uuid.UUID, *, uow: UnitOfWorkFactory, altijd: bool = False
) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, date]]:
    """The agenda casussen' rhythms, and (once the verslag is final) the open proposals."""
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        ritmes = await tx.planning.ritmes(list(overleg.agenda))
        if not altijd and overleg.status is not OverlegStatus.VERSLAG_VASTGESTELD:
            return ritmes, {}
        later = await volgende_overleggen(tx, overleg, ritmes.keys())
    dag = nl_datum(overleg.start)
    return ritmes, {c: ritme_datum(dag, w) for c, w in ritmes.items() if c not in later}


@dataclass(frozen=True)
class CasusInVerslag:
    casus: VerslagCasus
    items: list[ItemInzage]  # each shown, partly shown or hidden, with why
    acties_zichtbaar: bool


@dataclass(frozen=True)
class VerslagWeergave:
    """The verslag as this reader may see it."""

    overleg: Overleg
    verslag: Verslag
    concept: bool
    volledig: bool  # ZVH regie: every casus
    casussen: list[CasusInVerslag]
    aanwezig: list[str]
    afwezig: list[str]
    uiterlijk: date
    te_laat: bool


async def verslag_voor(
    overleg_id: uuid.UUID,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> VerslagWeergave:
    """The reader's own version; raises ToegangGeweigerd for anyone without a part in it.
    The whole verslag and its concept are for whom the PDP lets read the whole overleg."""
    regie = (await overleg_rechten(actor, pdp=pdp, overleg_id=overleg_id)).geheel
    nu = clock.now()
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        verslag = await tx.planning.verslag(overleg_id)
        concept = verslag is None
        if verslag is None:
            if not regie:
                raise ToegangGeweigerd(["Het verslag van dit overleg is nog niet vastgesteld."])
            if overleg.status is OverlegStatus.GEANNULEERD:
                raise ToegangGeweigerd(["Dit overleg is geannuleerd; er is geen verslag."])
            verslag = await _snapshot(tx, overleg, nu=nu, door=actor.user_id)
        eigen = [c for c in verslag.casussen if regie or actor.org in c.deelnemers]
        if not eigen:
            raise ToegangGeweigerd(
                ["Uw organisatie neemt geen deel aan de casussen in dit verslag."]
            )
        casussen: dict[uuid.UUID, Casus] = {
            c.casus_id: c for c in await casussen_van(tx, [c.casus_id for c in eigen])
        }
        per_casus = {
            c.casus_id: await tx.informatie.voor_casus(c.casus_id, overleg_id=overleg_id)
            for c in eigen
        }
    delen = []
    for vc in eigen:
        casus = casussen.get(vc.casus_id)
        if casus is None:
            continue
        items = await items_inzien(per_casus[vc.casus_id], casus=casus, actor=actor, pdp=pdp)
        acties = await mag(
            actielijst_request(casus, actor=actor, action="read"), actor=actor, pdp=pdp
        )
        delen.append(CasusInVerslag(casus=vc, items=items, acties_zichtbaar=acties))
    zichtbaar = {p for vc in eigen for p in vc.deelnemers}
    uiterlijk, te_laat = verslag_termijn(overleg, nu=nu)
    return VerslagWeergave(
        overleg=overleg,
        verslag=verslag,
        concept=concept,
        volledig=regie,
        casussen=delen,
        aanwezig=[p for p in verslag.aanwezig if regie or p in zichtbaar],
        afwezig=[p for p in verslag.afwezig if regie or p in zichtbaar],
        uiterlijk=uiterlijk,
        te_laat=te_laat,
    )
