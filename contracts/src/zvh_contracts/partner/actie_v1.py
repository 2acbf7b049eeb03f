"""Partner ↔ ZVH: an actie handed to a partner and the partner's terugkoppeling on it."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from zvh_contracts.base import Actietekst, Event, Inhoud, PartnerCode
from zvh_contracts.veiligheidssignaal import Veiligheidssignaal
from zvh_contracts.vocab import Categorie, Terugkoppelstatus


class ActieToegewezen(Event):
    """An actie for the partner: what, who, by when, and which casus. Nothing else."""

    event_type = "zvh.partner.actie.toegewezen.v1"
    summary = "The ZVH hands an actie from the actielijst to a partner"

    actie_id: uuid.UUID
    casus_id: uuid.UUID = Field(description="The casus reference")
    wat: Actietekst
    wie: PartnerCode
    wanneer: date
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
    """A partner reports the status of an actie it was given."""

    event_type = "zvh.partner.actie.teruggekoppeld.v1"
    summary = "A partner reports progress on an actie"

    actie_id: uuid.UUID
    casus_id: uuid.UUID
    status: Terugkoppelstatus
    toelichting: Inhoud | None = Field(
        default=None, description="Optional explanation; stays with the ZVH, owned by the partner"
    )
    categorie: Categorie | None = Field(
        default=None,
        description=(
            "What kind of information the toelichting is (the policy weighs it per recipient); "
            "absent: algemeen"
        ),
    )

    def subject(self) -> str:
        return str(self.casus_id)


class ActieGewijzigd(Event):
    """An actie of yours changed: new date, new text, withdrawn, or moved to another partner.

    When an actie is reassigned, the old partner gets this with ``ingetrokken`` true and the new
    one gets ``zvh.partner.actie.toegewezen.v1``.
    """

    event_type = "zvh.partner.actie.gewijzigd.v1"
    summary = "An actie handed to the partner changed or was withdrawn"

    actie_id: uuid.UUID
    casus_id: uuid.UUID
    wat: Actietekst
    wie: PartnerCode
    wanneer: date
    ingetrokken: bool = False
    wachtlijst: bool = Field(default=False, description="The actie waits on a wachtlijst")
    veiligheidssignalen: list[Veiligheidssignaal] = Field(
        default_factory=list,
        description=(
            "The casus' active veiligheidssignalen for the professionals who go on a visit "
            "(codes and dates only, never what happened); absent or empty: none"
        ),
    )

    def subject(self) -> str:
        return str(self.casus_id)
