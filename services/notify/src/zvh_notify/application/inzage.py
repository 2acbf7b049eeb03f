"""Who sees which bezorgingen: notify as a policy enforcement point.

Notify keeps no rule of its own about it. It asks the PDP (``read`` on resource type
``bezorging``, the ontvanger as ``eigenaar``) with the reader's own token and applies the answer;
anything but an explicit allow is a deny, an error is a deny, an obligation notify does not know
is a deny. Without an ontvanger filter it asks, in one round trip, for every recipient and for the
reader's own organisation, and shows the widest allowed: so ZVH staff see all and a partner its
own, as the policy says.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject

from zvh_notify.application.ports import PolicyDecisionPoint, UnitOfWorkFactory
from zvh_notify.application.queries import list_bezorgingen
from zvh_notify.domain.model import Bezorging, Status
from zvh_notify.domain.termijnbewaking import Timer

log = logging.getLogger("zvh_notify.inzage")

RESOURCE_TYPE = "bezorging"
DOEL = "monitoring"
LOG_INZAGE = "log-inzage"
#: The obligations notify can apply; any other one denies.
BEKEND = frozenset({LOG_INZAGE})
GEEN_REDEN = "geweigerd: geen toestemming (geen reden opgegeven)"
#: The categorie of the question for the reader's own personal signals (a VPT incident's).
PERSOONLIJK = "persoonlijk"
#: The role, and the categorie of the question, for the signals of the incidents assigned to one.
VPT_CASEMANAGER = "vpt-casemanager"


class InzageGeweigerd(Exception):
    """The PDP did not allow the read; ``redenen`` say why (Dutch)."""

    def __init__(self, redenen: list[str]) -> None:
        super().__init__("; ".join(redenen))
        self.redenen = redenen


@dataclass(frozen=True)
class Lezer:
    """The signed-in reader, as the verified token says, and that token to forward."""

    user: str
    org: str
    roles: tuple[str, ...]
    token: str | None


def _vraag(lezer: Lezer, ontvanger: str | None) -> DecisionRequest:
    return DecisionRequest(
        subject=Subject(user=lezer.user, org=lezer.org, roles=list(lezer.roles)),
        action="read",
        resource=Resource(type=RESOURCE_TYPE, eigenaar=ontvanger),
        context=Context(doel=DOEL),
    )


def _weigering(decision: Decision) -> list[str] | None:
    """``None`` for an allow notify can apply, else why not."""
    if decision.allow is not True:
        return decision.reasons or [GEEN_REDEN]
    onbekend = sorted(set(decision.obligations) - BEKEND)
    if onbekend:
        return [
            f"geweigerd: het PDP stelde een voorwaarde die notify niet kan toepassen ({o})"
            for o in onbekend
        ]
    return None


async def toegestane_ontvanger(
    *, pdp: PolicyDecisionPoint, lezer: Lezer, ontvanger: str | None
) -> str | None:
    """The ontvanger filter the reader may use (``None``: every recipient); raises
    InzageGeweigerd with the PDP's reasons (for a default scope: those of the narrowest)."""
    filters = [ontvanger] if ontvanger is not None else [None, lezer.org]
    vragen = [_vraag(lezer, f) for f in filters]
    try:
        decisions = await pdp.decide_many(vragen, token=lezer.token)
    except Exception as exc:  # a PEP never lets an error become an allow
        raise InzageGeweigerd(
            [f"geweigerd: geen beslissing van het PDP ({type(exc).__name__})"]
        ) from exc
    if len(decisions) != len(vragen):
        raise InzageGeweigerd(
            [f"geweigerd: het PDP gaf {len(decisions)} beslissingen op {len(vragen)} vragen"]
        )
    redenen: list[str] = []
    for filter_, decision in zip(filters, decisions, strict=True):
        weigering = _weigering(decision)
        if weigering is None:
            _noteer(decision, filter_)
            return filter_
        redenen = weigering
    raise InzageGeweigerd(redenen)


def _noteer(decision: Decision, ontvanger: str | None) -> None:
    """``log-inzage``: note the read in notify's own log (codes and the decision id only)."""
    if LOG_INZAGE in decision.obligations:
        log.info(
            "inzage bezorgingen ontvanger=%s besluit=%s", ontvanger or "*", decision.decision_id
        )


async def bezorgingen_inzien(
    *,
    pdp: PolicyDecisionPoint,
    lezer: Lezer,
    uow_factory: UnitOfWorkFactory,
    ontvanger: str | None,
    bron_event_id: uuid.UUID | None,
    status: Status | None,
    limit: int,
) -> list[Bezorging]:
    """Bezorgingen with their attempts, after the PDP allowed this reader this filter."""
    filter_ = await toegestane_ontvanger(pdp=pdp, lezer=lezer, ontvanger=ontvanger)
    return await list_bezorgingen(
        uow_factory=uow_factory,
        bron_event_id=bron_event_id,
        ontvanger=filter_,
        status=status,
        limit=limit,
    )


async def signalen_inzien(
    *,
    pdp: PolicyDecisionPoint,
    lezer: Lezer,
    uow_factory: UnitOfWorkFactory,
    ontvanger: str | None,
    limit: int,
) -> list[Timer]:
    """The termijn signals sent (the UI's postvak), newest first, under the same decision as
    the bezorgingen they became: ZVH staff see all, a partner its own. Without an ``ontvanger``
    filter also the personal signals (a VPT incident's) that the PDP lets this reader see: those
    for the reader, and as VPT casemanager those of the incidents assigned to the reader. A
    personal signal never shows in an organisation's list."""
    if ontvanger is not None:
        filter_ = await toegestane_ontvanger(pdp=pdp, lezer=lezer, ontvanger=ontvanger)
        async with uow_factory() as uow:
            return await uow.timers.verstuurd(ontvanger=filter_, limit=limit)
    organisatie = True
    try:
        filter_ = await toegestane_ontvanger(pdp=pdp, lezer=lezer, ontvanger=None)
    except InzageGeweigerd as exc:
        organisatie, filter_, redenen = False, None, exc.redenen
    gebruiker, casemanager = await _persoonlijk(pdp, lezer)
    if not organisatie and gebruiker is None and casemanager is None:
        raise InzageGeweigerd(redenen)
    async with uow_factory() as uow:
        return await uow.timers.verstuurd(
            ontvanger=filter_,
            limit=limit,
            organisatie=organisatie,
            gebruiker=gebruiker,
            casemanager=casemanager,
        )


async def _persoonlijk(pdp: PolicyDecisionPoint, lezer: Lezer) -> tuple[str | None, str | None]:
    """Whose personal signals the PDP lets this reader see: (as the user they are for, as the
    casemanager of the incident); ``None`` where not (an error too)."""
    categorieen = [PERSOONLIJK]
    if VPT_CASEMANAGER in lezer.roles:
        categorieen.append(VPT_CASEMANAGER)
    vragen = [
        DecisionRequest(
            subject=Subject(user=lezer.user, org=lezer.org, roles=list(lezer.roles)),
            action="read",
            resource=Resource(type=RESOURCE_TYPE, item=lezer.user, categorie=c),
            context=Context(doel=DOEL),
        )
        for c in categorieen
    ]
    try:
        decisions = await pdp.decide_many(vragen, token=lezer.token)
    except Exception:  # a PEP never lets an error become an allow
        log.warning("inzage persoonlijke signalen: geen beslissing van het PDP")
        return None, None
    toegestaan = {
        c
        for c, d in zip(categorieen, decisions, strict=False)
        if _weigering(d) is None and len(decisions) == len(vragen)
    }
    return (
        lezer.user if PERSOONLIJK in toegestaan else None,
        lezer.user if VPT_CASEMANAGER in toegestaan else None,
    )
