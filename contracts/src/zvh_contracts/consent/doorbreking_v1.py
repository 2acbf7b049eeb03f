"""Consent's events on ``zvh.consent.doorbreking.v1``: someone broke the glass.

Consent records the doorbreking; notify tells the eigenaar (the partner event
``zvh.partner.doorbreking.gemeld.v1`` on its from-zvh topic, and an e-mail), because notify is the
one service that delivers to partners. Ids and codes only: the typed reason and the user stay in
the consent service, where the FG reviews them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from zvh_contracts.base import Event, PartnerCode, Referentie
from zvh_contracts.vocab import DoorbrekingType


class DoorbrekingGemeld(Event):
    """A professional of ``door_org`` may read ``eigenaar``'s items without toestemming or
    convenant basis until ``tot``, on the ground ``type``; the eigenaar is to be told at once."""

    event_type = "zvh.consent.doorbreking.gemeld.v1"
    summary = "A professional broke the glass on a partner's information"

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
