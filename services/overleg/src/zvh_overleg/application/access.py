"""Asking the PDP before a casus or its actielijst is listed, read or written (deny by default).

Overleg keeps no rules of its own about who may: every question below goes to the PDP, and only
an explicit allow whose obligations overleg can apply counts. The resource types:

- ``casus`` — the casus itself: ``list`` (it appears in a list view: id, fase, deelnemers, dates),
  ``read`` (one casus' metadata, e.g. "your triage opened casus X") and ``write`` (the regie
  steers it: fase, deelnemers, casusregisseur, cliënt geïnformeerd, afsluiten).
- ``actielijst`` — ``read`` (the one thing shared with every deelnemer) and ``write`` (record
  the actielijst: add, change, review acties; overlegmodus).
- ``informatie-item`` — see ``informatie``.
- ``overleg`` — the overleg itself (``item`` = its id, none for a new one or the agenda):
  ``plan`` (plan, change, cancel, set the overlegritme, finalise the verslag), ``notuleren``
  (record attendance) and ``read`` without a casus (the whole overleg: every casus on the
  agenda, every answer's reason, the verslag's concept). Which casussen a partner sees on an overleg
  follows from its invitation, which follows from the casus' deelnemers.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint
from zvh_overleg.application.verplichtingen import (
    GEEN_BESLISSING,
    Zicht,
    noteer_inzage,
    verborgen,
    zicht_geheel,
)
from zvh_overleg.domain.model import Casus

DOEL = "casusoverleg"
DOEL_TRIAGE = "triage"

ACTIELIJST = "actielijst"
CASUS = "casus"
OVERLEG = "overleg"


def _request(
    casus: Casus, *, soort: str, actor: Actor, action: str, doel: str = DOEL
) -> DecisionRequest:
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(type=soort, casus=str(casus.casus_id)),
        context=Context(
            doel=doel,
            fase=casus.ave_fase,
            client_geinformeerd=casus.client_geinformeerd,
            deelnemers=list(casus.deelnemers),
        ),
    )


def actielijst_request(casus: Casus, *, actor: Actor, action: str) -> DecisionRequest:
    """The PDP question for one casus' actielijst."""
    return _request(casus, soort=ACTIELIJST, actor=actor, action=action)


def casus_request(casus: Casus, *, actor: Actor, action: str, doel: str = DOEL) -> DecisionRequest:
    """The PDP question for one casus itself (``list``, ``read`` or ``write``)."""
    return _request(casus, soort=CASUS, actor=actor, action=action, doel=doel)


def overleg_request(
    actor: Actor, action: str, *, overleg_id: uuid.UUID | None = None
) -> DecisionRequest:
    """The PDP question about an overleg (``plan``, ``notuleren``, ``read``); without an id
    about overleggen in general (a new one, the agenda)."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(type=OVERLEG, item=str(overleg_id) if overleg_id else None),
        context=Context(doel=DOEL),
    )


def _wat(request: DecisionRequest) -> str:
    return {ACTIELIJST: "de actielijst", OVERLEG: "het overleg"}.get(
        request.resource.type, "de casus"
    )


async def vraag(
    requests: Sequence[DecisionRequest], *, actor: Actor, pdp: PolicyDecisionPoint
) -> list[Zicht]:
    """The PDP's answers to these questions about casussen/actielijsten, in one round trip,
    as all-or-nothing Zichten; any failure or a short answer denies them all."""
    if not requests:
        return []
    try:
        decisions: list[Decision] = (
            [await pdp.decide(requests[0], token=actor.token)]
            if len(requests) == 1
            else await pdp.decide_many(list(requests), token=actor.token)
        )
    except Exception as exc:  # any failure means deny
        return [verborgen(f"{GEEN_BESLISSING}: {type(exc).__name__}")] * len(requests)
    if len(decisions) != len(requests):
        return [verborgen(f"{GEEN_BESLISSING}: onvolledig antwoord")] * len(requests)
    zichten = [zicht_geheel(d, wat=_wat(r)) for d, r in zip(decisions, requests, strict=True)]
    for r, z in zip(requests, zichten, strict=True):
        if r.action in ("read", "list") and r.resource.casus:
            noteer_inzage(
                soort=f"{r.resource.type}:{r.action}",
                casus_id=uuid.UUID(r.resource.casus),
                item_ids=[uuid.UUID(r.resource.casus)],
                z=z,
            )
    return zichten


async def check(request: DecisionRequest, *, actor: Actor, pdp: PolicyDecisionPoint) -> None:
    """Raise ToegangGeweigerd (with the PDP's reasons) unless it explicitly allows."""
    [z] = await vraag([request], actor=actor, pdp=pdp)
    if not z.getoond:
        raise ToegangGeweigerd(list(z.redenen))


async def vereis(
    actor: Actor,
    action: str,
    *,
    pdp: PolicyDecisionPoint,
    overleg_id: uuid.UUID | None = None,
) -> None:
    """Raise ToegangGeweigerd (with the PDP's reasons) unless it allows this on the overleg."""
    await check(overleg_request(actor, action, overleg_id=overleg_id), actor=actor, pdp=pdp)


async def check_actielijst(
    casus: Casus, *, actor: Actor, action: str, pdp: PolicyDecisionPoint
) -> None:
    """Raise ToegangGeweigerd unless the PDP explicitly allows."""
    await check(actielijst_request(casus, actor=actor, action=action), actor=actor, pdp=pdp)


async def check_casus(
    casus: Casus, *, actor: Actor, action: str, pdp: PolicyDecisionPoint, doel: str = DOEL
) -> None:
    """Raise ToegangGeweigerd unless the PDP explicitly allows this action on the casus."""
    await check(casus_request(casus, actor=actor, action=action, doel=doel), actor=actor, pdp=pdp)


async def zichtbare_casussen(
    casussen: list[Casus], *, actor: Actor, pdp: PolicyDecisionPoint, doel: str = DOEL
) -> list[Casus]:
    """The casussen this actor may see in a list, in order: one ``list`` decision per casus,
    in batches (one round trip per 100); a failure shows none."""
    zichten = await vraag(
        [casus_request(c, actor=actor, action="list", doel=doel) for c in casussen],
        actor=actor,
        pdp=pdp,
    )
    return [c for c, z in zip(casussen, zichten, strict=True) if z.getoond]
