"""The quarterly report for partners and funders (the gemeenten): pure aggregation + suppression.

Aggregates only: every figure is a count, a median or a share over a quarter and a gemeente,
never a casus, a person or a text. Small counts are suppressed so that no one can recognise a
client from the report (docs/rapportage.md, "Onderdrukking"):

1. A count of 1 to 4 is shown as ``< 5`` (0 and 5 or more are shown as they are).
2. A total is shown exactly only when none of its parts is suppressed, in every table that
   breaks that total down (the meldingen total appears in several). Otherwise it is shown as
   ``≥ N``: the published parts plus 1 for each suppressed part, which is exactly what the parts
   already tell, so subtracting can never reveal a suppressed part.
3. A median or a percentage is shown only when it is computed over 5 or more items and, for a
   percentage, when neither the part nor the rest is suppressed; else ``< 5``.

The quarter is counted in Dutch calendar days: 2026-Q4 is 1 October up to 1 January.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_overleg.domain.errors import OverlegError
from zvh_overleg.domain.levensloop import Afsluitreden
from zvh_overleg.domain.model import ActieStatus, Casus
from zvh_overleg.domain.tijd import nl_datum

#: What a suppressed count shows.
ONDERDRUKT = "< 5"
#: The smallest count that is shown.
DREMPEL = 5
#: The gemeente choice for meldingen and casussen without a gemeente (or with an unknown one).
ONBEKEND = "onbekend"
ONBEKEND_NAAM = "Onbekend"
#: The meldingen total: every table that breaks it down shares it.
TOTAAL_MELDINGEN = "meldingen"

UITKOMSTEN = {
    "casus": "Casus",
    "advies": "Advies",
    "terugverwezen": "Terugverwezen",
    "te-trieren": "Nog niet getrieerd",
}
AFSLUITREDENEN = {
    Afsluitreden.DOEL_BEREIKT: "Doel bereikt",
    Afsluitreden.CLIENT_STOPT: "Cliënt stopt",
    Afsluitreden.OVERGEDRAGEN: "Overgedragen aan lokaal netwerk",
    Afsluitreden.ANDERS: "Anders",
}
#: The terugkoppeling statuses the report counts (issue 9: afgerond, niet mogelijk, niet
#: uitgevoerd).
ACTIESTATUSSEN = {
    ActieStatus.AFGEROND: "Afgerond",
    ActieStatus.NIET_MOGELIJK: "Niet mogelijk",
    ActieStatus.NIET_UITGEVOERD: "Niet uitgevoerd",
}


class KwartaalOngeldig(OverlegError):
    """A kwartaal that is not written as JJJJ-Qn (Dutch message for the user)."""


_KWARTAAL = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Kwartaal:
    """A calendar quarter, e.g. 2026-Q4 (1 October 2026 up to 1 January 2027)."""

    jaar: int
    nummer: int

    @classmethod
    def parse(cls, tekst: str) -> Kwartaal:
        """``2026-Q4`` (also ``2026Q4``, ``2026-q4``); anything else: KwartaalOngeldig."""
        m = _KWARTAAL.match(tekst or "")
        if m is None or not 2000 <= int(m.group(1)) <= 2100:
            raise KwartaalOngeldig(
                f"'{tekst}' is geen kwartaal: schrijf het als jaar en kwartaal, bijvoorbeeld "
                "2026-Q4 (kwartaal 1 tot en met 4)."
            )
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def van_datum(cls, dag: date) -> Kwartaal:
        """The quarter ``dag`` falls in."""
        return cls(dag.year, (dag.month - 1) // 3 + 1)

    @property
    def begin(self) -> date:
        """The first day of the quarter."""
        return date(self.jaar, 3 * self.nummer - 2, 1)

    @property
    def eind(self) -> date:
        """The first day after the quarter (exclusive end)."""
        return (
            date(self.jaar + 1, 1, 1)
            if self.nummer == 4
            else date(self.jaar, 3 * self.nummer + 1, 1)
        )

    def bevat(self, moment: datetime | None) -> bool:
        """Whether an aware moment falls in the quarter (Dutch calendar day)."""
        return moment is not None and self.begin <= nl_datum(moment) < self.eind

    def vorige(self) -> Kwartaal:
        return (
            Kwartaal(self.jaar - 1, 4) if self.nummer == 1 else Kwartaal(self.jaar, self.nummer - 1)
        )

    def __str__(self) -> str:
        return f"{self.jaar}-Q{self.nummer}"

    @property
    def naam(self) -> str:
        """Dutch label, e.g. "4e kwartaal 2026"."""
        return f"{self.nummer}e kwartaal {self.jaar}"


@dataclass(frozen=True)
class MeldingTelling:
    """Intake's count of the meldingen received in the quarter with this gemeente, melder and
    uitkomst (``te-trieren`` while untriaged), and how many were triaged within their termijn."""

    gemeente: str | None
    melder: str
    uitkomst: str
    aantal: int
    binnen_termijn: int = 0


@dataclass(frozen=True)
class TermijnUitkomst:
    """One casus termijn that ended (was met or passed) in the quarter: the hook for the casus
    termijnen (first contact, help started, eerste hulp, verslag …) once they are recorded.
    ``code`` is the termijn's code (zvh_platform.termijnen), ``naam`` its Dutch name."""

    casus_id: object
    code: str
    naam: str
    gehaald: bool


@dataclass(frozen=True)
class Cijfer:
    """One figure of the report after suppression: ``waarde`` is None when it is hidden (or is
    not a number), ``weergave`` what the page, CSV and XLSX show."""

    onderdeel: str
    waarde: int | float | None
    weergave: str


@dataclass(frozen=True)
class Tabel:
    """One table of the report: its figures and, for a breakdown, the total."""

    sleutel: str
    titel: str
    cijfers: tuple[Cijfer, ...]
    totaal: Cijfer | None = None
    toelichting: str = ""


@dataclass(frozen=True)
class Rapport:
    """The report for one quarter and one gemeente (or all gemeenten together)."""

    kwartaal: Kwartaal
    gemeente: str | None  # None: alle gemeenten
    gemeente_naam: str
    tabellen: tuple[Tabel, ...]

    def regels(self) -> list[tuple[str, str, int | float | None, str]]:
        """Every figure as (table title, onderdeel, value or None, what is shown), in order:
        the rows of the CSV and XLSX files."""
        uit = []
        for t in self.tabellen:
            for c in (*t.cijfers, *([t.totaal] if t.totaal else [])):
                uit.append((t.titel, c.onderdeel, c.waarde, c.weergave))
        return uit


# --- suppression ------------------------------------------------------------------------------


def onderdrukt(aantal: int) -> bool:
    """A count of 1 to 4 is never shown."""
    return 0 < aantal < DREMPEL


def toon(onderdeel: str, aantal: int) -> Cijfer:
    """One count after rule 1."""
    if onderdrukt(aantal):
        return Cijfer(onderdeel, None, ONDERDRUKT)
    return Cijfer(onderdeel, aantal, str(aantal))


def ondergrens(delen: Sequence[int]) -> int:
    """What the published parts of a breakdown tell about its total: the shown parts plus 1
    for each suppressed one."""
    return sum(n if not onderdrukt(n) else 1 for n in delen)


def toon_totaal(onderdeel: str, totaal: int, *, verborgen: bool, ondergrens: int) -> Cijfer:
    """A total after rule 2: exact unless a part of a breakdown of it is hidden."""
    if onderdrukt(totaal):
        return Cijfer(onderdeel, None, ONDERDRUKT)
    if verborgen:
        return Cijfer(onderdeel, None, f"≥ {max(ondergrens, DREMPEL)}")
    return Cijfer(onderdeel, totaal, str(totaal))


def toon_aandeel(onderdeel: str, deel: int, geheel: int) -> Cijfer:
    """A percentage after rule 3."""
    if geheel < DREMPEL or onderdrukt(deel) or onderdrukt(geheel - deel):
        return Cijfer(onderdeel, None, ONDERDRUKT)
    pct = round(100 * deel / geheel)
    return Cijfer(onderdeel, pct, f"{pct}%")


def toon_mediaan(onderdeel: str, waarden: Sequence[float]) -> Cijfer:
    """A median after rule 3 (days, one decimal at most)."""
    if len(waarden) < DREMPEL:
        return Cijfer(onderdeel, None, ONDERDRUKT)
    m = round(float(statistics.median(waarden)), 1)
    waarde: int | float = int(m) if m.is_integer() else m
    return Cijfer(onderdeel, waarde, f"{waarde}".replace(".", ","))


@dataclass
class _Uitsplitsing:
    """A breakdown of a total before suppression: its parts, in order."""

    sleutel: str
    titel: str
    delen: list[tuple[str, int]]
    totaal_naam: str
    totaal: int
    totaal_sleutel: str | None = None  # tables sharing a total hide or show it together
    extra: list[Cijfer] = field(default_factory=list)
    toelichting: str = ""


def _tabellen(uitsplitsingen: Sequence[_Uitsplitsing | Tabel]) -> tuple[Tabel, ...]:
    """Apply rules 1 and 2 to every breakdown, with shared totals hidden together."""
    besmet: set[str] = set()
    grens: dict[str, int] = {}
    for u in uitsplitsingen:
        if isinstance(u, _Uitsplitsing):
            sleutel = u.totaal_sleutel or u.sleutel
            if any(onderdrukt(n) for _, n in u.delen):
                besmet.add(sleutel)
            grens[sleutel] = max(grens.get(sleutel, 0), ondergrens([n for _, n in u.delen]))
    uit = []
    for u in uitsplitsingen:
        if isinstance(u, Tabel):
            uit.append(u)
            continue
        sleutel = u.totaal_sleutel or u.sleutel
        uit.append(
            Tabel(
                sleutel=u.sleutel,
                titel=u.titel,
                cijfers=(*(toon(naam, n) for naam, n in u.delen), *u.extra),
                totaal=toon_totaal(
                    u.totaal_naam, u.totaal, verborgen=sleutel in besmet, ondergrens=grens[sleutel]
                ),
                toelichting=u.toelichting,
            )
        )
    return tuple(uit)


# --- the report -----------------------------------------------------------------------------


def past_bij(gemeente: str | None, keuze: str | None, bekend: Iterable[str]) -> bool:
    """Whether a melding or casus with ``gemeente`` belongs to the chosen gemeente (None: all;
    ``onbekend``: without a gemeente or with one the region does not list)."""
    if keuze is None:
        return True
    if keuze == ONBEKEND:
        return gemeente is None or gemeente not in set(bekend)
    return gemeente == keuze


def dagen_open(casus: Casus, *, tot: datetime) -> float:
    """Days from opening to closing (or to ``tot`` for a casus still open), never negative."""
    eind = casus.afgesloten_op or tot
    return max(0.0, (eind - casus.geopend_op).total_seconds() / 86400)


def maak_rapport(
    *,
    kwartaal: Kwartaal,
    gemeente: str | None,
    gemeenten: Mapping[str, str],
    meldingen: Iterable[MeldingTelling],
    casussen: Iterable[Casus],
    termijnen: Iterable[TermijnUitkomst] = (),
    partnernaam: Callable[[str], str] = str,
) -> Rapport:
    """The report for ``kwartaal`` and ``gemeente`` (a CBS code, ``onbekend``, or None for all
    gemeenten together). ``gemeenten`` is the region's list (code → naam); ``casussen`` any
    casussen (with acties and AVE-fase history); what falls outside the quarter or the gemeente
    is left out here."""
    bekend = list(gemeenten)
    if gemeente is None:
        naam = "Alle gemeenten"
    elif gemeente == ONBEKEND:
        naam = ONBEKEND_NAAM
    else:
        naam = gemeenten.get(gemeente, ONBEKEND_NAAM)
    tellingen = [m for m in meldingen if past_bij(m.gemeente, gemeente, bekend)]
    eigen = [c for c in casussen if past_bij(c.gemeente, gemeente, bekend)]
    onderdelen: list[_Uitsplitsing | Tabel] = []
    onderdelen += _meldingen(
        tellingen, gemeente=gemeente, gemeenten=gemeenten, partnernaam=partnernaam
    )
    onderdelen += _casussen(eigen, kwartaal)
    onderdelen += _termijnen(tellingen, eigen, kwartaal, list(termijnen))
    onderdelen += _acties(eigen, kwartaal)
    return Rapport(
        kwartaal=kwartaal, gemeente=gemeente, gemeente_naam=naam, tabellen=_tabellen(onderdelen)
    )


def _meldingen(
    tellingen: list[MeldingTelling],
    *,
    gemeente: str | None,
    gemeenten: Mapping[str, str],
    partnernaam: Callable[[str], str],
) -> list[_Uitsplitsing | Tabel]:
    totaal = sum(t.aantal for t in tellingen)
    per_melder: Counter[str] = Counter()
    per_uitkomst: Counter[str] = Counter()
    per_gemeente: Counter[str] = Counter()
    for t in tellingen:
        per_melder[partnernaam(t.melder)] += t.aantal
        per_uitkomst[t.uitkomst] += t.aantal
        per_gemeente[gemeenten.get(t.gemeente or "", ONBEKEND_NAAM)] += t.aantal
    uit: list[_Uitsplitsing | Tabel] = [
        _Uitsplitsing(
            sleutel="meldingen-melder",
            titel="Meldingen per melder",
            delen=sorted(per_melder.items()),
            totaal_naam="Totaal meldingen",
            totaal=totaal,
            totaal_sleutel=TOTAAL_MELDINGEN,
        ),
        _Uitsplitsing(
            sleutel="meldingen-uitkomst",
            titel="Meldingen per uitkomst van de triage",
            delen=[(label, per_uitkomst[code]) for code, label in UITKOMSTEN.items()],
            totaal_naam="Totaal meldingen",
            totaal=totaal,
            totaal_sleutel=TOTAAL_MELDINGEN,
        ),
    ]
    if gemeente is None:
        namen = [*gemeenten.values(), ONBEKEND_NAAM]
        uit.append(
            _Uitsplitsing(
                sleutel="meldingen-gemeente",
                titel="Meldingen per gemeente",
                delen=[(n, per_gemeente[n]) for n in dict.fromkeys(namen)],
                totaal_naam="Totaal meldingen",
                totaal=totaal,
                totaal_sleutel=TOTAAL_MELDINGEN,
            )
        )
    return uit


def _casussen(eigen: list[Casus], kwartaal: Kwartaal) -> list[_Uitsplitsing | Tabel]:
    geopend = [c for c in eigen if kwartaal.bevat(c.geopend_op)]
    afgesloten = [c for c in eigen if kwartaal.bevat(c.afgesloten_op)]
    lopend = [
        c
        for c in eigen
        if nl_datum(c.geopend_op) < kwartaal.eind
        and (c.afgesloten_op is None or nl_datum(c.afgesloten_op) >= kwartaal.eind)
    ]
    redenen = Counter(c.afsluitreden for c in afgesloten)
    open_duur = [dagen_open(c, tot=c.geopend_op) for c in afgesloten]
    return [
        Tabel(
            sleutel="casussen",
            titel="Casussen",
            cijfers=(
                toon("Geopend in het kwartaal", len(geopend)),
                toon("Lopend aan het eind van het kwartaal", len(lopend)),
            ),
        ),
        _Uitsplitsing(
            sleutel="afsluitredenen",
            titel="Afgesloten casussen per reden",
            delen=[(label, redenen[code]) for code, label in AFSLUITREDENEN.items()]
            + ([("Reden niet vastgelegd", redenen[None])] if redenen[None] else []),
            totaal_naam="Afgesloten in het kwartaal",
            totaal=len(afgesloten),
        ),
        Tabel(
            sleutel="doorlooptijd",
            titel="Doorlooptijd",
            cijfers=(toon_mediaan("Mediaan aantal dagen open (afgesloten casussen)", open_duur),),
            toelichting="Van opening tot afsluiting, over de casussen die in het kwartaal sloten.",
        ),
    ]


def _termijnen(
    tellingen: list[MeldingTelling],
    eigen: list[Casus],
    kwartaal: Kwartaal,
    termijnen: list[TermijnUitkomst],
) -> list[_Uitsplitsing | Tabel]:
    getrieerd = sum(t.aantal for t in tellingen if t.uitkomst != "te-trieren")
    binnen = sum(t.binnen_termijn for t in tellingen if t.uitkomst != "te-trieren")
    uit: list[_Uitsplitsing | Tabel] = [
        _Uitsplitsing(
            sleutel="termijn-triage",
            titel="Termijn: triage",
            delen=[
                ("Binnen de termijn getrieerd", binnen),
                ("Na de termijn getrieerd", getrieerd - binnen),
            ],
            totaal_naam="Getrieerde meldingen",
            totaal=getrieerd,
            extra=[toon_aandeel("Aandeel binnen de termijn", binnen, getrieerd)],
            toelichting="Meldingen ontvangen in het kwartaal die al getrieerd zijn.",
        )
    ]
    # an actie's termijn is its wanneer: met when its partner reported back on or before it
    acties = [a for c in eigen for a in c.acties if kwartaal.begin <= a.wanneer < kwartaal.eind]
    acties = [a for a in acties if a.status is not ActieStatus.INGETROKKEN]
    op_tijd = sum(
        1
        for a in acties
        if a.teruggekoppeld_op is not None and nl_datum(a.teruggekoppeld_op) <= a.wanneer
    )
    uit.append(
        _Uitsplitsing(
            sleutel="termijn-acties",
            titel="Termijn: acties (wanneer)",
            delen=[
                ("Op tijd teruggekoppeld", op_tijd),
                ("Niet op tijd teruggekoppeld", len(acties) - op_tijd),
            ],
            totaal_naam="Acties met 'wanneer' in het kwartaal",
            totaal=len(acties),
            extra=[toon_aandeel("Aandeel op tijd", op_tijd, len(acties))],
        )
    )
    eigen_ids = {c.casus_id for c in eigen}
    per_termijn: dict[str, list[TermijnUitkomst]] = {}
    for t in termijnen:
        if t.casus_id in eigen_ids:
            per_termijn.setdefault(t.naam, []).append(t)
    for naam, lijst in per_termijn.items():
        gehaald = sum(1 for t in lijst if t.gehaald)
        uit.append(
            _Uitsplitsing(
                sleutel=f"termijn-{lijst[0].code}",
                titel=f"Termijn: {naam}",
                delen=[("Gehaald", gehaald), ("Niet gehaald", len(lijst) - gehaald)],
                totaal_naam="Afgelopen termijnen",
                totaal=len(lijst),
                extra=[toon_aandeel("Aandeel gehaald", gehaald, len(lijst))],
            )
        )
    return uit


def _acties(eigen: list[Casus], kwartaal: Kwartaal) -> list[_Uitsplitsing | Tabel]:
    statussen = Counter(
        a.status for c in eigen for a in c.acties if kwartaal.bevat(a.teruggekoppeld_op)
    )
    op = af = 0
    for c in eigen:
        for h in c.ave_fase_historie:
            if h.van is not None and kwartaal.bevat(h.vastgesteld_op):
                if h.ave_fase > h.van:
                    op += 1
                elif h.ave_fase < h.van:
                    af += 1
    return [
        _Uitsplitsing(
            sleutel="acties-status",
            titel="Acties per terugkoppeling",
            delen=[(label, statussen[s]) for s, label in ACTIESTATUSSEN.items()],
            totaal_naam="Teruggekoppeld in het kwartaal",
            totaal=sum(statussen[s] for s in ACTIESTATUSSEN),
            toelichting="Acties waarop de partner in het kwartaal de eindstatus terugkoppelde.",
        ),
        _Uitsplitsing(
            sleutel="fasewijzigingen",
            titel="Fasewijzigingen (AVE)",
            delen=[("Opgeschaald", op), ("Afgeschaald", af)],
            totaal_naam="Fasewijzigingen in het kwartaal",
            totaal=op + af,
        ),
    ]
