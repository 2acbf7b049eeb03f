"""Consent's events on ``zvh.consent.toestemming.v1``: the client's toestemming changed.

Ids and codes only: no pseudonym of the betrokkene (it identifies a person inside the chain), no
names, no document reference and no user id — who recorded it stays in the consent service.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from zvh_contracts.base import Code, Event, PartnerCode
from zvh_contracts.vocab import Categorie, ToestemmingStatus, ToestemmingWijze


class ToestemmingGewijzigd(Event):
    """A toestemming was recorded (gegeven or geweigerd) or withdrawn (ingetrokken).

    Every change carries the whole current state; the PDP already uses it for the next decision.
    """

    event_type = "zvh.consent.toestemming.gewijzigd.v1"
    summary = "A client's toestemming was given, refused or withdrawn"

    toestemming_id: uuid.UUID
    casus_id: uuid.UUID | None = Field(
        default=None, description="The casus it is limited to; absent: every casus"
    )
    doel: Code = Field(description="The purpose it covers, e.g. casusoverleg")
    ontvanger: Code | None = Field(
        default=None,
        description="The organisation code or role it covers; absent: every recipient",
    )
    categorie: Categorie | None = Field(
        default=None, description="The category it covers; absent: every category"
    )
    status: ToestemmingStatus
    wijze: ToestemmingWijze
    van: date
    tot: date | None = None
    vastgelegd_door_org: PartnerCode = Field(description="The organisation that recorded it")
    gewijzigd_op: datetime

    def subject(self) -> str:
        return str(self.toestemming_id)
