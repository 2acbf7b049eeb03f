"""Termijnen met by their event (issue 9, part 2): what is recorded, and where a termijn stands.

A termijn of a casus is met by the event that ends it (``Termijn.behaald_door``): eerste contact
and hulp gestart are recorded on the casus page with the day they happened; eerste hulp ends on a
recorded day; the verslag of an overleg is met when it is finalised, an actie when its partner
reports back with a final result. :func:`stand_van` turns a deadline and the day it was met (or
not) into the status the casus page, the dashboard and the reports show. Pure: no I/O.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from zvh_platform.termijnen import Termijn

from zvh_overleg.domain.errors import CasusOngeldig


class Gebeurtenis(enum.StrEnum):
    """What staff record on a casus to meet a termijn (the ``behaald_door`` of its termijn)."""

    EERSTE_CONTACT = "eerste-contact-geregistreerd"
    HULP_GESTART = "hulp-gestart-geregistreerd"
    EERSTE_HULP_BEEINDIGD = "eerste-hulp-beeindigd"


#: How the page and the timeline say it ("… op 5 maart 2030").
GEBEURTENIS_NAMEN: dict[Gebeurtenis, str] = {
    Gebeurtenis.EERSTE_CONTACT: "Eerste contact met de cliënt gelegd",
    Gebeurtenis.HULP_GESTART: "Hulp gestart",
    Gebeurtenis.EERSTE_HULP_BEEINDIGD: "Eerste hulp beëindigd",
}


@dataclass(frozen=True)
class TermijnRegistratie:
    """One recorded event: the day it happened (``op``), who recorded it and when.

    A later registration of the same event corrects an earlier one; both stay in the history.
    """

    gebeurtenis: Gebeurtenis
    op: date
    door: str
    vastgelegd_op: datetime


def geldige_registratie(
    gebeurtenis: Gebeurtenis | None,
    op: date | None,
    *,
    geopend: date,
    vandaag: date,
    hulp_gestart: date | None,
) -> tuple[Gebeurtenis, date]:
    """The event and its day, or a CasusOngeldig in Dutch for the field that is wrong.

    The day may not lie in the future nor before the casus opened; eerste hulp ends only after
    hulp gestart is recorded, and not before that day.
    """
    if gebeurtenis is None:
        raise CasusOngeldig("Kies wat er is gebeurd.", veld="gebeurtenis")
    if op is None:
        raise CasusOngeldig("Vul een geldige datum in.", veld="op")
    if op > vandaag:
        raise CasusOngeldig("De datum mag niet in de toekomst liggen.", veld="op")
    if op < geopend:
        raise CasusOngeldig(
            f"De datum mag niet vóór de opening van de casus ({geopend:%d-%m-%Y}) liggen.",
            veld="op",
        )
    if gebeurtenis is Gebeurtenis.EERSTE_HULP_BEEINDIGD:
        if hulp_gestart is None:
            raise CasusOngeldig("Leg eerst vast wanneer de hulp is gestart.", veld="gebeurtenis")
        if op < hulp_gestart:
            raise CasusOngeldig(
                "De eerste hulp kan niet eindigen vóór de start van de hulp.", veld="op"
            )
    return gebeurtenis, op


class Stand(enum.StrEnum):
    """Where a termijn stands: met (on time or late), open, or open past its deadline."""

    BEHAALD = "behaald"
    OPEN = "open"
    VERLOPEN = "verlopen"


@dataclass(frozen=True)
class Termijnstatus:
    """A termijn of a casus with its deadline and status; ``onderwerp`` is the actie or overleg
    it is about (None for the casus' own termijnen)."""

    termijn: Termijn
    uiterlijk: date
    stand: Stand
    behaald_op: date | None = None
    onderwerp: uuid.UUID | None = None

    @property
    def code(self) -> str:
        return self.termijn.code

    @property
    def naam(self) -> str:
        return self.termijn.naam

    @property
    def op_tijd(self) -> bool | None:
        """Met on or before its deadline (None while not met)."""
        return None if self.behaald_op is None else self.behaald_op <= self.uiterlijk

    @property
    def status(self) -> str:
        """One word for pages and hooks: ``op-tijd``, ``te-laat``, ``open`` or ``verlopen``."""
        if self.stand is Stand.BEHAALD:
            return "op-tijd" if self.op_tijd else "te-laat"
        return self.stand.value


def stand_van(
    termijn: Termijn,
    *,
    uiterlijk: date,
    behaald_op: date | None,
    vandaag: date,
    onderwerp: uuid.UUID | None = None,
) -> Termijnstatus:
    """Met when the event happened (whenever); otherwise open until the deadline has passed
    (the deadline day itself is still on time), then verlopen."""
    if behaald_op is not None:
        stand = Stand.BEHAALD
    elif vandaag > uiterlijk:
        stand = Stand.VERLOPEN
    else:
        stand = Stand.OPEN
    return Termijnstatus(termijn, uiterlijk, stand, behaald_op, onderwerp)
