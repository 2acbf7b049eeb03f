"""Reading and writing informatie-items: the PDP decides (deny by default).

Each item carries what it records to the PDP as resource type ``informatie-item``: eigenaar,
categorie, gevoeligheid, and the eigenaar's controls ``beperkt_tot`` and ``ingetrokken``. The
policy (not this module) says who may. A failure to get a decision is a deny.

The contract's resource has no field for the grondslag an item was brought in on, so that one
is recorded and shown but not sent. Every question names the casus' client as ``betrokkene``
(when known): the items are about that person, and the toestemmingen are per person.
"""

from __future__ import annotations

from typing import Protocol

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

from zvh_overleg.application.access import DOEL, actielijst_request, vraag
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint
from zvh_overleg.application.verplichtingen import (
    GEEN_BESLISSING,
    ITEM_STRUCTUUR,
    TOELICHTING_STRUCTUUR,
    ItemInzage,
    ToelichtingInzage,
    Zicht,
    noteer_inzage,
    verborgen,
    zicht,
    zicht_geheel,
)
from zvh_overleg.domain.bouwschema import (
    Categorie,
    Gevoeligheid,
    Informatieitem,
    standaard_gevoeligheid,
)
from zvh_overleg.domain.model import Casus, Terugkoppeling


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
    doel: str = DOEL,
) -> DecisionRequest:
    """The PDP question for one informatie-item (or one kind of them) of a casus.

    Without ``gevoeligheid`` the categorie's default is sent (an unknown categorie: none). The
    ``betrokkene`` is the casus' client (the first pseudonym intake named), so the client's
    toestemming or refusal applies to overleg's content too; a casus opened before overleg kept
    pseudonyms sends none (the convenant rules alone then decide).
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
            betrokkene=casus.client_pseudoniem,
        ),
        context=Context(
            doel=doel,
            fase=casus.ave_fase,
            client_geinformeerd=casus.client_geinformeerd,
            deelnemers=list(casus.deelnemers),
        ),
    )


async def mag(request: DecisionRequest, *, actor: Actor, pdp: PolicyDecisionPoint) -> bool:
    """True only on an explicit allow whose obligations overleg can apply (``log-inzage`` is
    noted); any error denies."""
    [z] = await vraag([request], actor=actor, pdp=pdp)
    return z.getoond


async def items_inzien(
    items: list[Informatieitem], *, casus: Casus, actor: Actor, pdp: PolicyDecisionPoint
) -> list[ItemInzage]:
    """Every item as this actor may see it, in order: shown, partly shown or hidden, and why.

    The rule depends on what the item records (``Soort``), not on its text, so one logged
    decision covers every item of the same kind in this read; a new read asks again. All kinds
    go to the PDP in one batch (one round trip, one log write); any failure hides them all.
    """
    sleutels = _soorten(items)
    if not sleutels:
        return []
    try:
        decisions = await pdp.decide_many(
            _lees_requests(sleutels, casus=casus, actor=actor), token=actor.token
        )
    except Exception as exc:  # any failure means deny
        decisions = [Decision.deny(f"{GEEN_BESLISSING}: {type(exc).__name__}")] * len(sleutels)
    return _bouwschema(items, casus=casus, zichten=_zichten(sleutels, decisions, ITEM_STRUCTUUR))


async def toelichtingen_inzien(
    terugkoppelingen: list[Terugkoppeling],
    *,
    casus: Casus,
    actor: Actor,
    pdp: PolicyDecisionPoint,
) -> list[ToelichtingInzage]:
    """The toelichtingen of these terugkoppelingen as this actor may see them (those without
    one are left out: there is no content to decide on)."""
    met = [t for t in terugkoppelingen if t.toelichting is not None]
    sleutels = list(dict.fromkeys(soort_van(t) for t in met))
    if not sleutels:
        return []
    try:
        decisions = await pdp.decide_many(
            _lees_requests(sleutels, casus=casus, actor=actor), token=actor.token
        )
    except Exception as exc:  # any failure means deny
        decisions = [Decision.deny(f"{GEEN_BESLISSING}: {type(exc).__name__}")] * len(sleutels)
    zichten = _zichten(sleutels, decisions, TOELICHTING_STRUCTUUR)
    out = [ToelichtingInzage.van(t, zichten[soort_van(t)]) for t in met]
    for z in set(zichten.values()):
        noteer_inzage(
            soort="toelichting",
            casus_id=casus.casus_id,
            item_ids=[t.terugkoppeling_id for t in met if zichten[soort_van(t)] == z],
            z=z,
        )
    return out


async def actielijst_met_items(
    items: list[Informatieitem],
    *,
    casus: Casus,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    schrijven: bool = False,
) -> list[ItemInzage]:
    """A page with the actielijst and the bouwschema: one PDP round trip for both.

    The first question is the actielijst read (with ``schrijven``, first the actielijst write:
    overlegmodus records); a deny (or any failure, or an obligation overleg cannot apply to it)
    raises ToegangGeweigerd. The rest are the item reads, as ``items_inzien``.
    """
    sleutels = _soorten(items)
    poorten = [
        *([actielijst_request(casus, actor=actor, action="write")] if schrijven else []),
        actielijst_request(casus, actor=actor, action="read"),
    ]
    requests = [*poorten, *_lees_requests(sleutels, casus=casus, actor=actor)]
    try:
        decisions = await pdp.decide_many(requests, token=actor.token)
    except Exception as exc:  # any failure means deny
        raise ToegangGeweigerd([f"{GEEN_BESLISSING}: {type(exc).__name__}"]) from exc
    if len(decisions) != len(requests):
        raise ToegangGeweigerd([f"{GEEN_BESLISSING}: onvolledig antwoord"])
    for decision in decisions[: len(poorten)]:
        lijst = zicht_geheel(decision, wat="de actielijst")
        if not lijst.getoond:
            raise ToegangGeweigerd(list(lijst.redenen))
    noteer_inzage(soort="actielijst", casus_id=casus.casus_id, item_ids=[casus.casus_id], z=lijst)
    return _bouwschema(
        items, casus=casus, zichten=_zichten(sleutels, decisions[len(poorten) :], ITEM_STRUCTUUR)
    )


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


def _zichten(
    sleutels: list[Soort], decisions: list[Decision], structuur: tuple[str, ...]
) -> dict[Soort, Zicht]:
    """Per kind how it may be seen; a short or long answer hides everything."""
    if len(decisions) != len(sleutels):
        weg = verborgen(f"{GEEN_BESLISSING}: onvolledig antwoord")
        return dict.fromkeys(sleutels, weg)
    return {
        sleutel: zicht(decision, structureel=structuur)
        for sleutel, decision in zip(sleutels, decisions, strict=True)
    }


def _bouwschema(
    items: list[Informatieitem], *, casus: Casus, zichten: dict[Soort, Zicht]
) -> list[ItemInzage]:
    """The items with their Zicht applied; ``log-inzage`` noted per decision."""
    out = [ItemInzage.van(item, zichten[soort_van(item)]) for item in items]
    for z in set(zichten.values()):
        noteer_inzage(
            soort="informatie-item",
            casus_id=casus.casus_id,
            item_ids=[i.item_id for i in items if zichten[soort_van(i)] == z],
            z=z,
        )
    return out


def leesbaar(inzagen: list[ItemInzage]) -> list[ItemInzage]:
    """Only those shown (at least as metadata)."""
    return [i for i in inzagen if i.zicht.getoond]


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
        raise ToegangGeweigerd([f"{GEEN_BESLISSING}: {type(exc).__name__}"]) from exc
    z = zicht_geheel(decision, wat="het vastleggen van informatie")
    if not z.getoond:
        raise ToegangGeweigerd(list(z.redenen))
