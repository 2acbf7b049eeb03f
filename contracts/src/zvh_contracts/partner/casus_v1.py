"""ZVH → partner: the partner is invited as deelnemer of a new casus; the melder hears it closed."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from zvh_contracts.base import AveFase, Event, PartnerCode
from zvh_contracts.vocab import Afsluitreden


class CasusGeopend(Event):
    """The ZVH opened a casus with this partner as deelnemer. Ids and codes only."""

    event_type = "zvh.partner.casus.geopend.v1"
    summary = "The partner is deelnemer of a newly opened casus"

    casus_id: uuid.UUID
    deelnemers: list[PartnerCode]
    ave_fase: AveFase | None = None
    geopend_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class CasusAfgesloten(Event):
    """The terugmelding at closing: the casus that the melder's melding(en) led to is closed.

    Sent only to a melder of the casus, on its own from-zvh topic, naming that melder's meldingen
    only. The afsluitreden is a code; the procesregisseur's toelichting stays in the ZVH.
    """

    event_type = "zvh.partner.casus.afgesloten.v1"
    summary = "The casus that the melder's melding led to was closed, with the reason (a code)"

    casus_id: uuid.UUID
    melding_ids: list[uuid.UUID] = Field(
        min_length=1, description="The melder's own meldingen in this casus (intake's ids)"
    )
    afsluitreden: Afsluitreden
    afgesloten_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)
