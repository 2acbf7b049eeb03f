"""Reading and writing informatie-items: the PDP decides (deny by default).

Each item carries what it records to the PDP as resource type ``informatie-item``: eigenaar,
categorie, gevoeligheid, and the eigenaar's controls ``beperkt_tot`` and ``ingetrokken``. The
policy (not this module) says who may. A failure to get a decision is a deny.

The contract's resource has no field for the grondslag an item was brought in on, so that one
is recorded and shown but not sent.
"""

from __future__ import annotations

from typing import Protocol

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import DOEL, actielijst_request
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint
from zvh_overleg.domain.bouwschema import (
    Categorie,
    Gevoeligheid,
    Informatieitem,
    standaard_gevoeligheid,
)
from zvh_overleg.domain.model import Casus


class Item(Protocol):
    """What the PDP weighs of an informatie-item (a bouwschema entry or a toelichting)."""

    @property
    def eigenaar(self) -> str: ...

    @property
    def categorie(self) -> Categorie: ...

    @property
    def gevoeligheid(self) -> Gevoeligheid: ...

    @property
    def beperkt_tot(self) -> tuple[str, ...] | None: ...

    @property
    def ingetrokken(self) -> bool: ...


#: One PDP question covers every item with the same (eigenaar, categorie, gevoeligheid,
#: beperkt_tot, ingetrokken): the rule depends on these, not on the text.
Soort = tuple[str, str, str, tuple[str, ...] | None, bool]

_CATEGORIEEN = frozenset(c.value for c in Categorie)


def soort_van(item: Item) -> Soort:
    return (
        item.eigenaar,
        item.categorie.value,
        item.gevoeligheid.value,
        item.beperkt_tot,
        item.ingetrokken,
    )


def item_request(
    casus: Casus,
    *,
    eigenaar: str,
    categorie: str,
    gevoeligheid: str | None = None,
    beperkt_tot: tuple[str, ...] | None = None,
    ingetrokken: bool = False,
    item: str | None,
    actor: Actor,
    action: str,
) -> DecisionRequest:
    """The PDP question for one informatie-item (or one kind of them) of a casus.

    Without ``gevoeligheid`` the categorie's default is sent (an unknown categorie: none).
    """
    if gevoeligheid is None and categorie in _CATEGORIEEN:
        gevoeligheid = standaard_gevoeligheid(Categorie(categorie)).value
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(
            type="informatie-item",
            casus=str(casus.casus_id),
            item=item,
            eigenaar=eigenaar,
            categorie=categorie,
            gevoeligheid=gevoeligheid,
            beperkt_tot=list(beperkt_tot) if beperkt_tot is not None else None,
            ingetrokken=ingetrokken,
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


def _soorten(items: list[Informatieitem]) -> list[Soort]:
    """The distinct kinds of the items, in first-seen order."""
    return list(dict.fromkeys(soort_van(item) for item in items))


def _lees_requests(sleutels: list[Soort], *, casus: Casus, actor: Actor) -> list[DecisionRequest]:
    return [
        item_request(
            casus,
            eigenaar=eigenaar,
            categorie=categorie,
            gevoeligheid=gevoeligheid,
            beperkt_tot=beperkt_tot,
            ingetrokken=ingetrokken,
            item=None,
            actor=actor,
            action="read",
        )
        for eigenaar, categorie, gevoeligheid, beperkt_tot, ingetrokken in sleutels
    ]


def _toegestaan(
    items: list[Informatieitem], sleutels: list[Soort], decisions: list[Decision]
) -> list[Informatieitem]:
    """The items whose kind was explicitly allowed; a short answer allows nothing."""
    if len(decisions) != len(sleutels):
        return []
    besluiten = {
        sleutel: decision.allow is True
        for sleutel, decision in zip(sleutels, decisions, strict=True)
    }
    return [item for item in items if besluiten[soort_van(item)]]


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
