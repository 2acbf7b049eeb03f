"""Reading and writing informatie-items: the PDP decides per item (deny by default).

Each item carries its eigenaar and categorie to the PDP as resource type ``informatie-item``;
the policy (not this module) says who may. A failure to get a decision is a deny.
"""

from __future__ import annotations

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import DOEL
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint
from zvh_overleg.domain.bouwschema import Informatieitem
from zvh_overleg.domain.model import Casus


def item_request(
    casus: Casus, *, eigenaar: str, categorie: str, item: str | None, actor: Actor, action: str
) -> DecisionRequest:
    """The PDP question for one informatie-item of a casus."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(
            type="informatie-item",
            casus=str(casus.casus_id),
            item=item,
            eigenaar=eigenaar,
            categorie=categorie,
        ),
        context=Context(
            doel=DOEL,
            fase=casus.ave_fase,
            client_geinformeerd=casus.client_geinformeerd,
            deelnemers=list(casus.deelnemers),
        ),
    )


async def mag(request: DecisionRequest, *, actor: Actor, pdp: PolicyDecisionPoint) -> bool:
    """True only on an explicit allow; any error is a deny."""
    try:
        decision = await pdp.decide(request, token=actor.token)
    except Exception:  # any failure means deny
        return False
    return decision.allow is True


async def leesbare_items(
    items: list[Informatieitem], *, casus: Casus, actor: Actor, pdp: PolicyDecisionPoint
) -> list[Informatieitem]:
    """The items this actor may read, in order. One decision per (eigenaar, categorie).

    The rule depends on eigenaar and categorie, not on the text, so one logged decision covers
    every item of the same kind in this read; a new read asks again. All kinds go to the PDP in
    one batch (one round trip, one log write); any failure denies them all.
    """
    sleutels = list(dict.fromkeys((item.eigenaar, item.categorie.value) for item in items))
    if not sleutels:
        return []
    requests = [
        item_request(
            casus, eigenaar=eigenaar, categorie=categorie, item=None, actor=actor, action="read"
        )
        for eigenaar, categorie in sleutels
    ]
    try:
        decisions = await pdp.decide_many(requests, token=actor.token)
    except Exception:  # any failure means deny
        return []
    if len(decisions) != len(sleutels):
        return []
    besluiten = {
        sleutel: decision.allow is True
        for sleutel, decision in zip(sleutels, decisions, strict=True)
    }
    return [item for item in items if besluiten[(item.eigenaar, item.categorie.value)]]


async def check_item_schrijven(
    casus: Casus, *, eigenaar: str, categorie: str, actor: Actor, pdp: PolicyDecisionPoint
) -> None:
    """Raise ToegangGeweigerd unless the PDP allows recording an item for this eigenaar."""
    request = item_request(
        casus, eigenaar=eigenaar, categorie=categorie, item=None, actor=actor, action="write"
    )
    try:
        decision = await pdp.decide(request, token=actor.token)
    except Exception as exc:  # any failure means deny
        raise ToegangGeweigerd([f"geen beslissing van de PDP: {type(exc).__name__}"]) from exc
    if decision.allow is not True:
        raise ToegangGeweigerd(decision.reasons or ["toegang geweigerd door de PDP"])
