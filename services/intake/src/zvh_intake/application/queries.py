"""Reading meldingen: the triage queue (no content) and one melding (policy-checked)."""

from __future__ import annotations

import uuid

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject

from zvh_intake.application.ports import PolicyDecisionPoint, UnitOfWorkFactory
from zvh_intake.domain.errors import InzageGeweigerd, MeldingNietGevonden
from zvh_intake.domain.model import Melding, MeldingStatus, categorie_van


async def lijst_meldingen(
    *, uow_factory: UnitOfWorkFactory, status: MeldingStatus | None
) -> list[Melding]:
    """Meldingen by status, oldest deadline first. Callers must show no content from these."""
    async with uow_factory() as uow:
        meldingen = await uow.meldingen.lijst(status=status)
    return sorted(meldingen, key=lambda m: (m.triage_uiterlijk, m.ontvangen_op))


def inzage_verzoek(melding: Melding, *, subject: Subject, doel: str) -> DecisionRequest:
    """The PDP question for reading this melding's content."""
    triage = melding.triage
    geinformeerd = (
        triage.client_geinformeerd
        if triage is not None
        else bool(melding.inhoud.get("client_geinformeerd"))
    )
    fase = triage.ave_fase if triage is not None else melding.inhoud.get("voorgestelde_ave_fase")
    return DecisionRequest(
        subject=subject,
        action="read",
        resource=Resource(
            type="melding",
            item=str(melding.id),
            eigenaar=melding.eigenaar,
            categorie=categorie_van(melding.eigenaar),
        ),
        context=Context(doel=doel, fase=fase, client_geinformeerd=geinformeerd),
    )


async def lees_melding(
    melding_id: uuid.UUID,
    *,
    subject: Subject,
    doel: str,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> Melding:
    """The melding with content, only after the PDP allows it; deny by default."""
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(melding_id)
    if melding is None:
        raise MeldingNietGevonden(f"melding {melding_id} bestaat niet")
    try:
        decision = await pdp.decide(
            inzage_verzoek(melding, subject=subject, doel=doel), token=token
        )
    except Exception as exc:  # a PEP never lets an error become an allow
        raise InzageGeweigerd([f"geen beslissing van het PDP ({type(exc).__name__})"]) from exc
    if decision.allow is not True:
        raise InzageGeweigerd(decision.reasons or ["geen toestemming (geen reden opgegeven)"])
    return melding
