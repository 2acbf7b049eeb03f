"""ZVH → partner: an incident of one of the partner's employees is registered at the ZVH's
meldpunt agressie en geweld, and its leidinggevende has been told.

Notify publishes it on the partner's own from-zvh topic as soon as intake registered the incident
(``zvh.intake.vpt-incident.geregistreerd.v1``), with the e-mail and postvak signal to the
leidinggevende. Ids, a signal code and the day the first nazorg contact is due only: what happened
is read in ZVH keten by the employee, the leidinggevende and the assigned VPT casemanager.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from pydantic import Field

from zvh_contracts.base import Event


class VptSignaal(enum.StrEnum):
    """What the partner is told about the incident."""

    #: Registered; the leidinggevende is told and the nazorg termijnen run.
    GEMELD = "gemeld"
    #: Registered as urgent: the partner's piket is called in as well.
    URGENT = "urgent"


class VptIncidentGemeldBijZvh(Event):
    """An incident of an employee of the partner is registered at the ZVH's meldpunt; the first
    nazorg contact is due on ``uiterlijk`` (one werkdag after the report)."""

    event_type = "zvh.partner.vpt-incident.gemeld-bij-zvh.v1"
    summary = "An incident of one of the partner's employees is registered at the ZVH meldpunt"

    incident_id: uuid.UUID = Field(description="The incident's id at the ZVH (intake)")
    signaal: VptSignaal
    uiterlijk: date | None = Field(
        default=None, description="The last day of the first nazorg contact"
    )

    def subject(self) -> str:
        return str(self.incident_id)
