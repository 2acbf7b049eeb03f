"""Partner ↔ ZVH: reporting an incident of aggression against an employee (meldpunt agressie en
geweld, VPT) and the receipt (or rejection) that answers it.

The report is the employee's and the employer's information: it travels only on the partner's own
to-zvh and from-zvh topics. Intake stores it with the partner as eigenaar; only the melder, the
org's leidinggevende and the assigned VPT casemanager read it (PDP, resource ``vpt-incident``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from pydantic import Field, field_validator, model_validator

from zvh_contracts.base import Bsn, Event, Inhoud, Naam, Referentie
from zvh_contracts.partner.melding_v1 import Afwijzingsreden, OntvangstStatus, elfproef


class VptIncidentSoort(enum.StrEnum):
    """The kind of aggression or violence (more than one may apply)."""

    VERBAAL = "verbaal"
    BEDREIGING = "bedreiging"
    FYSIEK = "fysiek"
    INTIMIDATIE_ONLINE = "intimidatie-online"
    SCHADE_AAN_EIGENDOM = "schade-aan-eigendom"


class VptIncidentGemeld(Event):
    """A partner (its system) reports an incident against one of its employees."""

    event_type = "zvh.partner.vpt-incident.gemeld.v1"
    summary = "A partner reports an incident of aggression or violence against an employee"

    referentie: Referentie = Field(description="The partner's own reference for this report")
    gebeurd_op: datetime = Field(description="When it happened (with offset)")
    plaats: Inhoud = Field(max_length=300, description="Where it happened, in short")
    soorten: list[VptIncidentSoort] = Field(min_length=1, max_length=5)
    politie_ter_plaatse: bool = Field(description="Whether the police came")
    impact: int = Field(ge=1, le=5, description="The employee's own rating: 1 little, 5 severe")
    toelichting: Inhoud | None = Field(default=None, description="What happened, optional")
    medewerker: Naam = Field(description="The employee: name or the partner's user id")
    leidinggevende: Referentie | None = Field(
        default=None, description="User id of the employee's leidinggevende, when known"
    )
    urgent: bool = Field(default=False, description="The partner's piket must act at once")
    casus_id: uuid.UUID | None = Field(default=None, description="The ZVH casus involved, if any")
    client_bsn: Bsn | None = Field(
        default=None, description="BSN of the client involved; pseudonymised on receipt"
    )

    @field_validator("soorten")
    @classmethod
    def _elke_soort_eenmaal(cls, v: list[VptIncidentSoort]) -> list[VptIncidentSoort]:
        if len(set(v)) != len(v):
            raise ValueError("elke soort mag maar één keer voorkomen")
        return v

    @field_validator("client_bsn")
    @classmethod
    def _bsn_elfproef(cls, v: str | None) -> str | None:
        if v is not None and not elfproef(v):
            raise ValueError("BSN voldoet niet aan de elfproef")
        return v

    def subject(self) -> str:
        return self.referentie


class VptIncidentOntvangen(Event):
    """The ZVH's receipt for a reported incident, or its rejection with readable reasons."""

    event_type = "zvh.partner.vpt-incident.ontvangen.v1"
    summary = "Receipt or rejection of a reported incident"

    status: OntvangstStatus
    in_antwoord_op: uuid.UUID | None = Field(
        default=None, description="ce_id of the submitted message, when it had one"
    )
    referentie: Referentie | None = Field(
        default=None, description="The partner's own reference, when it could be read"
    )
    incident_id: uuid.UUID | None = Field(default=None, description="Set when ontvangen")
    redenen: list[Afwijzingsreden] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> VptIncidentOntvangen:
        if self.status is OntvangstStatus.ONTVANGEN and self.incident_id is None:
            raise ValueError("incident_id is required when status is ontvangen")
        if self.status is OntvangstStatus.AFGEWEZEN and not self.redenen:
            raise ValueError("a rejection needs at least one reden")
        return self

    def subject(self) -> str:
        return str(self.incident_id or self.in_antwoord_op or self.referentie or "onbekend")


__all__ = ["VptIncidentGemeld", "VptIncidentOntvangen", "VptIncidentSoort"]
