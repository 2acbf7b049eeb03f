"""Overleg's events on ``zvh.overleg.casus.v1``: the casus and its actielijst."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from zvh_contracts.base import Actietekst, AveFase, Event, PartnerCode
from zvh_contracts.vocab import Terugkoppelstatus


class CasusGeopend(Event):
    """The ZVH opened a casus for a triaged melding."""

    event_type = "zvh.overleg.casus.geopend.v1"
    summary = "A casus was opened with its deelnemers"

    casus_id: uuid.UUID
    melding_id: uuid.UUID
    melder: PartnerCode
    deelnemers: list[PartnerCode]
    ave_fase: AveFase | None = None
    client_geinformeerd: bool
    geopend_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class ActieToegewezen(Event):
    """An actie was put on the actielijst for a deelnemer (the actielijst is shared with all)."""

    event_type = "zvh.overleg.casus.actie-toegewezen.v1"
    summary = "An actie was added to a casus' actielijst"

    casus_id: uuid.UUID
    actie_id: uuid.UUID
    wat: Actietekst
    wie: PartnerCode
    wanneer: date
    toegewezen_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class ActieTeruggekoppeld(Event):
    """A partner reported on an actie; its toelichting stays in overleg."""

    event_type = "zvh.overleg.casus.actie-teruggekoppeld.v1"
    summary = "A deelnemer reported the status of an actie"

    casus_id: uuid.UUID
    actie_id: uuid.UUID
    door: PartnerCode
    status: Terugkoppelstatus
    teruggekoppeld_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)
