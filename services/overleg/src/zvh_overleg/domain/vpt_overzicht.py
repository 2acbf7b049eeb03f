"""The yearly VPT overview per organisation: aggregate counts only, small counts suppressed.

The figures: the incidents reported in the year by soort (intake's counts), how many of them
were evaluated, and the maatregelen open, overdue, done and lapsed. Suppression is the quarterly
report's (``domain.rapportage``: ``afscherming``, ``toon``, ``toon_aandeel``), applied here to
each breakdown; a total broken down in two tables is hidden in both when either must hide it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from zvh_overleg.domain.rapportage import (
    AFGESCHERMD,
    ONDERDRUKT,
    Cijfer,
    Tabel,
    afscherming,
    onderdrukt,
    toon,
    toon_aandeel,
)
from zvh_overleg.domain.vpt_evaluatie import MaatregelTelling

#: The incident soorten of the meldpunt (design: VptIncidentSoort), in the order shown.
SOORTEN = {
    "verbaal": "Verbale agressie",
    "bedreiging": "Bedreiging",
    "fysiek": "Fysiek geweld",
    "intimidatie-online": "Online intimidatie",
    "schade-aan-eigendom": "Schade aan eigendom",
}

#: Why the overview shows the share of evaluated incidents (the seeds' worry: under-reporting).
MELDEN_UITLEG = (
    "Agressie tegen medewerkers wordt vaak niet gemeld: ‘het hoort bij het werk’, ‘er gebeurde "
    "toch niets’. Maar alleen wat gemeld wordt, kan worden opgevolgd, geëvalueerd en voorkomen. "
    "Maak er melding van — ook van een scheldpartij, een dreigend bericht of intimidatie online. "
    "Een laag aantal meldingen betekent niet dat er weinig gebeurt; een laag aandeel "
    "geëvalueerde incidenten betekent dat medewerkers na een melding te weinig terugzien."
)


@dataclass(frozen=True)
class IncidentTelling:
    """Intake's aggregate counts for one organisation and year (no ids, no content)."""

    totaal: int
    soorten: Mapping[str, int]
    politie_ter_plaatse: int = 0
    urgent: int = 0


@dataclass(frozen=True)
class VptOverzicht:
    """The overview of one year and one organisation (None: all organisations)."""

    jaar: int
    organisatie: str | None
    organisatie_naam: str
    tabellen: tuple[Tabel, ...]
    #: Evaluated share of reported incidents, after suppression (rule 4).
    aandeel_geevalueerd: Cijfer

    def regels(self) -> list[tuple[str, str, int | float | None, str]]:
        """Every figure as (table title, onderdeel, value or None, shown): the CSV rows."""
        uit = []
        for t in self.tabellen:
            for c in (*t.cijfers, *([t.totaal] if t.totaal else [])):
                uit.append((t.titel, c.onderdeel, c.waarde, c.weergave))
        return uit


def _uitsplitsing(
    delen: Sequence[tuple[str, int]], *, totaal_naam: str, totaal: int, verberg_totaal: bool
) -> tuple[list[Cijfer], Cijfer]:
    sch = afscherming([n for _, n in delen])
    klein, aanvullend = set(sch.klein), set(sch.aanvullend)
    if verberg_totaal and not (klein | aanvullend):
        # the total is hidden elsewhere: hide a part here too, so these do not add up to it
        niet_nul = sorted((i for i, (_, n) in enumerate(delen) if n > 0), key=lambda i: delen[i][1])
        aanvullend.update(niet_nul[:1])
    cijfers = []
    for i, (naam, n) in enumerate(delen):
        if i in klein:
            cijfers.append(Cijfer(naam, None, ONDERDRUKT))
        elif i in aanvullend:
            cijfers.append(Cijfer(naam, None, AFGESCHERMD))
        else:
            cijfers.append(Cijfer(naam, n, str(n)))
    if onderdrukt(totaal):
        tot = Cijfer(totaal_naam, None, ONDERDRUKT)
    elif verberg_totaal:
        tot = Cijfer(totaal_naam, None, AFGESCHERMD)
    else:
        tot = Cijfer(totaal_naam, totaal, str(totaal))
    return cijfers, tot


def maak_overzicht(
    *,
    jaar: int,
    organisatie: str | None,
    organisatie_naam: str,
    incidenten: IncidentTelling,
    geevalueerd: int,
    maatregelen: MaatregelTelling,
) -> VptOverzicht:
    """The suppressed overview. An incident can have several soorten: the soorten table is not a
    partition of the total, so it is suppressed at least as strictly as one (never less)."""
    gemeld = incidenten.totaal
    geevalueerd = min(geevalueerd, gemeld)
    soort_delen = [(naam, int(incidenten.soorten.get(code, 0))) for code, naam in SOORTEN.items()]
    evaluatie_delen = [("Geëvalueerd", geevalueerd), ("Nog niet geëvalueerd", gemeld - geevalueerd)]
    totaal_weg = (
        afscherming([n for _, n in soort_delen]).totaal_verborgen
        or afscherming([n for _, n in evaluatie_delen]).totaal_verborgen
    )
    soort_cijfers, soort_totaal = _uitsplitsing(
        soort_delen, totaal_naam="Gemelde incidenten", totaal=gemeld, verberg_totaal=totaal_weg
    )
    eval_cijfers, eval_totaal = _uitsplitsing(
        evaluatie_delen,
        totaal_naam="Gemelde incidenten",
        totaal=gemeld,
        verberg_totaal=totaal_weg,
    )
    eval_verborgen = any(c.waarde is None for c in eval_cijfers) or totaal_weg
    aandeel = toon_aandeel("Aandeel geëvalueerd", geevalueerd, gemeld, verborgen=eval_verborgen)
    m = maatregelen
    maatregel_delen = [
        ("Open", m.open),
        ("Te laat (open na de afgesproken datum)", m.te_laat),
        ("Gedaan", m.gedaan),
        ("Vervallen", m.vervallen),
    ]
    m_totaal_weg = afscherming([n for _, n in maatregel_delen]).totaal_verborgen
    m_cijfers, m_totaal = _uitsplitsing(
        maatregel_delen, totaal_naam="Maatregelen", totaal=m.totaal, verberg_totaal=m_totaal_weg
    )
    tabellen = (
        Tabel(
            sleutel="soorten",
            titel="Gemelde incidenten naar soort",
            cijfers=tuple(soort_cijfers),
            totaal=soort_totaal,
            toelichting="een incident kan van meer dan één soort zijn",
        ),
        Tabel(
            sleutel="omstandigheden",
            titel="Omstandigheden",
            cijfers=(
                toon("Politie ter plaatse", incidenten.politie_ter_plaatse),
                toon("Urgent gemeld", incidenten.urgent),
            ),
        ),
        Tabel(
            sleutel="evaluatie",
            titel="Gemeld en geëvalueerd",
            cijfers=(*eval_cijfers, aandeel),
            totaal=eval_totaal,
        ),
        Tabel(
            sleutel="maatregelen",
            titel="Maatregelen na evaluatie",
            cijfers=tuple(m_cijfers),
            totaal=m_totaal,
        ),
    )
    return VptOverzicht(
        jaar=jaar,
        organisatie=organisatie,
        organisatie_naam=organisatie_naam,
        tabellen=tabellen,
        aandeel_geevalueerd=aandeel,
    )
