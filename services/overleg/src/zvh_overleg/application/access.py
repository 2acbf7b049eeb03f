"""Asking the PDP before the actielijst is read or written (deny by default)."""

from __future__ import annotations

from collections.abc import Collection

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint
from zvh_overleg.application.verplichtingen import GEEN_BESLISSING, noteer_inzage, zicht_geheel
from zvh_overleg.domain.model import ZVH, Casus

DOEL = "casusoverleg"

#: ZVH roles, by what they may do in the overleg service (the PDP still decides every read).
REGIE = frozenset({"procesregisseur"})  # steers: plans, finalises, changes a casus
NOTULISTEN = frozenset({"procesregisseur", "notulist"})  # records: actielijst, minutes


def is_zvh_regie(actor: Actor, rollen: Collection[str] = NOTULISTEN) -> bool:
    """Staff of the ZVH itself with one of ``rollen``."""
    return actor.org == ZVH and bool(set(rollen).intersection(actor.roles))


def actielijst_request(casus: Casus, *, actor: Actor, action: str) -> DecisionRequest:
    """The PDP question for one casus' actielijst."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action=action,
        resource=Resource(type="actielijst", casus=str(casus.casus_id)),
        context=Context(
            doel=DOEL,
            fase=casus.ave_fase,
            client_geinformeerd=casus.client_geinformeerd,
            deelnemers=list(casus.deelnemers),
        ),
    )


async def check_actielijst(
    casus: Casus, *, actor: Actor, action: str, pdp: PolicyDecisionPoint
) -> None:
    """Raise ToegangGeweigerd unless the PDP explicitly allows."""
    try:
        decision = await pdp.decide(
            actielijst_request(casus, actor=actor, action=action), token=actor.token
        )
    except Exception as exc:  # any failure means deny
        raise ToegangGeweigerd([f"{GEEN_BESLISSING}: {type(exc).__name__}"]) from exc
    z = zicht_geheel(decision, wat="de actielijst")
    if not z.getoond:
        raise ToegangGeweigerd(list(z.redenen))
    if action == "read":
        noteer_inzage(soort="actielijst", casus_id=casus.casus_id, item_ids=[casus.casus_id], z=z)
