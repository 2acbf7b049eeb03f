"""Who may use a register: the policy answers (resource type convenant, toestemming,
doorbreking), never Python. Each question is a logged decision like any other."""

from __future__ import annotations

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource

from zvh_consent.application.ports import DecidePort, Requester


class Geweigerd(Exception):
    """The policy refused; carries the decision (reasons, decision_id) for the 403 body."""

    def __init__(self, decision: Decision) -> None:
        super().__init__("geweigerd door het beleid")
        self.decision = decision


class NietGevonden(LookupError):
    """The register holds no such record (answered as a 404 with a Dutch detail)."""


class BestaatAl(Exception):
    """A record that may be created only once already exists (answered as a 409)."""


async def vraag(
    decide: DecidePort,
    *,
    requester: Requester,
    action: str,
    resource: Resource,
    doel: str,
) -> Decision:
    """The PDP's decision for ``requester``; raises ``Geweigerd`` unless it is an explicit allow."""
    decision = await decide(
        DecisionRequest(action=action, resource=resource, context=Context(doel=doel)),
        requester=requester,
    )
    if decision.allow is not True:
        raise Geweigerd(decision)
    return decision
