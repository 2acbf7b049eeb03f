"""The evaluation after a VPT incident, its maatregelen, and the yearly overview.

Writing is the assigned casemanager's, as the PDP decides (resource ``vpt-dossier``, action
``write``, doel ``vpt-casemanagement``, with the dossier's eigenaar, melder and casemanager).
Those three come from the dossier through ``DossierSleutels``: a small port the VPT dossier's
repository implements, so this module never reads the dossier tables itself.

The yearly overview is an aggregate (``domain.vpt_overzicht``): intake's incident counts, the
evaluations and maatregelen counted here; the PDP decides who may read it (resource
``vpt-overzicht``, action ``read``, doel ``verantwoording``, with ``organisatie``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import check
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.intake import IntakeFout
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.domain.vpt_evaluatie import (
    MAATREGELSTATUSSEN,
    Evaluatie,
    Maatregel,
    MaatregelNietGevonden,
    tel_maatregelen,
)
from zvh_overleg.domain.vpt_overzicht import IncidentTelling, VptOverzicht, maak_overzicht

VPT_DOSSIER = "vpt-dossier"
VPT_OVERZICHT = "vpt-overzicht"
DOEL_CASEMANAGEMENT = "vpt-casemanagement"
DOEL_NAZORG = "vpt-nazorg"
DOEL_VERANTWOORDING = "verantwoording"


class DossierOnbekend(Exception):
    """No VPT dossier with that id."""


@dataclass(frozen=True)
class Sleutels:
    """What the PDP and the yearly counts need of a VPT dossier: ids and codes, no content."""

    dossier_id: uuid.UUID
    organisatie: str
    melder: str | None
    casemanager: str
    gemeld_op: datetime


class DossierSleutels(Protocol):
    """The VPT dossier's keys by id (None: no such dossier); the dossier repository implements
    it (wired by bootstrap as ``Services.dossier_sleutels``)."""

    async def sleutels(self, dossier_id: uuid.UUID) -> Sleutels | None: ...


class VptEvaluatieRepository(Protocol):
    async def evaluatie(self, dossier_id: uuid.UUID) -> Evaluatie | None: ...

    async def bewaar_evaluatie(self, evaluatie: Evaluatie) -> None: ...

    async def maatregelen(self, dossier_id: uuid.UUID) -> list[Maatregel]: ...

    async def maatregel(
        self, dossier_id: uuid.UUID, maatregel_id: uuid.UUID
    ) -> Maatregel | None: ...

    async def voeg_maatregel_toe(self, m: Maatregel) -> None: ...

    async def bewaar_status(self, m: Maatregel) -> None: ...

    async def aantal_evaluaties(self, *, organisatie: str | None, jaar: int) -> int: ...

    async def maatregelen_van(self, *, organisatie: str | None, jaar: int) -> list[Maatregel]: ...


class VptUnitOfWork(Protocol):
    @property
    def vpt_evaluaties(self) -> VptEvaluatieRepository: ...

    async def __aenter__(self) -> VptUnitOfWork: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...


class VptUowFactory(Protocol):
    def __call__(self) -> Any: ...


class VptOverzichtPort(Protocol):
    """Intake's aggregate VPT counts (GET /v1/vpt-overzicht), with the user's token."""

    async def vpt_overzicht(self, *, jaar: int, organisatie: str, token: str) -> dict[str, Any]: ...


def dossier_request(sleutels: Sleutels, *, actor: Actor, action: str, doel: str) -> DecisionRequest:
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(
            type=VPT_DOSSIER,
            item=str(sleutels.dossier_id),
            eigenaar=sleutels.organisatie,
            melder=sleutels.melder,
            casemanager=sleutels.casemanager,
        ),
        context=Context(doel=doel),
    )


def overzicht_request(actor: Actor, organisatie: str) -> DecisionRequest:
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action="read",
        resource=Resource(type=VPT_OVERZICHT, organisatie=organisatie),
        context=Context(doel=DOEL_VERANTWOORDING),
    )


async def _sleutels(dossiers: DossierSleutels | None, dossier_id: uuid.UUID) -> Sleutels:
    gevonden = await dossiers.sleutels(dossier_id) if dossiers is not None else None
    if gevonden is None:
        raise DossierOnbekend(str(dossier_id))
    return gevonden


async def mag_schrijven(
    dossier_id: uuid.UUID,
    *,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    dossiers: DossierSleutels | None,
) -> Sleutels:
    """The dossier's keys once the PDP allows ``write``; DossierOnbekend or ToegangGeweigerd."""
    sleutels = await _sleutels(dossiers, dossier_id)
    await check(
        dossier_request(sleutels, actor=actor, action="write", doel=DOEL_CASEMANAGEMENT),
        actor=actor,
        pdp=pdp,
    )
    return sleutels


async def leg_evaluatie_vast(
    dossier_id: uuid.UUID,
    *,
    wat_gebeurde: str | None,
    wat_ging_goed: str | None,
    wat_moet_anders: str | None,
    met_team: bool,
    deelnemers: int | None,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    uow: VptUowFactory,
    dossiers: DossierSleutels | None,
    nu: datetime,
) -> Evaluatie:
    """Record (or correct) the dossier's evaluation; EvaluatieOngeldig names the field."""
    sleutels = await mag_schrijven(dossier_id, actor=actor, pdp=pdp, dossiers=dossiers)
    evaluatie = Evaluatie.stel_vast(
        dossier_id=dossier_id,
        organisatie=sleutels.organisatie,
        gemeld_jaar=nl_datum(sleutels.gemeld_op).year,
        wat_gebeurde=wat_gebeurde,
        wat_ging_goed=wat_ging_goed,
        wat_moet_anders=wat_moet_anders,
        met_team=met_team,
        deelnemers=deelnemers,
        door=actor.user_id,
        nu=nu,
    )
    async with uow() as tx:
        await tx.vpt_evaluaties.bewaar_evaluatie(evaluatie)
        await tx.commit()
    return evaluatie


async def voeg_maatregel_toe(
    dossier_id: uuid.UUID,
    *,
    wat: str | None,
    eigenaar: str | None,
    wanneer: date | None,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    uow: VptUowFactory,
    dossiers: DossierSleutels | None,
    nu: datetime,
) -> Maatregel:
    """A new open maatregel; only after the evaluation is recorded."""
    await mag_schrijven(dossier_id, actor=actor, pdp=pdp, dossiers=dossiers)
    async with uow() as tx:
        evaluatie = await tx.vpt_evaluaties.evaluatie(dossier_id)
        maatregel = Maatregel.nieuw(
            evaluatie=evaluatie,
            wat=wat,
            eigenaar=eigenaar,
            wanneer=wanneer,
            door=actor.user_id,
            nu=nu,
        )
        await tx.vpt_evaluaties.voeg_maatregel_toe(maatregel)
        await tx.commit()
    return maatregel


async def zet_maatregel_status(
    dossier_id: uuid.UUID,
    maatregel_id: uuid.UUID,
    *,
    status: str,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    uow: VptUowFactory,
    dossiers: DossierSleutels | None,
    nu: datetime,
) -> Maatregel:
    """Mark a maatregel gedaan, vervallen or open again."""
    await mag_schrijven(dossier_id, actor=actor, pdp=pdp, dossiers=dossiers)
    async with uow() as tx:
        maatregel = await tx.vpt_evaluaties.maatregel(dossier_id, maatregel_id)
        if maatregel is None:
            raise MaatregelNietGevonden(str(maatregel_id))
        maatregel.zet_status(status, nu=nu)
        await tx.vpt_evaluaties.bewaar_status(maatregel)
        await tx.commit()
    return maatregel


async def evaluatie_context(
    uow: VptUowFactory, dossier_id: uuid.UUID, *, vandaag: date, mag_schrijven: bool = True
) -> dict[str, Any]:
    """What ``_vpt_evaluatie.html`` needs: ``dossier_id``, ``evaluatie`` (None: not yet),
    ``maatregelen`` (each with ``te_laat``), ``vandaag``, ``statussen`` and ``mag_schrijven``
    (show the forms: the PDP's answer to ``write`` on the dossier). The dossier page calls it
    AFTER the PDP allowed reading the dossier."""
    async with uow() as tx:
        evaluatie = await tx.vpt_evaluaties.evaluatie(dossier_id)
        maatregelen = await tx.vpt_evaluaties.maatregelen(dossier_id)
    return {
        "dossier_id": dossier_id,
        "evaluatie": evaluatie,
        "maatregelen": maatregelen,
        "te_laat": {m.maatregel_id for m in maatregelen if m.te_laat(vandaag=vandaag)},
        "vandaag": vandaag.isoformat(),
        "statussen": MAATREGELSTATUSSEN,
        "mag_schrijven": mag_schrijven,
    }


async def evaluatie_vastgesteld(uow: VptUowFactory, dossier_id: uuid.UUID) -> bool:
    """Whether the dossier's evaluation is recorded (the dossier may close only then)."""
    async with uow() as tx:
        return await tx.vpt_evaluaties.evaluatie(dossier_id) is not None


def _int(waarde: object) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, int) or waarde < 0:
        raise IntakeFout("onverwacht antwoord van intake")
    return waarde


def incident_telling(body: dict[str, Any]) -> IncidentTelling:
    """Intake's ``{jaar, organisatie, totaal, per_soort: {soort: n}, politie_ter_plaatse,
    urgent}``."""
    soorten = body.get("per_soort")
    if not isinstance(soorten, dict):
        raise IntakeFout("onverwacht antwoord van intake")
    return IncidentTelling(
        totaal=_int(body.get("totaal")),
        soorten={str(k): _int(v) for k, v in soorten.items()},
        politie_ter_plaatse=_int(body.get("politie_ter_plaatse", 0)),
        urgent=_int(body.get("urgent", 0)),
    )


async def stel_overzicht_op(
    *,
    jaar: int,
    organisatie: str,
    organisatie_naam: str,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    uow: VptUowFactory,
    intake: VptOverzichtPort,
    vandaag: date,
) -> VptOverzicht:
    """The yearly overview after the PDP allowed it (ToegangGeweigerd otherwise); IntakeFout
    when intake cannot give its counts."""
    await check(overzicht_request(actor, organisatie), actor=actor, pdp=pdp)
    telling = incident_telling(
        await intake.vpt_overzicht(jaar=jaar, organisatie=organisatie, token=actor.token or "")
    )
    async with uow() as tx:
        geevalueerd = await tx.vpt_evaluaties.aantal_evaluaties(organisatie=organisatie, jaar=jaar)
        maatregelen = await tx.vpt_evaluaties.maatregelen_van(organisatie=organisatie, jaar=jaar)
    return maak_overzicht(
        jaar=jaar,
        organisatie=organisatie,
        organisatie_naam=organisatie_naam,
        incidenten=telling,
        geevalueerd=geevalueerd,
        maatregelen=tel_maatregelen(maatregelen, vandaag=vandaag),
    )


__all__ = [
    "DossierOnbekend",
    "DossierSleutels",
    "Sleutels",
    "ToegangGeweigerd",
    "evaluatie_context",
    "evaluatie_vastgesteld",
    "leg_evaluatie_vast",
    "stel_overzicht_op",
    "voeg_maatregel_toe",
    "zet_maatregel_status",
]
