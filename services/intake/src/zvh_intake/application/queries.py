"""Reading meldingen: the triage queue (no content) and one melding (policy-checked)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

from zvh_intake.application.ports import PolicyDecisionPoint, UnitOfWorkFactory
from zvh_intake.domain.errors import InzageGeweigerd, MeldingNietGevonden
from zvh_intake.domain.label import MeldingLabel, label_van
from zvh_intake.domain.model import Melding, MeldingStatus, categorie_van

#: The most labels one request may ask for.
MAX_LABELS = 200


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
    await _toegestaan(inzage_verzoek(melding, subject=subject, doel=doel), token=token, pdp=pdp)
    return melding


async def _toegestaan(
    request: DecisionRequest, *, token: str | None, pdp: PolicyDecisionPoint
) -> Decision:
    """The PDP's allow; raises InzageGeweigerd on a deny or any error (deny by default)."""
    try:
        decision = await pdp.decide(request, token=token)
    except Exception as exc:  # a PEP never lets an error become an allow
        raise InzageGeweigerd([f"geen beslissing van het PDP ({type(exc).__name__})"]) from exc
    if decision.allow is not True:
        raise InzageGeweigerd(decision.reasons or ["geen toestemming (geen reden opgegeven)"])
    return decision


async def eerdere_meldingen(melding: Melding, *, uow_factory: UnitOfWorkFactory) -> list[Melding]:
    """Other meldingen about at least one of the same persons (same pseudonym), newest first.

    For the triage of a returning person (heropenen). Call only after the read of ``melding`` was
    allowed; callers show ids, codes and dates of these, never their content.
    """
    async with uow_factory() as uow:
        ids: dict[uuid.UUID, None] = {}
        for pseudoniem in melding.pseudoniemen:
            ids.update(dict.fromkeys(await uow.meldingen.met_pseudoniem(pseudoniem)))
        ids.pop(melding.id, None)
        gevonden = [m for i in ids if (m := await uow.meldingen.get(i)) is not None]
    return sorted(gevonden, key=lambda m: (m.ontvangen_op, str(m.id)), reverse=True)


def label_verzoek(*, subject: Subject, doel: str) -> DecisionRequest:
    """The PDP question for melding labels: one decision for the whole request."""
    return DecisionRequest(
        subject=subject,
        action="read",
        resource=Resource(type="melding-label"),
        context=Context(doel=doel),
    )


async def lees_labels(
    ids: Sequence[uuid.UUID],
    *,
    subject: Subject,
    doel: str,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> list[MeldingLabel]:
    """Labels (melder reference + client initials) of the known ``ids``, in the asked order.

    One PDP decision for the request (``melding-label``, obligation ``alleen-initialen``: a label
    never holds more than initials). Unknown ids are left out.
    """
    if len(ids) > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} ids")
    await _toegestaan(label_verzoek(subject=subject, doel=doel), token=token, pdp=pdp)
    async with uow_factory() as uow:
        meldingen = await uow.meldingen.get_many(ids)
    return [
        label_van(m.id, melder_referentie=m.melder_referentie, inhoud=m.inhoud) for m in meldingen
    ]
