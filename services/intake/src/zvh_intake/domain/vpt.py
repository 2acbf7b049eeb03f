"""Meldpunt agressie en geweld (VPT): an incident against a professional, and its nazorg.

A VPT melding is a melding: intake receives it (from the partner's system on its to-zvh topic or
from a user through the API), validates it, stores it with the employer (``organisatie``) as
eigenaar and assigns a ZVH VPT casemanager. The report is the employee's and the employer's
information: only the melder, the employer's leidinggevende and the assigned casemanager read it
(the PDP decides, resource ``vpt-incident``). Plain Python: no framework here.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from zvh_platform.kalender import Kalender
from zvh_platform.termijnen import nl_dag

from zvh_intake.domain.afwijzing import Reden
from zvh_intake.domain.errors import IntakeError


class NazorgContact(enum.StrEnum):
    """The three nazorg contacts after an incident."""

    EERSTE = "eerste"  # within 1 werkdag
    EEN_WEEK = "een-week"  # after 1 week
    ZES_WEKEN = "zes-weken"  # after 4-6 weeks (the window opens at 4 weeks)


#: The nazorg termijnen after the day of the report: (contact, werkdagen, kalenderdagen).
EEN_WEEK = timedelta(days=7)
ZES_WEKEN = timedelta(weeks=6)
#: When the last contact's window opens (it is due at ZES_WEKEN at the latest).
VIER_WEKEN = timedelta(weeks=4)


@dataclass(frozen=True)
class Nazorg:
    """One nazorg contact: due ``uiterlijk``; ``gedaan_op``/``door`` once registered."""

    contact: NazorgContact
    uiterlijk: date
    gedaan_op: date | None = None
    door: str | None = None

    @property
    def gedaan(self) -> bool:
        return self.gedaan_op is not None


def nazorg_termijnen(gemeld_op: datetime, kalender: Kalender) -> tuple[Nazorg, ...]:
    """The three contacts for an incident reported at ``gemeld_op`` (Dutch calendar day):
    eerste = 1 werkdag later on the region's calendar, een-week = 7 days, zes-weken = 6 weeks."""
    dag = nl_dag(gemeld_op)
    return (
        Nazorg(NazorgContact.EERSTE, kalender.plus_werkdagen(dag, 1)),
        Nazorg(NazorgContact.EEN_WEEK, dag + EEN_WEEK),
        Nazorg(NazorgContact.ZES_WEKEN, dag + ZES_WEKEN),
    )


class VptOngeldig(IntakeError):
    """The report is incomplete or inconsistent; ``redenen`` say why per field (Dutch)."""

    def __init__(self, redenen: list[Reden]) -> None:
        super().__init__("; ".join(f"{r.veld}: {r.melding}" for r in redenen))
        self.redenen = redenen


class IncidentNietGevonden(IntakeError):
    """No incident with this id."""


class ReferentieInGebruik(IntakeError):
    """The organisation used this referentie for an incident this user may not read."""


class GeenCasemanager(IntakeError):
    """The region has no user with role vpt-casemanager."""


#: How far ahead of the receiving clock ``gebeurd_op`` may be (clock skew of a partner system).
SPELING = timedelta(minutes=10)
#: How long ago an incident may be reported (older: a typing error, or not for the meldpunt).
MAX_TERUG = timedelta(days=3653)


@dataclass(frozen=True)
class VptMelding:
    """What a reporter submits (validated for shape by the contract or the API model)."""

    gebeurd_op: datetime
    plaats: str
    soorten: tuple[str, ...]
    politie_ter_plaatse: bool
    impact: int
    medewerker: str
    toelichting: str | None = None
    leidinggevende: str | None = None
    urgent: bool = False
    casus_id: uuid.UUID | None = None
    referentie: str | None = None


def controleer(melding: VptMelding, *, nu: datetime) -> None:
    """The rules beyond the shape: raises VptOngeldig with Dutch reasons per field."""
    redenen: list[Reden] = []
    if melding.gebeurd_op.tzinfo is None or melding.gebeurd_op.utcoffset() is None:
        redenen.append(
            Reden(veld="gebeurd_op", melding="moet een tijdstip met tijdzone zijn (ISO 8601)")
        )
    elif melding.gebeurd_op > nu + SPELING:
        redenen.append(Reden(veld="gebeurd_op", melding="ligt in de toekomst"))
    elif melding.gebeurd_op < nu - MAX_TERUG:
        redenen.append(Reden(veld="gebeurd_op", melding="ligt meer dan tien jaar terug"))
    if not melding.soorten:
        redenen.append(Reden(veld="soorten", melding="kies minstens één soort incident"))
    if not 1 <= melding.impact <= 5:
        redenen.append(Reden(veld="impact", melding="moet een getal van 1 tot en met 5 zijn"))
    if redenen:
        raise VptOngeldig(redenen)


@dataclass(frozen=True)
class VptIncident:
    """A registered incident. ``inhoud`` (plaats, toelichting, medewerker) is the eigenaar's
    content; the rest are ids, codes and dates."""

    id: uuid.UUID
    organisatie: str
    gemeld_op: datetime
    gebeurd_op: datetime
    soorten: tuple[str, ...]
    politie_ter_plaatse: bool
    impact: int
    urgent: bool
    casemanager: str
    inhoud: Mapping[str, str | None]
    nazorg: tuple[Nazorg, ...]
    referentie: str | None = None
    melder: str | None = None
    leidinggevende: str | None = None
    casus_id: uuid.UUID | None = None
    client_pseudoniem: str | None = None

    @property
    def open(self) -> bool:
        """Open while a nazorg contact is still to be done (counts for the casemanager's load)."""
        return any(not n.gedaan for n in self.nazorg)

    def nazorg_van(self, contact: NazorgContact) -> Nazorg:
        return next(n for n in self.nazorg if n.contact is contact)

    def met_nazorg(self, contact: NazorgContact, *, op: date, door: str) -> VptIncident:
        """This incident with ``contact`` registered as done."""
        nazorg = tuple(
            replace(n, gedaan_op=op, door=door) if n.contact is contact else n for n in self.nazorg
        )
        return replace(self, nazorg=nazorg)


def kies_casemanager(casemanagers: Sequence[str], open_per_casemanager: Mapping[str, int]) -> str:
    """The casemanager with the fewest open incidents; ties go to the first in region order."""
    if not casemanagers:
        raise GeenCasemanager("er is geen VPT-casemanager in de regio")
    return min(
        casemanagers, key=lambda cm: (open_per_casemanager.get(cm, 0), casemanagers.index(cm))
    )


@dataclass(frozen=True)
class VptOverzicht:
    """Counts of one organisation's incidents in one year: no ids, no content."""

    jaar: int
    organisatie: str
    totaal: int
    per_soort: Mapping[str, int]
    politie_ter_plaatse: int
    urgent: int


def overzicht(
    incidenten: Sequence[VptIncident], *, jaar: int, organisatie: str, soorten: Sequence[str]
) -> VptOverzicht:
    """The yearly counts (by the Dutch calendar day of gemeld_op)."""
    van_jaar = [
        i for i in incidenten if i.organisatie == organisatie and nl_dag(i.gemeld_op).year == jaar
    ]
    return VptOverzicht(
        jaar=jaar,
        organisatie=organisatie,
        totaal=len(van_jaar),
        per_soort={s: sum(1 for i in van_jaar if s in i.soorten) for s in soorten},
        politie_ter_plaatse=sum(1 for i in van_jaar if i.politie_ter_plaatse),
        urgent=sum(1 for i in van_jaar if i.urgent),
    )
