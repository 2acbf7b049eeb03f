"""Overleg's events on ``zvh.overleg.casus.v1``: the casus and its actielijst."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from zvh_contracts.base import KLASSE, Actietekst, AveFase, Event, Klasse, PartnerCode
from zvh_contracts.veiligheidssignaal import Veiligheidssignaal
from zvh_contracts.vocab import (
    Afsluitreden,
    Casemanagementmodel,
    FaseRichting,
    Terugkoppelstatus,
)


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
    herbeoordeling_op: date | None = Field(
        default=None, description="When to check again whether the cliënt is informed"
    )
    casemanagementmodel: Casemanagementmodel | None = None

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
    veiligheidssignalen: list[Veiligheidssignaal] = Field(
        default_factory=list,
        description=(
            "The casus' active veiligheidssignalen for the professionals who go on a visit "
            "(codes and dates only, never what happened); absent or empty: none"
        ),
    )

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
    overleg_id: uuid.UUID | None = Field(
        default=None, description="Set when the status was recorded during an overleg"
    )

    def subject(self) -> str:
        return str(self.casus_id)


class ActieGewijzigd(Event):
    """An actie was re-dated, reassigned, withdrawn or put on a wachtlijst."""

    event_type = "zvh.overleg.casus.actie-gewijzigd.v1"
    summary = "An actie on the actielijst changed"

    casus_id: uuid.UUID
    actie_id: uuid.UUID
    wat: Actietekst
    wie: PartnerCode
    vorige_wie: PartnerCode | None = Field(default=None, description="Set when reassigned")
    wanneer: date
    ingetrokken: bool = False
    wachtlijst: bool = False
    gewijzigd_op: datetime
    veiligheidssignalen: list[Veiligheidssignaal] = Field(
        default_factory=list,
        description=(
            "The casus' active veiligheidssignalen for the professionals who go on a visit "
            "(codes and dates only, never what happened); absent or empty: none"
        ),
    )

    def subject(self) -> str:
        return str(self.casus_id)


class FaseGewijzigd(Event):
    """The casus moved up or down the AVE regiekaart; the reason stays in overleg."""

    event_type = "zvh.overleg.casus.fase-gewijzigd.v1"
    summary = "A casus was op- or afgeschaald"

    casus_id: uuid.UUID
    van: AveFase | None = None
    naar: AveFase
    richting: FaseRichting
    gewijzigd_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class DeelnemerToegevoegd(Event):
    """A partner joined a running casus."""

    event_type = "zvh.overleg.casus.deelnemer-toegevoegd.v1"
    summary = "A deelnemer was added to a casus"

    casus_id: uuid.UUID
    partner: PartnerCode
    deelnemers: list[PartnerCode]
    ave_fase: AveFase | None = None
    toegevoegd_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class DeelnemerVerwijderd(Event):
    """A partner no longer takes part in a casus; the reason stays in overleg."""

    event_type = "zvh.overleg.casus.deelnemer-verwijderd.v1"
    summary = "A deelnemer was removed from a casus"

    casus_id: uuid.UUID
    partner: PartnerCode
    verwijderd_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class CasusAfgesloten(Event):
    """The casus was closed."""

    event_type = "zvh.overleg.casus.afgesloten.v1"
    summary = "A casus was closed"

    casus_id: uuid.UUID
    reden: Afsluitreden
    afgesloten_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class TermijnGeregistreerd(Event):
    """The regie recorded an event that meets a termijn of the casus (eerste contact gelegd, hulp
    gestart, eerste hulp beëindigd): notify stops the reminders for it. Codes and a date only; who
    recorded it stays in overleg."""

    event_type = "zvh.overleg.casus.termijn-geregistreerd.v1"
    summary = "An event meeting a termijn of the casus was recorded (a code and its date)"

    casus_id: uuid.UUID
    gebeurtenis: str = Field(
        pattern=r"^[a-z][a-z0-9-]{1,62}$",
        description=(
            "What happened, as the termijn's `behaald_door`: `eerste-contact-geregistreerd`, "
            "`hulp-gestart-geregistreerd` or `eerste-hulp-beeindigd`"
        ),
        json_schema_extra={KLASSE: Klasse.CODE.value},
    )
    op: date = Field(description="The day it happened")
    geregistreerd_op: datetime
    casemanagementmodel: Casemanagementmodel | None = Field(
        default=None, description="The casus' model now (eerste hulp applies to some models)"
    )

    def subject(self) -> str:
        return str(self.casus_id)


class ClientGeinformeerdGewijzigd(Event):
    """The regie changed whether the cliënt is informed, or the date to check it again."""

    event_type = "zvh.overleg.casus.client-geinformeerd-gewijzigd.v1"
    summary = "Whether the cliënt is informed, or its herbeoordeling date, changed"

    casus_id: uuid.UUID
    client_geinformeerd: bool
    herbeoordeling_op: date | None = None
    gewijzigd_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)


class CasusHeropend(Event):
    """A closed casus was reopened, or a running one took in a new melding."""

    event_type = "zvh.overleg.casus.heropend.v1"
    summary = "A casus was reopened or took in a new melding about the same person"

    casus_id: uuid.UUID
    melding_id: uuid.UUID = Field(description="The new melding that led to it")
    was_afgesloten: bool
    heropend_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)
