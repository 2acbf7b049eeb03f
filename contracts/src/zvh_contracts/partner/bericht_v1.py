"""ZVH → partner: receipt or rejection of a partner message other than a melding.

Every ``zvh.partner.actie.teruggekoppeld.v1`` and ``zvh.partner.overleg.beantwoord.v1`` you send
is answered with this event, naming your ``ce_id``: ``ontvangen`` when the ZVH took it in,
``afgewezen`` with readable reasons when it could not. (A melding is answered with
``zvh.partner.melding.ontvangen.v1``.)
"""

from __future__ import annotations

import uuid

from pydantic import Field, model_validator

from zvh_contracts.base import Event
from zvh_contracts.partner.melding_v1 import Afwijzingsreden, OntvangstStatus, Systeemtekst


class BerichtOntvangen(Event):
    """The ZVH's receipt for a partner message, or its rejection with the reasons."""

    event_type = "zvh.partner.bericht.ontvangen.v1"
    summary = "Receipt or rejection of a partner's terugkoppeling or answer"

    status: OntvangstStatus
    in_antwoord_op: uuid.UUID | None = Field(
        default=None, description="ce_id of your message, when it was readable"
    )
    berichttype: Systeemtekst = Field(description="ce_type of your message ('' when unreadable)")
    redenen: list[Afwijzingsreden] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> BerichtOntvangen:
        if self.status is OntvangstStatus.AFGEWEZEN and not self.redenen:
            raise ValueError("a rejection needs at least one reden")
        return self

    def subject(self) -> str:
        return str(self.in_antwoord_op or "onbekend")


__all__ = ["BerichtOntvangen"]
