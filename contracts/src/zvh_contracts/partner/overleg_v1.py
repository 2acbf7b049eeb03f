"""ZVH ↔ partner: invitations to an overleg, the partner's answer, and the verslag.

A partner only ever hears about the casussen it takes part in. Calendar systems can use
``ical_uid`` and ``sequence`` as iCalendar UID and SEQUENCE: a change keeps the UID and raises
the SEQUENCE. The same data also reaches the partner by e-mail with an ``.ics`` attachment.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from zvh_contracts.base import Event, IcalUid, Inhoud, Link, Locatie, PartnerCode
from zvh_contracts.overleg.overleg_v1 import VerslagCasus
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort


class _Uitnodiging(Event):
    overleg_id: uuid.UUID
    ical_uid: IcalUid
    sequence: int = Field(ge=0, description="iCalendar SEQUENCE: higher on every change")
    soort: OverlegSoort
    start: datetime = Field(description="Start, with offset (Europe/Amsterdam)")
    eind: datetime
    locatie: Locatie
    casus_ids: list[uuid.UUID] = Field(description="Your casussen on the agenda, in order")

    def subject(self) -> str:
        return str(self.overleg_id)


class OverlegUitgenodigd(_Uitnodiging):
    """You are invited to an overleg. Answer with ``zvh.partner.overleg.beantwoord.v1``."""

    event_type = "zvh.partner.overleg.uitgenodigd.v1"
    summary = "The ZVH invites the partner to an overleg"


class OverlegGewijzigd(_Uitnodiging):
    """An overleg you are invited to changed (time, place or your casussen on the agenda)."""

    event_type = "zvh.partner.overleg.gewijzigd.v1"
    summary = "An overleg the partner is invited to changed"


class OverlegGeannuleerd(Event):
    """An overleg you were invited to will not take place (for you)."""

    event_type = "zvh.partner.overleg.geannuleerd.v1"
    summary = "An overleg the partner was invited to is cancelled"

    overleg_id: uuid.UUID
    ical_uid: IcalUid
    sequence: int = Field(ge=0)
    start: datetime

    def subject(self) -> str:
        return str(self.overleg_id)


class OverlegBeantwoord(Event):
    """Your answer to an invitation: you come or you do not, optionally with a reason."""

    event_type = "zvh.partner.overleg.beantwoord.v1"
    summary = "A partner accepts or declines an invitation"

    overleg_id: uuid.UUID
    antwoord: OverlegAntwoord
    reden: Inhoud | None = Field(
        default=None, description="Why you do not come; stays with the ZVH, owned by you"
    )

    def subject(self) -> str:
        return str(self.overleg_id)


class OverlegVerslag(Event):
    """The verslag of an overleg: your casussen's actielijst, attendance, next dates.

    Bouwschema content is never in this message: read your own part in the verslag at
    ``verslag_url`` (sign-in required).
    """

    event_type = "zvh.partner.overleg.verslag.v1"
    summary = "The verslag of an overleg, for one deelnemer"

    overleg_id: uuid.UUID
    soort: OverlegSoort
    datum: date
    aanwezig: list[PartnerCode] = Field(description="Partners that attended")
    casussen: list[VerslagCasus]
    verslag_url: Link | None = None

    def subject(self) -> str:
        return str(self.overleg_id)
