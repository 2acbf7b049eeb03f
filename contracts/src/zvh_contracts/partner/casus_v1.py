"""ZVH → partner: the partner is invited as deelnemer of a new casus."""

from __future__ import annotations

import uuid
from datetime import datetime

from zvh_contracts.base import AveFase, Event, PartnerCode


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
