"""Intake as a policy enforcement point: ask the PDP, apply its answer, deny by default.

Intake keeps no rules of its own about who may do what: every read of content, the triage queue,
the triage command and the eigenaar's controls are questions to the PDP (the consent service),
asked with the user's own token. Anything but an explicit allow is a deny; an error is a deny; an
obligation intake does not know is a deny.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from zvh_contracts.pdp import Decision, DecisionRequest

from zvh_intake.application.ports import PolicyDecisionPoint
from zvh_intake.domain.errors import IntakeError
from zvh_intake.domain.verplichtingen import OnbekendeVerplichting, controleer

log = logging.getLogger("zvh_intake.inzage")

GEEN_REDEN = "geen toestemming (geen reden opgegeven)"


async def beslissing(
    request: DecisionRequest,
    *,
    token: str | None,
    pdp: PolicyDecisionPoint,
    fout: Callable[[list[str]], IntakeError],
    bekend: frozenset[str] = frozenset(),
) -> Decision:
    """The PDP's allow for one question; raises ``fout(redenen)`` on anything else.

    ``bekend``: obligations this question's caller honours besides the common vocabulary.
    """
    try:
        decision = await pdp.decide(request, token=token)
    except Exception as exc:  # a PEP never lets an error become an allow
        raise fout([f"geen beslissing van het PDP ({type(exc).__name__})"]) from exc
    if decision.allow is not True:
        raise fout(decision.reasons or [GEEN_REDEN])
    try:
        controleer(decision.obligations, bekend=bekend)
    except OnbekendeVerplichting as exc:
        raise fout([onbekend_tekst(exc.verplichting)]) from exc
    noteer(request, decision)
    return decision


async def beslissingen(
    requests: Sequence[DecisionRequest], *, token: str | None, pdp: PolicyDecisionPoint
) -> list[Decision]:
    """One decision per question, in one round trip; any failure is a deny for each."""
    if not requests:
        return []
    try:
        decisions = await pdp.decide_many(requests, token=token)
    except Exception as exc:  # a PEP never lets an error become an allow
        reden = f"geen beslissing van het PDP ({type(exc).__name__})"
        return [Decision.deny(reden) for _ in requests]
    if len(decisions) != len(requests):
        reden = f"het PDP gaf {len(decisions)} beslissingen op {len(requests)} vragen"
        return [Decision.deny(reden) for _ in requests]
    return list(decisions)


def onbekend_tekst(verplichting: str) -> str:
    """Why intake denies a decision with an obligation it does not know (Dutch)."""
    return (
        f"het PDP stelde een voorwaarde die intake niet kent ('{verplichting}'); "
        "daarom toont intake dit niet"
    )


def noteer(request: DecisionRequest, decision: Decision) -> None:
    """``log-inzage``: note the allowed read in intake's own log (ids and codes, no content)."""
    if "log-inzage" not in decision.obligations:
        return
    resource = request.resource
    subject = request.subject
    log.info(
        "inzage %s %s item=%s door org=%s doel=%s besluit=%s",
        request.action,
        resource.type,
        resource.item,
        subject.org if subject else "?",
        request.context.doel,
        decision.decision_id,
    )
