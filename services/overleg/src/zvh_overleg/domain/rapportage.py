"""The quarterly report for partners and funders (the gemeenten): pure aggregation + suppression.

Aggregates only: every figure is a count, a median or a share over a quarter and a gemeente,
never a casus, a person or a text. Small counts are suppressed so that no one can recognise a
client from the report (docs/rapportage.md, "Onderdrukking"):

1. **Primary:** a count of 1 to 4 is shown as ``< 5`` (0 and 5 or more as they are).
2. **Complementary:** a breakdown (parts with a total) that hides a part also hides its
   smallest other non-zero parts, shown as ``x``, until at least one such ``x`` part is hidden
   and the hidden parts together are at least 4 × (number of ``< 5`` parts) + 5. Then, even with
   the total known, every hidden part can still take several values: a ``< 5`` part any of 1–4,
   an ``x`` part several values of 5 or more. Subtracting cannot reveal a small count.
3. **Totals:** a total is shown exactly unless rule 2 runs out of parts to hide (every non-zero
   part is below 5); then the total is ``x`` — and because several tables break down the same
   total (the meldingen by melder, by uitkomst, by gemeente), it is then ``x`` in each of them,
   and each of those tables hides at least one part so that its parts do not add up to it.
4. A median or a percentage is shown only over 5 or more items and, for a percentage, when none
   of the parts it is made of is hidden; else ``< 5``.

The quarter is counted in Dutch calendar days: 2026-Q4 is 1 October up to 1 January.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from zvh_overleg.domain.errors import OverlegError
from zvh_overleg.domain.levensloop import Afsluitreden
from zvh_overleg.domain.model import ActieStatus, Casus
from zvh_overleg.domain.tijd import nl_datum

#: What a suppressed count shows (rule 1).
ONDERDRUKT = "< 5"
#: What a part hidden to protect a small count shows (rules 2 and 3).
AFGESCHERMD = "x"
#: Rule 2: hidden parts together at least this much per hidden small count, plus DREMPEL.
VEILIG_PER_KLEIN = 4
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
    """A count of 1 to 4 is never shown (rule 1)."""
    return 0 < aantal < DREMPEL


def toon(onderdeel: str, aantal: int) -> Cijfer:
    """One count on its own (no breakdown): rule 1."""
    if onderdrukt(aantal):
        return Cijfer(onderdeel, None, ONDERDRUKT)
    return Cijfer(onderdeel, aantal, str(aantal))


@dataclass(frozen=True)
class Afscherming:
    """Which parts of one breakdown are hidden: ``klein`` (1–4, rule 1), ``aanvullend`` (rule
    2), and whether the total must be hidden as well (rule 3)."""

    klein: frozenset[int]
    aanvullend: frozenset[int]
    totaal_verborgen: bool

    @property
    def verborgen(self) -> frozenset[int]:
        return self.klein | self.aanvullend


def afscherming(delen: Sequence[int]) -> Afscherming:
    """Rules 1 and 2 for one breakdown's parts (by index)."""
    klein = frozenset(i for i, n in enumerate(delen) if onderdrukt(n))
    if not klein:
        return Afscherming(klein, frozenset(), totaal_verborgen=False)
    kandidaten = sorted(
        (i for i, n in enumerate(delen) if n > 0 and i not in klein), key=lambda i: (delen[i], i)
    )
    aanvullend: list[int] = []
    nodig = VEILIG_PER_KLEIN * len(klein) + DREMPEL

    def veilig() -> bool:
        return bool(aanvullend) and sum(delen[i] for i in (*klein, *aanvullend)) >= nodig

    while not veilig():
        if not kandidaten:
            return Afscherming(klein, frozenset(aanvullend), totaal_verborgen=True)
        aanvullend.append(kandidaten.pop(0))
    return Afscherming(klein, frozenset(aanvullend), totaal_verborgen=False)


def _cijfer(onderdeel: str, aantal: int, *, klein: bool, aanvullend: bool) -> Cijfer:
    if klein:
        return Cijfer(onderdeel, None, ONDERDRUKT)
    if aanvullend:
        return Cijfer(onderdeel, None, AFGESCHERMD)
    return Cijfer(onderdeel, aantal, str(aantal))


def toon_aandeel(onderdeel: str, deel: int, geheel: int, *, verborgen: bool = False) -> Cijfer:
    """A percentage after rule 4 (``verborgen``: a part it is made of is hidden). A hidden
    share reads "x", never "< 5", which would read as less than five percent."""
    if geheel < DREMPEL or verborgen or onderdrukt(deel) or onderdrukt(geheel - deel):
        return Cijfer(onderdeel, None, AFGESCHERMD)
    pct = round(100 * deel / geheel)
    return Cijfer(onderdeel, pct, f"{pct}%")


def toon_mediaan(onderdeel: str, waarden: Sequence[float]) -> Cijfer:
    """A median after rule 4 (days, one decimal at most)."""
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
    totaal_sleutel: str | None = None  # tables breaking down the same total hide it together
    #: a share of the first part in the total (rule 4), shown after the parts
    aandeel: str | None = None
    toelichting: str = ""


def _tabellen(onderdelen: Sequence[_Uitsplitsing | Tabel]) -> tuple[Tabel, ...]:
    """Apply rules 1–4 to every breakdown; tables sharing a total hide it together."""
    uitsplitsingen = [u for u in onderdelen if isinstance(u, _Uitsplitsing)]
    schermen = {id(u): afscherming([n for _, n in u.delen]) for u in uitsplitsingen}
    totaal_weg = {
        u.totaal_sleutel or u.sleutel for u in uitsplitsingen if schermen[id(u)].totaal_verborgen
    }
    for u in uitsplitsingen:  # rule 3: a table without a hidden part would add up to the total
        sch = schermen[id(u)]
        if (u.totaal_sleutel or u.sleutel) in totaal_weg and not sch.verborgen:
            delen = [n for _, n in u.delen]
            niet_nul = sorted((i for i, n in enumerate(delen) if n > 0), key=lambda i: delen[i])
            schermen[id(u)] = Afscherming(sch.klein, frozenset(niet_nul[:1]), totaal_verborgen=True)
    uit = []
    for o in onderdelen:
        if isinstance(o, Tabel):
            uit.append(o)
            continue
        u = o
        sch = schermen[id(u)]
        weg = (u.totaal_sleutel or u.sleutel) in totaal_weg
        cijfers = [
            _cijfer(naam, n, klein=i in sch.klein, aanvullend=i in sch.aanvullend)
            for i, (naam, n) in enumerate(u.delen)
        ]
        if u.aandeel is not None and u.delen:
            cijfers.append(
                toon_aandeel(
                    u.aandeel, u.delen[0][1], u.totaal, verborgen=bool(sch.verborgen) or weg
                )
            )
        if onderdrukt(u.totaal):
            totaal = Cijfer(u.totaal_naam, None, ONDERDRUKT)
        elif weg:
            totaal = Cijfer(u.totaal_naam, None, AFGESCHERMD)
        else:
            totaal = Cijfer(u.totaal_naam, u.totaal, str(u.totaal))
        uit.append(
            Tabel(
                sleutel=u.sleutel,
                titel=u.titel,
                cijfers=tuple(cijfers),
                totaal=totaal,
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
            aandeel="Aandeel binnen de termijn",
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
            aandeel="Aandeel op tijd",
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
                aandeel="Aandeel gehaald",
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
