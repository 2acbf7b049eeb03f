"""Intake's events on ``zvh.intake.melding.v1``: ids, codes and pseudonyms only."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from zvh_contracts.base import AveFase, Event, Gemeentecode, PartnerCode, Pseudoniem, Referentie
from zvh_contracts.vocab import Casemanagementmodel, Leefgebied, TriageUitkomst, Urgentie


class MeldingOntvangen(Event):
    """Intake accepted a melding and stored its content under the melder as eigenaar."""

    event_type = "zvh.intake.melding.ontvangen.v1"
    summary = "Intake stored a new melding, awaiting triage"

    melding_id: uuid.UUID
    melder: PartnerCode
    melder_referentie: Referentie
    urgentie: Urgentie
    leefgebieden: list[Leefgebied]
    betrokkene_pseudoniemen: list[Pseudoniem] = Field(
        description="Keyed pseudonyms of the betrokkenen, to recognise returning persons"
    )
    ontvangen_op: datetime
    triage_uiterlijk: date = Field(description="Deadline for the triage decision")

    def subject(self) -> str:
        return str(self.melding_id)


class MeldingGetrieerd(Event):
    """The procesregisseur decided what happens with a melding."""

    event_type = "zvh.intake.melding.getrieerd.v1"
    summary = "A melding was triaged: casus, advies or terugverwezen"

    melding_id: uuid.UUID
    melder: PartnerCode
    uitkomst: TriageUitkomst
    ave_fase: AveFase | None = None
    client_geinformeerd: bool
    herbeoordeling_op: date | None = Field(
        default=None, description="When not informing the client is to be re-checked"
    )
    uit_te_nodigen_partners: list[PartnerCode] = Field(default_factory=list)
    getrieerd_door: Referentie = Field(description="User id of the procesregisseur")
    getrieerd_op: datetime
    bestaande_casus_id: uuid.UUID | None = Field(
        default=None,
        description="Casus to reopen or add this melding to, instead of opening a new one",
    )
    betrokkene_pseudoniemen: list[Pseudoniem] = Field(
        default_factory=list,
        description=(
            "Keyed pseudonyms of the melding's betrokkenen, the client's first; toestemmingen "
            "and PDP questions about the casus refer to these"
        ),
    )
    casemanagementmodel: Casemanagementmodel | None = Field(
        default=None,
        description=(
            "Only with uitkomst casus: the casemanagement model chosen at triage; a new casus "
            "without one is makelaar, an existing casus keeps its model"
        ),
    )
    gemeente: Gemeentecode | None = Field(
        default=None,
        description="CBS code of the gemeente the melding concerns, as the melder gave it",
    )

    def subject(self) -> str:
        return str(self.melding_id)
