"""Triage Aanhoudingen: the lists of today and yesterday, and marking each arrest.

Who may is the PDP's answer (resource type ``aanhoudingen``, doel ``triage-aanhoudingen``):
``list`` to see the lists, ``write`` to mark an arrest. "Melding aanmaken" makes a melding owned
by the police partner that sent the list, linked to the arrest; it joins the triage queue like
any melding and the chain hears of it (``zvh.intake.melding.ontvangen.v1``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject
from zvh_contracts.vocab import Urgentie
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijnen

from zvh_intake.application.intake import intake_event
from zvh_intake.application.pep import beslissing
from zvh_intake.application.ports import Clock, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_intake.domain.aanhouding import (
    REFERENTIE_PREFIX,
    Aanhouding,
    AanhoudingAfgerond,
    AanhoudingNietGevonden,
    Aanhoudingslijst,
    Markering,
    persoon_pseudoniem,
)
from zvh_intake.domain.errors import ActieGeweigerd, InzageGeweigerd
from zvh_intake.domain.informatie import items_voor
from zvh_intake.domain.model import Melding
from zvh_intake.domain.termijnen import nl_datum, triage_uiterlijk_voor

#: The resource type and doel the PDP is asked about.
AANHOUDINGEN = "aanhoudingen"
DOEL = "triage-aanhoudingen"


def verzoek(*, subject: Subject, action: str, item: uuid.UUID | None = None) -> DecisionRequest:
    """The PDP question: ``list`` the lists, or ``write`` a mark on one arrest."""
    return DecisionRequest(
        subject=subject,
        action=action,
        resource=Resource(type=AANHOUDINGEN, item=str(item) if item else None),
        context=Context(doel=DOEL),
    )


def vandaag_en_gisteren(vandaag: date) -> tuple[date, date]:
    """The days the triage shows: today and yesterday (a list may cover either)."""
    return vandaag, vandaag - timedelta(days=1)


async def lijsten(
    *,
    subject: Subject,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    datums: Sequence[date] = (),
) -> list[Aanhoudingslijst]:
    """The lists of these days (default: today and yesterday), after the PDP allowed it."""
    await beslissing(
        verzoek(subject=subject, action="list"), token=token, pdp=pdp, fout=InzageGeweigerd
    )
    dagen = list(datums) or list(vandaag_en_gisteren(nl_datum(clock.now())))
    async with uow_factory() as uow:
        return await uow.aanhoudingen.op_datums(dagen)


@dataclass(frozen=True)
class MarkeerAanhouding:
    """Command: record what the ZVH does with one arrest."""

    aanhouding: uuid.UUID
    markering: Markering
    door: str


@dataclass(frozen=True)
class MeldingRegels:
    """What a new melding needs from the region: the pseudonym key and the triage termijnen."""

    pseudonym_key: bytes
    termijnen: Termijnen | None = None
    kalender: Kalender = NEDERLAND


async def markeer(
    cmd: MarkeerAanhouding,
    *,
    subject: Subject,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    regels: MeldingRegels,
) -> Aanhouding:
    """Mark the arrest; ``melding-aanmaken`` also makes the police's melding (one, ever)."""
    await beslissing(
        verzoek(subject=subject, action="write", item=cmd.aanhouding),
        token=token,
        pdp=pdp,
        fout=ActieGeweigerd,
    )
    nu = clock.now()
    async with uow_factory() as uow:
        aanhouding = await uow.aanhoudingen.get(cmd.aanhouding)
        if aanhouding is None:
            raise AanhoudingNietGevonden("aanhouding niet gevonden")
        lijst = await uow.aanhoudingen.lijst(aanhouding.lijst)
        assert lijst is not None  # the foreign key guarantees it
        melding: Melding | None = None
        melding_id: uuid.UUID | None = None
        if cmd.markering is Markering.MELDING_AANMAKEN:
            # the same arrest on another list of the same police: one melding, linked to both
            bestaand = await uow.meldingen.find_by_referentie(
                eigenaar=lijst.politie,
                melder_referentie=f"{REFERENTIE_PREFIX}{aanhouding.aanhouding_id}",
            )
            if bestaand is None:
                melding = melding_van(aanhouding, politie=lijst.politie, nu=nu, regels=regels)
                melding_id = melding.id
            else:
                melding_id = bestaand.id
        gemarkeerd = aanhouding.markeer(cmd.markering, door=cmd.door, op=nu, melding_id=melding_id)
        if not await uow.aanhoudingen.save_markering(gemarkeerd):
            raise AanhoudingAfgerond("van deze aanhouding is al een melding gemaakt")
        if melding is not None:
            await uow.meldingen.add(melding)
            await uow.publish(
                intake_event(melding),
                topic=topics.INTAKE_MELDING,
                event_id=derived_id("intake-ontvangen", melding.id),
            )
        await uow.commit()
    return gemarkeerd


def melding_van(
    aanhouding: Aanhouding, *, politie: str, nu: datetime, regels: MeldingRegels
) -> Melding:
    """The melding made of an arrest: owned by the police, linked by ``aanhouding:<id>``."""
    melding_id = derived_id("aanhouding-melding", aanhouding.id)
    inhoud = aanhouding.melding_inhoud()
    urgentie = Urgentie.NORMAAL
    return Melding(
        id=melding_id,
        eigenaar=politie,
        melder_referentie=f"{REFERENTIE_PREFIX}{aanhouding.aanhouding_id}",
        urgentie=urgentie,
        leefgebieden=tuple(inhoud["leefgebieden"]),
        inhoud=inhoud,
        ontvangen_op=nu,
        triage_uiterlijk=triage_uiterlijk_voor(
            urgentie=urgentie,
            ontvangen_op=nu,
            termijnen=regels.termijnen or Termijnen(),
            kalender=regels.kalender,
        ),
        pseudoniemen=(
            persoon_pseudoniem(
                key=regels.pseudonym_key, politie=politie, pseudoniem=aanhouding.persoon_pseudoniem
            ),
        ),
        items=items_voor(melding_id, eigenaar=politie, inhoud=inhoud, pseudoniemen=[]),
    )
