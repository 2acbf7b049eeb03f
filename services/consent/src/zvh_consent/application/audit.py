"""The FG's view of the decision log. Access is itself a policy decision (resource ``audit``)."""

from __future__ import annotations

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource

from zvh_consent.application.ports import DecidePort, DecisionLog, LogFilter, Requester
from zvh_consent.domain.beslissingenlog import ChainCheck, Schakel

DOEL_TOEZICHT = "toezicht"


class AuditDenied(Exception):
    """The policy refused the log query; carries the decision for the 403 body."""

    def __init__(self, decision: Decision) -> None:
        super().__init__("inzage in het beslissingenlog geweigerd")
        self.decision = decision


async def list_decisions(
    *, decide: DecidePort, decision_log: DecisionLog, requester: Requester, flt: LogFilter
) -> list[Schakel]:
    """Decisions matching ``flt`` — after the PDP allowed ``read audit`` for the requester."""
    request = DecisionRequest(
        action="read",
        resource=Resource(type="audit", casus=flt.casus),
        context=Context(doel=DOEL_TOEZICHT),
    )
    decision = await decide(request, requester=requester)
    if not decision.allow:
        raise AuditDenied(decision)
    return await decision_log.list(flt)


async def verify_log(*, decision_log: DecisionLog) -> ChainCheck:
    """Recompute the chain; used by operators and the FG."""
    return await decision_log.verify_chain()
