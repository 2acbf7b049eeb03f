"""The sociale kaart: the region's partners, their diensten and wachttijden, who to call.

Everything here is read from the region file (``zvh_platform.region``; docs/sociale-kaart.md):
professional contact details only, no case content, so the page needs no PDP question beyond
being signed in. This module is the plain-Python part: the search, and what the actie form
shows per deelnemer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from zvh_platform.region import (
    SOORT_NAMEN,
    Dienst,
    Partner,
    PartnerSoort,
    Piketdienst,
    Region,
    partner_soort,
)

#: The longest search text taken into account (the rest is ignored).
MAX_ZOEKTEKST = 200


def _normaal(tekst: str) -> str:
    """Lower case without accents: "Coördinator" finds "coordinator" and the other way round."""
    ontleed = unicodedata.normalize("NFKD", tekst.casefold())
    return "".join(t for t in ontleed if not unicodedata.combining(t))


def _zoektekst(partner: Partner, soort: PartnerSoort | None) -> str:
    delen = [partner.naam, partner.code]
    if soort is not None:
        delen += [soort.value, SOORT_NAMEN[soort]]
    for d in partner.diensten:
        delen += [d.naam, d.omschrijving]
    delen += [c.rol for c in partner.contactpersonen]
    return _normaal(" ".join(delen))


def zoek_partners(region: Region, *, zoek: str = "", soort: str | None = None) -> list[Partner]:
    """The region's partners that match, in the file's order.

    ``zoek``: every word must occur in the partner's naam or code, its soort, the naam or
    omschrijving of one of its diensten, or the rol of one of its contactpersonen (case and
    accents ignored). ``soort``: only partners of that soort (the region's, else the code's
    guess); an unknown soort matches nothing. Empty: everything.
    """
    woorden = _normaal(zoek[:MAX_ZOEKTEKST]).split()
    uit: list[Partner] = []
    for p in region.partners:
        eigen_soort = partner_soort(p.code, region)
        if soort and (eigen_soort is None or eigen_soort.value != soort):
            continue
        tekst = _zoektekst(p, eigen_soort)
        if all(w in tekst for w in woorden):
            uit.append(p)
    return uit


@dataclass(frozen=True)
class DienstRegel:
    """One dienst as the pages show it: with whether its wachttijd counts as long."""

    dienst: Dienst
    lang: bool


@dataclass(frozen=True)
class Kaartregel:
    """A partner on the sociale kaart, or a deelnemer under the actie form."""

    partner: Partner
    soort: PartnerSoort | None
    diensten: list[DienstRegel]
    #: The longest wachttijd among its diensten that reaches the region's threshold (or None).
    lange_wachttijd: int | None
    #: The piket turn on duty now (None: no rota, or nobody on duty).
    piket: Piketdienst | None

    @property
    def soort_naam(self) -> str | None:
        return SOORT_NAMEN[self.soort] if self.soort is not None else None


def kaartregel(region: Region, partner: Partner, *, nu: datetime) -> Kaartregel:
    diensten = [DienstRegel(d, region.lange_wachttijd(d)) for d in partner.diensten]
    lang = [r.dienst.wachttijd_dagen for r in diensten if r.lang]
    return Kaartregel(
        partner=partner,
        soort=partner_soort(partner.code, region),
        diensten=diensten,
        lange_wachttijd=max((n for n in lang if n is not None), default=None),
        piket=partner.piket_op(nu),
    )


def deelnemers_op_kaart(region: Region, codes: list[str], *, nu: datetime) -> list[Kaartregel]:
    """The actie form's deelnemers as the sociale kaart knows them (unknown codes: left out)."""
    uit: list[Kaartregel] = []
    for code in codes:
        partner = region.partner(code)
        if partner is not None:
            uit.append(kaartregel(region, partner, nu=nu))
    return uit


def soorten_in(region: Region) -> list[tuple[str, str]]:
    """The soorten the region's partners have (value, label), in the enum's order: the filter."""
    aanwezig = {partner_soort(p.code, region) for p in region.partners}
    return [(s.value, SOORT_NAMEN[s]) for s in PartnerSoort if s in aanwezig]
