"""The answer to a partner's terugkoppeling or antwoord: ``zvh.partner.bericht.ontvangen.v1``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from zvh_contracts import topics
from zvh_contracts.afwijzing import Reden
from zvh_contracts.envelope import derived_id
from zvh_contracts.partner.bericht_v1 import BerichtOntvangen
from zvh_contracts.partner.melding_v1 import Afwijzingsreden, OntvangstStatus

from zvh_overleg.application.ports import UnitOfWork

SOURCE = "zvh-overleg"


@dataclass(frozen=True)
class Ontvangst:
    """Whom to answer about which message: the partner (from the topic), its ce_id and type."""

    partner: str
    ce_id: uuid.UUID | None
    berichttype: str
    #: The inbox key of the message (partner + ce_id); the answers' ids derive from it.
    event_id: uuid.UUID


async def bevestig(tx: UnitOfWork, ontvangst: Ontvangst) -> None:
    """Queue the receipt in the transaction that took the message in."""
    await tx.publish(
        BerichtOntvangen(
            status=OntvangstStatus.ONTVANGEN,
            in_antwoord_op=ontvangst.ce_id,
            berichttype=ontvangst.berichttype[:1000],
        ),
        topic=topics.partner_from_zvh(ontvangst.partner),
        event_id=derived_id(SOURCE, "bericht-ontvangen", ontvangst.event_id),
    )


async def wijs_af(tx: UnitOfWork, ontvangst: Ontvangst, redenen: list[Reden]) -> None:
    """Queue the rejection, naming the reasons in Dutch."""
    await tx.publish(
        BerichtOntvangen(
            status=OntvangstStatus.AFGEWEZEN,
            in_antwoord_op=ontvangst.ce_id,
            berichttype=ontvangst.berichttype[:1000],
            redenen=[
                Afwijzingsreden(veld=r.veld[:1000], melding=r.melding[:1000]) for r in redenen
            ],
        ),
        topic=topics.partner_from_zvh(ontvangst.partner),
        event_id=derived_id(SOURCE, "bericht-afgewezen", ontvangst.event_id),
    )
