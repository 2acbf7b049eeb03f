"""The eigenaar's controls over its informatie-items: restrict, lift a restriction, withdraw.

Who may is the PDP's question (action ``write``, resource type ``informatie-item``, doel
``eigenaarsbeheer``), asked with the user's token; intake keeps no rule of its own. The new state
travels with every later question about the item (``beperkt_tot``, ``ingetrokken``), so the
policy decides who still reads it; a withdrawn item stays in the eigenaar's own view.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from zvh_contracts.pdp import Context, DecisionRequest, Subject

from zvh_intake.application.pep import beslissing
from zvh_intake.application.ports import Clock, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_intake.application.queries import item_resource
from zvh_intake.domain.errors import (
    ActieGeweigerd,
    BeheerOngeldig,
    ItemNietGevonden,
    MeldingNietGevonden,
)
from zvh_intake.domain.informatie import InformatieItem

#: The resource type and doel of an eigenaar's control.
INFORMATIE_ITEM = "informatie-item"
EIGENAARSBEHEER = "eigenaarsbeheer"


class Handeling(enum.StrEnum):
    """What the eigenaar does with an item."""

    BEPERKEN = "beperken"
    BEPERKING_OPHEFFEN = "beperking-opheffen"
    INTREKKEN = "intrekken"


@dataclass(frozen=True)
class BeheerItem:
    """Command: the eigenaar restricts, frees or withdraws one of its informatie-items."""

    melding_id: uuid.UUID
    item_id: uuid.UUID
    handeling: Handeling
    door: str
    beperkt_tot: tuple[str, ...] = ()


def beheer_verzoek(item: InformatieItem, *, subject: Subject) -> DecisionRequest:
    """The PDP question: may this user change this item's sharing?"""
    return DecisionRequest(
        subject=subject,
        action="write",
        resource=item_resource(item, type=INFORMATIE_ITEM),
        context=Context(doel=EIGENAARSBEHEER),
    )


async def _item(uow_factory: UnitOfWorkFactory, cmd: BeheerItem) -> InformatieItem:
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(cmd.melding_id)
    if melding is None:
        raise MeldingNietGevonden(f"melding {cmd.melding_id} bestaat niet")
    item = melding.item(cmd.item_id)
    if item is None:
        raise ItemNietGevonden(f"informatie-item {cmd.item_id} hoort niet bij deze melding")
    return item


async def beheer_item(
    cmd: BeheerItem,
    *,
    subject: Subject,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    partners: frozenset[str],
) -> InformatieItem:
    """Apply the eigenaar's control after the PDP allowed it; returns the item as stored."""
    item = await _item(uow_factory, cmd)
    await beslissing(
        beheer_verzoek(item, subject=subject), token=token, pdp=pdp, fout=ActieGeweigerd
    )
    onbekend = [code for code in cmd.beperkt_tot if code not in partners]
    if onbekend:
        raise BeheerOngeldig(f"geen partner van dit ZVH: {', '.join(sorted(onbekend))}")
    nu = clock.now()
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(cmd.melding_id)
        actueel = melding.item(cmd.item_id) if melding is not None else None
        if actueel is None:
            raise ItemNietGevonden(f"informatie-item {cmd.item_id} bestaat niet meer")
        if cmd.handeling is Handeling.BEPERKEN:
            nieuw = actueel.beperk(cmd.beperkt_tot, door=cmd.door, op=nu)
        elif cmd.handeling is Handeling.BEPERKING_OPHEFFEN:
            nieuw = actueel.hef_beperking_op(door=cmd.door, op=nu)
        else:
            nieuw = actueel.trek_in(door=cmd.door, op=nu)
        await uow.meldingen.save_item(nieuw)
        await uow.commit()
    return nieuw
