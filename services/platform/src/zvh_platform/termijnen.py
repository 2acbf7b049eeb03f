"""Termijnen: the deadlines of the keten, as configuration per region, with defaults from the seeds.

A termijn starts with an event (``start``), lasts a length in werkdagen, dagen, weken or maanden,
concerns someone (``betreft``), is met by an event (``behaald_door``) and applies to the
casemanagement models in ``modellen``. ``STANDAARD`` holds the defaults (docs/termijnen.md lists
them with their source); a region file may override the length of an ``instelbaar`` termijn in its
``termijnen`` block (``zvh_platform.region``). ``deadline`` computes the last day a termijn is met
on time. Pure: no I/O, no frameworks, so a service's domain may use it.

How a length is counted from the start day (the Dutch calendar day of the start event):

- ``werkdagen``: that many werkdagen after the start day (``Werkdagkalender.plus_werkdagen``);
  0 is the start day itself, even in a weekend or on a holiday (acuut does not wait).
- ``dagen``: calendar days; 0 is the day itself ("on its date": an actie's wanneer, a
  herbeoordeling), which stays as it is, even on a Sunday: someone chose that date.
- ``weken`` and ``maanden``: calendar weeks or months (31 January + 1 maand = 28 or 29 February);
  a result on a Saturday, Sunday or holiday moves to the next werkdag, as the Algemene termijnenwet
  does for statutory termijnen.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from zvh_contracts.vocab import Casemanagementmodel

from zvh_platform.kalender import NEDERLAND, Kalender

__all__ = [
    "STANDAARD",
    "TIJDZONE",
    "Betreft",
    "Casemanagementmodel",
    "Eenheid",
    "Termijn",
    "Termijnen",
    "deadline",
    "nl_dag",
    "triage_code",
]

#: The ZVH works on Dutch calendar days: a start moment counts on its day in Amsterdam.
TIJDZONE = ZoneInfo("Europe/Amsterdam")


class Eenheid(enum.StrEnum):
    """What a termijn's length is counted in."""

    WERKDAGEN = "werkdagen"
    DAGEN = "dagen"
    WEKEN = "weken"
    MAANDEN = "maanden"


#: The largest length a region may configure per unit (a typo like 300 maanden is refused).
MAXIMUM: dict[Eenheid, int] = {
    Eenheid.WERKDAGEN: 260,
    Eenheid.DAGEN: 366,
    Eenheid.WEKEN: 104,
    Eenheid.MAANDEN: 36,
}


ALLE_MODELLEN = frozenset(Casemanagementmodel)


class Betreft(enum.StrEnum):
    """Whom a termijn concerns: who is reminded and who answers for it."""

    PROCESREGISSEUR = "procesregisseur"
    CASUSREGISSEUR = "casusregisseur"
    #: The partner the actie is for (its ``wie``).
    ACTIEHOUDER = "actiehouder"
    #: The partner invited to an overleg.
    GENODIGDE = "genodigde"


@dataclass(frozen=True)
class Termijn:
    """One termijn: from ``start`` until ``lengte`` ``eenheid`` later, met by ``behaald_door``."""

    code: str
    #: Dutch, for people (reminders, the dashboard).
    naam: str
    #: The event that starts it (an event name, e.g. ``casus-geopend``).
    start: str
    lengte: int
    eenheid: Eenheid
    betreft: Betreft
    #: The event that meets it (e.g. ``eerste-contact-geregistreerd``).
    behaald_door: str
    modellen: frozenset[Casemanagementmodel] = ALLE_MODELLEN
    #: Whether a region may change its length (not for "on its date": that date is the data).
    instelbaar: bool = True
    #: Where the default comes from (docs/termijnen.md).
    bron: str = ""

    def geldt_voor(self, model: Casemanagementmodel | None) -> bool:
        """Whether the termijn applies to a casus of ``model`` (None: before a model is chosen)."""
        return model is None or model in self.modellen


def triage_code(urgentie: str) -> str:
    """The code of the triage termijn for an urgentie (``triage-hoog``, …)."""
    return f"triage-{urgentie}"


def _triage(urgentie: str, werkdagen: int) -> Termijn:
    return Termijn(
        code=triage_code(urgentie),
        naam=f"Triage van een melding met urgentie {urgentie}",
        start="melding-ontvangen",
        lengte=werkdagen,
        eenheid=Eenheid.WERKDAGEN,
        betreft=Betreft.PROCESREGISSEUR,
        behaald_door="melding-getrieerd",
        bron="intake's triagetermijn (issue 9, deel 2: triage naar urgentie)",
    )


#: The defaults (issue 9, part 2, from seed 003), in the order docs/termijnen.md lists them.
STANDAARD: tuple[Termijn, ...] = (
    _triage("acuut", 0),
    _triage("hoog", 1),
    _triage("normaal", 3),
    _triage("laag", 5),
    Termijn(
        code="eerste-contact",
        naam="Eerste contact met de cliënt",
        start="casus-geopend",
        lengte=2,
        eenheid=Eenheid.WERKDAGEN,
        betreft=Betreft.CASUSREGISSEUR,
        behaald_door="eerste-contact-geregistreerd",
        bron="seed 003 §2.1, Eindhoven: contact binnen twee werkdagen na een melding",
    ),
    Termijn(
        code="hulp-gestart",
        naam="Hulpverlening op gang gebracht",
        start="casus-geopend",
        lengte=3,
        eenheid=Eenheid.WERKDAGEN,
        betreft=Betreft.CASUSREGISSEUR,
        behaald_door="hulp-gestart-geregistreerd",
        bron=(
            "seed 003 §2.1, convenant Deventer: binnen drie werkdagen (Eindhoven: binnen een week)"
        ),
    ),
    Termijn(
        code="eerste-hulp",
        naam="Eerste hulp door de casemanager (ten hoogste)",
        start="eerste-hulp-gestart",
        lengte=3,
        eenheid=Eenheid.MAANDEN,
        betreft=Betreft.CASUSREGISSEUR,
        behaald_door="eerste-hulp-beeindigd",
        modellen=frozenset({Casemanagementmodel.COORDINATIE_PLUS, Casemanagementmodel.INTENSIEF}),
        bron="seed 003 §2.1, Eindhoven: eerste hulp maximaal drie maanden",
    ),
    Termijn(
        code="verslag",
        naam="Verslag van het overleg vastgesteld",
        start="overleg-gehouden",
        lengte=3,
        eenheid=Eenheid.WERKDAGEN,
        betreft=Betreft.PROCESREGISSEUR,
        behaald_door="verslag-vastgesteld",
        bron="overleg's verslagtermijn (issue 9, deel 2)",
    ),
    Termijn(
        code="herbeoordeling-client-geinformeerd",
        naam="Herbeoordeling: cliënt geïnformeerd",
        start="herbeoordeling-datum",
        lengte=0,
        eenheid=Eenheid.DAGEN,
        betreft=Betreft.PROCESREGISSEUR,
        behaald_door="client-geinformeerd-vastgelegd",
        instelbaar=False,
        bron="de herbeoordelingsdatum van de casus (issue 9, deel 2)",
    ),
    Termijn(
        code="actie",
        naam="Actie uitgevoerd",
        start="actie-wanneer",
        lengte=0,
        eenheid=Eenheid.DAGEN,
        betreft=Betreft.ACTIEHOUDER,
        behaald_door="actie-teruggekoppeld",
        instelbaar=False,
        bron="de 'wanneer' van de actie in de actielijst (issue 9, deel 2)",
    ),
    Termijn(
        code="nacontrole",
        naam="Nacontrole bij de cliënt na afsluiten",
        start="casus-afgesloten",
        lengte=6,
        eenheid=Eenheid.MAANDEN,
        betreft=Betreft.CASUSREGISSEUR,
        behaald_door="nacontrole-geregistreerd",
        bron="seed 003 §2.1, Eindhoven: na zes maanden opnieuw contact met de cliënt",
    ),
    Termijn(
        code="uitnodiging-beantwoord",
        naam="Uitnodiging voor een overleg beantwoord",
        start="uitnodiging-verstuurd",
        lengte=2,
        eenheid=Eenheid.WERKDAGEN,
        betreft=Betreft.GENODIGDE,
        behaald_door="uitnodiging-beantwoord",
        bron="ZVH-standaard zonder seed (issue 9, deel 2: reactietijd per partner)",
    ),
)


class Termijnen(Mapping[str, Termijn]):
    """A region's termijnen by code: the defaults with the region's lengths applied."""

    def __init__(self, termijnen: Iterable[Termijn] = STANDAARD) -> None:
        self._per_code = {t.code: t for t in termijnen}

    def __getitem__(self, code: str) -> Termijn:
        return self._per_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._per_code)

    def __len__(self) -> int:
        return len(self._per_code)

    def met_lengte(self, code: str, *, lengte: int, eenheid: Eenheid | None = None) -> Termijnen:
        """A copy with one termijn's length changed; refuses what a region may not set."""
        termijn = self._per_code.get(code)
        if termijn is None:
            bekend = ", ".join(self._per_code)
            raise ValueError(f"unknown termijn code {code!r} (known: {bekend})")
        if not termijn.instelbaar:
            raise ValueError(
                f"termijn {code!r} falls on a date recorded with the casus or actie; "
                "its length cannot be configured"
            )
        eenheid = termijn.eenheid if eenheid is None else Eenheid(eenheid)
        if not 0 <= lengte <= MAXIMUM[eenheid]:
            raise ValueError(
                f"termijn {code!r}: lengte must be between 0 and {MAXIMUM[eenheid]} {eenheid}, "
                f"not {lengte}"
            )
        nieuw = replace(termijn, lengte=lengte, eenheid=eenheid)
        return Termijnen(nieuw if t.code == code else t for t in self._per_code.values())

    def voor_model(self, model: Casemanagementmodel | None) -> list[Termijn]:
        """The termijnen that apply to a casus of ``model``."""
        return [t for t in self._per_code.values() if t.geldt_voor(model)]

    def triage(self, urgentie: str) -> Termijn:
        """The triage termijn for an urgentie."""
        return self[triage_code(urgentie)]


def nl_dag(moment: datetime | date) -> date:
    """The Dutch calendar day of ``moment`` (a date is taken as it is).

    A naive datetime is refused: a deadline must not depend on the server's time zone.
    """
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("a termijn needs an aware start moment (with time zone)")
        return moment.astimezone(TIJDZONE).date()
    return moment


def _plus_maanden(dag: date, maanden: int) -> date:
    jaar, maand = divmod(dag.month - 1 + maanden, 12)
    jaar += dag.year
    maand += 1
    return date(jaar, maand, min(dag.day, calendar.monthrange(jaar, maand)[1]))


def deadline(termijn: Termijn, start: datetime | date, kalender: Kalender = NEDERLAND) -> date:
    """The last day on which ``termijn``, started at ``start``, is met on time."""
    dag = nl_dag(start)
    if termijn.eenheid is Eenheid.WERKDAGEN:
        return kalender.plus_werkdagen(dag, termijn.lengte)
    if termijn.eenheid is Eenheid.DAGEN:
        return dag + timedelta(days=termijn.lengte)
    if termijn.eenheid is Eenheid.WEKEN:
        eind = dag + timedelta(weeks=termijn.lengte)
    else:
        eind = _plus_maanden(dag, termijn.lengte)
    return kalender.eerstvolgende_werkdag(eind)
