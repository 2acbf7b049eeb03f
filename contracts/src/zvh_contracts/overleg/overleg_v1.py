"""Overleg's events on ``zvh.overleg.overleg.v1``: a casusoverleg planned, changed, held.

Ids, codes, dates, the meeting's place and the actielijst only: what was said at the table stays
in the overleg service (seed 002: no information about the casus is sent around).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from zvh_contracts.base import Actietekst, Event, Locatie, PartnerCode, Referentie
from zvh_contracts.vocab import Actiestatus, OverlegAntwoord, OverlegSoort


class Genodigde(BaseModel):
    """One invited partner and the casussen on the agenda that it takes part in."""

    model_config = ConfigDict(frozen=True)

    partner: PartnerCode
    casus_ids: list[uuid.UUID] = Field(description="Agenda order; only this partner's casussen")


class _Planning(Event):
    overleg_id: uuid.UUID
    soort: OverlegSoort
    start: datetime = Field(description="Start, with offset (Europe/Amsterdam)")
    eind: datetime
    locatie: Locatie
    voorzitter: Referentie = Field(description="User id of the voorzitter")
    agenda: list[uuid.UUID] = Field(description="The casussen to discuss, in order")
    genodigden: list[Genodigde]
    sequence: int = Field(ge=0, description="iCalendar SEQUENCE: higher on every change")

    def subject(self) -> str:
        return str(self.overleg_id)


class OverlegGepland(_Planning):
    """The procesregisseur planned an overleg and invited the deelnemers."""

    event_type = "zvh.overleg.overleg.gepland.v1"
    summary = "An overleg was planned; every genodigde is invited"


class OverlegGewijzigd(_Planning):
    """Time, place or agenda of a planned overleg changed."""

    event_type = "zvh.overleg.overleg.gewijzigd.v1"
    summary = "A planned overleg changed; genodigden get an update"

    afgemeld: list[PartnerCode] = Field(
        default_factory=list, description="Partners no longer invited after this change"
    )


class OverlegGeannuleerd(Event):
    """A planned overleg will not take place."""

    event_type = "zvh.overleg.overleg.geannuleerd.v1"
    summary = "A planned overleg was cancelled"

    overleg_id: uuid.UUID
    start: datetime
    genodigden: list[PartnerCode]
    sequence: int = Field(ge=0)
    geannuleerd_op: datetime

    def subject(self) -> str:
        return str(self.overleg_id)


class OverlegBeantwoord(Event):
    """A partner said whether it comes; its reason stays in overleg."""

    event_type = "zvh.overleg.overleg.beantwoord.v1"
    summary = "A genodigde accepted or declined an invitation"

    overleg_id: uuid.UUID
    partner: PartnerCode
    antwoord: OverlegAntwoord
    beantwoord_op: datetime

    def subject(self) -> str:
        return str(self.overleg_id)


class Actieregel(BaseModel):
    """One line of the actielijst as it stands in a verslag."""

    model_config = ConfigDict(frozen=True)

    actie_id: uuid.UUID
    wat: Actietekst
    wie: PartnerCode
    wanneer: date
    status: Actiestatus


class VerslagCasus(BaseModel):
    """One casus in a verslag: who takes part, the actielijst and when the casus comes back."""

    model_config = ConfigDict(frozen=True)

    casus_id: uuid.UUID
    deelnemers: list[PartnerCode]
    acties: list[Actieregel]
    volgend_overleg: date | None = None


class VerslagVastgesteld(Event):
    """The procesregisseur finalised the verslag; notify sends each deelnemer its own part."""

    event_type = "zvh.overleg.overleg.verslag-vastgesteld.v1"
    summary = "The verslag of an overleg was finalised"

    overleg_id: uuid.UUID
    soort: OverlegSoort
    start: datetime
    aanwezig: list[PartnerCode]
    afwezig: list[PartnerCode] = Field(default_factory=list)
    casussen: list[VerslagCasus]
    vastgesteld_op: datetime

    def subject(self) -> str:
        return str(self.overleg_id)
