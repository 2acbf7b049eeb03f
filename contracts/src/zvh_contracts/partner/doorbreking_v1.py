"""ZVH → partner: someone broke the glass on the partner's information ("doorbreking").

The eigenaar is told at once, on its own from-zvh topic and by e-mail: consent records the
doorbreking and publishes ``zvh.consent.doorbreking.gemeld.v1``, notify delivers this. Ids and
codes only: the typed reason and the user stay in the consent service, where the FG reviews them
(the eigenaar can ask the ZVH's FG).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from zvh_contracts.base import Event, PartnerCode, Referentie
from zvh_contracts.vocab import DoorbrekingType


class DoorbrekingGemeld(Event):
    """A professional of ``door_org`` may read the partner's items without toestemming or
    convenant basis until ``tot``, on the ground ``type`` (vitaal belang, conflict van plichten,
    meldcode)."""

    event_type = "zvh.partner.doorbreking.gemeld.v1"
    summary = "Someone broke the glass on the partner's information"

    doorbreking_id: uuid.UUID
    type: DoorbrekingType
    casus_id: uuid.UUID | None = Field(default=None, description="The casus it covers")
    item: Referentie | None = Field(
        default=None, description="The one informatie-item it covers; absent: the whole casus"
    )
    eigenaar: PartnerCode = Field(description="The partner whose information is opened")
    door_org: PartnerCode = Field(description="The organisation of the professional")
    van: datetime
    tot: datetime

    def subject(self) -> str:
        return str(self.doorbreking_id)
