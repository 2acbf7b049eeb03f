"""Intake's meldpunt events on ``zvh.intake.melding.v1``: ids, codes, dates and pseudonyms only.

The report itself (where, what, the employee's name, the toelichting) stays in intake with the
partner as eigenaar; these events tell overleg (the VPT dossier) and notify (the leidinggevende,
the nazorg termijnen, the piket) that there is one, and who may read it.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from zvh_contracts.base import Event, PartnerCode, Pseudoniem, Referentie


class VptNazorgContact(enum.StrEnum):
    """The three nazorg contacts after an incident (1 werkdag, 1 week, 4-6 weeks)."""

    EERSTE = "eerste"
    EEN_WEEK = "een-week"
    ZES_WEKEN = "zes-weken"


class VptNazorgTermijn(BaseModel):
    """One nazorg contact and the day it is due at the latest."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    contact: VptNazorgContact
    uiterlijk: date


class VptIncidentGeregistreerd(Event):
    """Intake registered a reported incident (meldpunt agressie en geweld) and assigned it."""

    event_type = "zvh.intake.vpt-incident.geregistreerd.v1"
    summary = "Intake registered a VPT incident and assigned a casemanager"

    incident_id: uuid.UUID
    organisatie: PartnerCode = Field(description="The employer: eigenaar of the report")
    gemeld_op: datetime
    urgent: bool = False
    melder: Referentie | None = Field(
        default=None, description="User id of the reporting user; absent for a partner system"
    )
    leidinggevende: Referentie | None = Field(
        default=None, description="User id of the employee's leidinggevende, when known"
    )
    casemanager: Referentie = Field(description="User id of the assigned VPT casemanager")
    casus_id: uuid.UUID | None = None
    client_pseudoniem: Pseudoniem | None = Field(
        default=None, description="Keyed pseudonym of the client involved, if any"
    )
    nazorg: list[VptNazorgTermijn] = Field(
        default_factory=list, description="The nazorg contacts and their uiterlijk dates"
    )

    def subject(self) -> str:
        return str(self.incident_id)


class VptNazorgGeregistreerd(Event):
    """A nazorg contact after an incident was registered as done."""

    event_type = "zvh.intake.vpt-nazorg.geregistreerd.v1"
    summary = "A nazorg contact for a VPT incident was done"

    incident_id: uuid.UUID
    organisatie: PartnerCode
    contact: VptNazorgContact
    op: date
    door: Referentie = Field(description="User id of who registered it")

    def subject(self) -> str:
        return str(self.incident_id)


__all__ = [
    "VptIncidentGeregistreerd",
    "VptNazorgContact",
    "VptNazorgGeregistreerd",
    "VptNazorgTermijn",
]
