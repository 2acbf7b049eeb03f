"""The VPT dossier's use cases (issue 10, part 3): opened from intake's event, read and written
only after the PDP's explicit allow (resource ``vpt-dossier`` with eigenaar, melder and
casemanager; read: those three, write: only the assigned casemanager, doel
``vpt-casemanagement``).

The dossier's content never leaves overleg: closing announces ids and a moment only
(``VptDossierAfgesloten``), and the zitting acties are the casemanager's own (no partner topic).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake.vpt_v1 import VptIncidentGeregistreerd
from zvh_contracts.overleg.vpt_v1 import VptDossierAfgesloten
from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import check, vraag
from zvh_overleg.application.ports import Actor, Clock, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.application.vpt_evaluatie import Sleutels, VptUowFactory
from zvh_overleg.domain.vpt import (
    OmBeslissing,
    SchadefondsStatus,
    VptAfsluitreden,
    VptDossier,
    VptDossierNietGevonden,
    ZittingSoort,
    open_vpt_dossier,
)

log = logging.getLogger(__name__)

VPT_DOSSIER = "vpt-dossier"
DOEL = "vpt-casemanagement"


class VptEvaluaties(Protocol):
    """Whether the evaluation of a dossier was recorded (h-evaluatie's part; wired at merge).
    Without it nothing can be closed: the domain refuses until an evaluation exists."""

    async def vastgesteld(self, dossier_id: uuid.UUID) -> bool: ...


def dossier_request(dossier: VptDossier, *, actor: Actor, action: str) -> DecisionRequest:
    """The PDP question about one VPT dossier."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(
            type=VPT_DOSSIER,
            item=str(dossier.dossier_id),
            eigenaar=dossier.organisatie,
            melder=dossier.melder,
            casemanager=dossier.casemanager,
        ),
        context=Context(doel=DOEL),
    )


async def open_dossier(
    *, event_id: uuid.UUID, event: VptIncidentGeregistreerd, uow: UnitOfWorkFactory, clock: Clock
) -> uuid.UUID | None:
    """Open the VPT dossier of a registered incident, once (a replay finds it)."""
    async with uow() as tx:
        if await tx.seen_before(event_id):
            return None
        bestaand = await tx.vpt.by_incident(event.incident_id)
        if bestaand is not None:
            await tx.commit()
            return bestaand.dossier_id
        dossier = open_vpt_dossier(
            incident_id=event.incident_id,
            organisatie=event.organisatie,
            melder=event.melder,
            casemanager=event.casemanager,
            gemeld_op=event.gemeld_op,
            geopend_op=clock.now(),
            casus_id=event.casus_id,
            client_pseudoniem=event.client_pseudoniem,
        )
        await tx.vpt.add(dossier)
        await tx.commit()
    log.info("vpt-dossier geopend", extra={"dossier_id": str(dossier.dossier_id)})
    return dossier.dossier_id


async def leesbare_dossiers(
    *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> list[VptDossier]:
    """The dossiers this actor may read, newest first (one PDP round trip; a failure shows none)."""
    async with uow() as tx:
        alle = await tx.vpt.list()
    zichten = await vraag(
        [dossier_request(d, actor=actor, action="read") for d in alle], actor=actor, pdp=pdp
    )
    return [d for d, z in zip(alle, zichten, strict=True) if z.getoond]


async def lees_dossier(
    dossier_id: uuid.UUID, *, actor: Actor, uow: UnitOfWorkFactory, pdp: PolicyDecisionPoint
) -> VptDossier:
    """One dossier after the PDP's read allow (raises ToegangGeweigerd or NietGevonden)."""
    async with uow() as tx:
        dossier = await tx.vpt.get(dossier_id)
    if dossier is None:
        raise VptDossierNietGevonden(f"dossier {dossier_id} bestaat niet")
    await check(dossier_request(dossier, actor=actor, action="read"), actor=actor, pdp=pdp)
    return dossier


async def mag_schrijven(dossier: VptDossier, *, actor: Actor, pdp: PolicyDecisionPoint) -> bool:
    """Whether the PDP lets this actor write the dossier (to show the forms or not)."""
    [z] = await vraag([dossier_request(dossier, actor=actor, action="write")], actor=actor, pdp=pdp)
    return z.getoond


@dataclass(frozen=True)
class Aangifte:
    gedaan_op: date
    pv_nummer: str
    domiciliekeuze: bool
    werkadres: str | None = None


@dataclass(frozen=True)
class OmBesluit:
    beslissing: OmBeslissing
    datum: date | None


@dataclass(frozen=True)
class NieuweZitting:
    datum: date
    soort: ZittingSoort
    plaats: str


@dataclass(frozen=True)
class Schade:
    voeging: bool
    schadefonds: SchadefondsStatus
    advocaat_naam: str | None
    advocaat_kantoor: str | None


@dataclass(frozen=True)
class Verzuim:
    dagen: int


@dataclass(frozen=True)
class ActieGedaan:
    actie_id: uuid.UUID


@dataclass(frozen=True)
class Afsluiten:
    reden: VptAfsluitreden
    toelichting: str | None


Wijziging = Aangifte | OmBesluit | NieuweZitting | Schade | Verzuim | ActieGedaan | Afsluiten


async def wijzig(
    dossier_id: uuid.UUID,
    wijziging: Wijziging,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    evaluaties: VptEvaluaties | None = None,
) -> VptDossier:
    """Apply one change after the PDP's write allow (only the assigned casemanager) and the
    domain's rules; in one transaction."""
    evaluatie = (
        await evaluaties.vastgesteld(dossier_id)
        if isinstance(wijziging, Afsluiten) and evaluaties is not None
        else False
    )
    async with uow() as tx:
        dossier = await tx.vpt.get(dossier_id)
        if dossier is None:
            raise VptDossierNietGevonden(f"dossier {dossier_id} bestaat niet")
        await check(dossier_request(dossier, actor=actor, action="write"), actor=actor, pdp=pdp)
        nu = clock.now()
        match wijziging:
            case Aangifte():
                dossier.registreer_aangifte(
                    gedaan_op=wijziging.gedaan_op,
                    pv=wijziging.pv_nummer,
                    domiciliekeuze=wijziging.domiciliekeuze,
                    werkadres=wijziging.werkadres,
                    vandaag=vandaag(nu),
                )
            case OmBesluit():
                dossier.zet_om_beslissing(
                    wijziging.beslissing, datum=wijziging.datum, vandaag=vandaag(nu)
                )
            case NieuweZitting():
                zitting, actie = dossier.plan_zitting(
                    zitting_id=uuid.uuid4(),
                    actie_id=uuid.uuid4(),
                    datum=wijziging.datum,
                    soort=wijziging.soort,
                    plaats=wijziging.plaats,
                )
                await tx.vpt.add_zitting(dossier.dossier_id, zitting)
                await tx.vpt.add_actie(actie)
            case Schade():
                dossier.zet_schadevergoeding(
                    voeging=wijziging.voeging,
                    schadefonds=wijziging.schadefonds,
                    advocaat_naam=wijziging.advocaat_naam,
                    advocaat_kantoor=wijziging.advocaat_kantoor,
                )
            case Verzuim():
                dossier.zet_verzuimdagen(wijziging.dagen)
            case ActieGedaan():
                await tx.vpt.save_actie(dossier.actie_gedaan(wijziging.actie_id))
            case Afsluiten():
                dossier.afsluiten(
                    evaluatie_vastgesteld=evaluatie,
                    reden=wijziging.reden,
                    toelichting=wijziging.toelichting,
                    op=nu,
                    door=actor.user_id,
                )
                await tx.publish(
                    VptDossierAfgesloten(
                        dossier_id=dossier.dossier_id,
                        incident_id=dossier.incident_id,
                        organisatie=dossier.organisatie,
                        afgesloten_op=nu,
                    ),
                    topic=topics.OVERLEG_CASUS,
                    event_id=derived_id(
                        "zvh-overleg", "vpt.dossier-afgesloten", dossier.dossier_id
                    ),
                )
        await tx.vpt.save(dossier)
        await tx.commit()
    return dossier


class DossierSleutelsUitUow:
    """The dossier's keys for h-evaluatie's ``DossierSleutels`` port: ``sleutels(dossier_id)``
    answers an object with ``dossier_id``, ``organisatie``, ``melder``, ``casemanager`` and
    ``gemeld_op`` (the dossier itself), or None. Bootstrap wires it as
    ``Services.dossier_sleutels``."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def sleutels(self, dossier_id: uuid.UUID) -> Sleutels | None:
        async with self._uow() as tx:
            d = await tx.vpt.get(dossier_id)
        if d is None:
            return None
        return Sleutels(
            dossier_id=d.dossier_id,
            organisatie=d.organisatie,
            melder=d.melder,
            casemanager=d.casemanager,
            gemeld_op=d.gemeld_op,
        )


class EvaluatiesUitUow:
    """``VptEvaluaties`` over the evaluation tables: a dossier may close once it is evaluated."""

    def __init__(self, uow: VptUowFactory) -> None:
        self._uow = uow

    async def vastgesteld(self, dossier_id: uuid.UUID) -> bool:
        async with self._uow() as tx:
            return await tx.vpt_evaluaties.evaluatie(dossier_id) is not None
