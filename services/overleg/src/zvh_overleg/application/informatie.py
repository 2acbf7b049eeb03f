"""Reading and writing informatie-items: the PDP decides per item (deny by default).

Each item carries its eigenaar and categorie to the PDP as resource type ``informatie-item``;
the policy (not this module) says who may. A failure to get a decision is a deny.
"""

from __future__ import annotations

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import DOEL, actielijst_request
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
    sleutels = _soorten(items)
    if not sleutels:
        return []
    try:
        decisions = await pdp.decide_many(
            _lees_requests(sleutels, casus=casus, actor=actor), token=actor.token
        )
    except Exception:  # any failure means deny
        return []
    return _toegestaan(items, sleutels, decisions)


async def actielijst_met_items(
    items: list[Informatieitem], *, casus: Casus, actor: Actor, pdp: PolicyDecisionPoint
) -> list[Informatieitem]:
    """A page with the actielijst and the bouwschema: one PDP round trip for both.

    The first question is the actielijst read; its deny (or any failure) raises
    ToegangGeweigerd. The rest are the (eigenaar, categorie) reads, as ``leesbare_items``.
    """
    sleutels = _soorten(items)
    requests = [
        actielijst_request(casus, actor=actor, action="read"),
        *_lees_requests(sleutels, casus=casus, actor=actor),
    ]
    try:
        decisions = await pdp.decide_many(requests, token=actor.token)
    except Exception as exc:  # any failure means deny
        raise ToegangGeweigerd([f"geen beslissing van de PDP: {type(exc).__name__}"]) from exc
    if len(decisions) != len(requests):
        raise ToegangGeweigerd(["geen beslissing van de PDP: onvolledig antwoord"])
    if decisions[0].allow is not True:
        raise ToegangGeweigerd(decisions[0].reasons or ["toegang geweigerd door de PDP"])
    return _toegestaan(items, sleutels, decisions[1:])


def _soorten(items: list[Informatieitem]) -> list[tuple[str, str]]:
    """The distinct (eigenaar, categorie) of the items, in first-seen order."""
    return list(dict.fromkeys((item.eigenaar, item.categorie.value) for item in items))


def _lees_requests(
    sleutels: list[tuple[str, str]], *, casus: Casus, actor: Actor
) -> list[DecisionRequest]:
    return [
        item_request(
            casus, eigenaar=eigenaar, categorie=categorie, item=None, actor=actor, action="read"
        )
        for eigenaar, categorie in sleutels
    ]


def _toegestaan(
    items: list[Informatieitem], sleutels: list[tuple[str, str]], decisions: list[Decision]
) -> list[Informatieitem]:
    """The items whose kind was explicitly allowed; a short answer allows nothing."""
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
