"""Bouwschema entries: informatie-items said at the table, owned by the partner that said them.

Seed 002: information is spoken at the table and not sent around; only the actielijst is. So an
entry stays in this service with its eigenaar, categorie, gevoeligheid and grondslag, and every
read asks the PDP. A partner's toelichting on its actie (``model.Terugkoppeling``) is an
informatie-item too and records the same.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

from zvh_overleg.domain.errors import BeheerOngeldig

TEKST_MAX = 10_000


class Onderdeel(enum.StrEnum):
    """The parts of the bouwschema (seed 002), plus the Casus Plus analyse (seed 004)."""

    BEELD = "beeld"
    KANSEN = "kansen"
    BEDREIGINGEN = "bedreigingen"
    BESCHERMENDE_FACTOREN = "beschermende-factoren"
    RISICOFACTOREN = "risicofactoren"
    GEDEELD_VERTREKPUNT = "gedeeld-vertrekpunt"
    GEZAMENLIJK_DOEL = "gezamenlijk-doel"
    BELANGEN = "belangen"
    SCENARIOS = "scenarios"
    # Casus Plus uitgebreide analyse (seed 004); beschermende/risicofactoren are shared above.
    PROBLEEM = "probleem"
    OVER_WIE = "over-wie"
    GEWENSTE_SITUATIE = "gewenste-situatie"
    INTERVENTIES_KORT = "interventies-korte-termijn"
    INTERVENTIES_LANG = "interventies-lange-termijn"


class Categorie(enum.StrEnum):
    """Kind of information, for the policy (docs/ownership-and-privacy.md)."""

    POLITIE = "politie"
    JUSTITIE = "justitie"
    ZORG = "zorg"
    JEUGD = "jeugd"
    WONEN = "wonen"
    FINANCIEEL = "financieel"
    ALGEMEEN = "algemeen"


class Gevoeligheid(enum.StrEnum):
    """How sensitive an item is (AVG): the PDP weighs it with the categorie."""

    NORMAAL = "normaal"
    BIJZONDER = "bijzonder"  # bijzonder persoonsgegeven (health, AVG art. 9)
    STRAFRECHTELIJK = "strafrechtelijk"  # strafrechtelijke persoonsgegevens (AVG art. 10)


#: The grondslag an item is brought in on unless another is recorded: the signed convenant.
GRONDSLAG_CONVENANT = "convenant"
GRONDSLAG_MAX = 50


def standaard_gevoeligheid(categorie: Categorie) -> Gevoeligheid:
    """The gevoeligheid an item of this categorie gets unless recorded otherwise.

    Zorg information is health data (bijzonder persoonsgegeven); justitie information is of a
    criminal nature (strafrechtelijk). Everything else is normaal; politie information stays
    normaal here because most of it (e.g. a mutatie about a nuisance report) is not about a
    criminal offence — the eigenaar records strafrechtelijk where it is.
    """
    if categorie is Categorie.ZORG:
        return Gevoeligheid.BIJZONDER
    if categorie is Categorie.JUSTITIE:
        return Gevoeligheid.STRAFRECHTELIJK
    return Gevoeligheid.NORMAAL


@dataclass(frozen=True)
class Informatieitem:
    """One entry: what a partner brought in, when and in which overleg.

    Besides its eigenaar and categorie it records its ``gevoeligheid`` and the ``grondslag`` it
    was brought in on. ``beperkt_tot`` (organisation codes, ``zvh`` = the ZVH regie) and
    ``ingetrokken`` are the eigenaar's controls; the PDP weighs them on every read.
    """

    item_id: uuid.UUID
    casus_id: uuid.UUID
    onderdeel: Onderdeel
    eigenaar: str
    categorie: Categorie
    tekst: str
    ingebracht_op: datetime
    vastgelegd_door: str
    overleg_id: uuid.UUID | None = None
    gevoeligheid: Gevoeligheid = field(kw_only=True)
    grondslag: str = field(default=GRONDSLAG_CONVENANT, kw_only=True)
    beperkt_tot: tuple[str, ...] | None = field(default=None, kw_only=True)
    ingetrokken: bool = field(default=False, kw_only=True)


#: At most this many organisations an eigenaar restricts one item to.
MAX_BEPERKT_TOT = 20


def beperk(item: Informatieitem, tot: tuple[str, ...]) -> Informatieitem:
    """``item`` restricted to ``tot`` (organisation codes; ``zvh`` is the ZVH regie)."""
    codes = tuple(dict.fromkeys(tot))
    if not codes:
        raise BeheerOngeldig("noem ten minste één organisatie (of 'zvh' voor de ZVH-regie)")
    if len(codes) > MAX_BEPERKT_TOT:
        raise BeheerOngeldig(f"hoogstens {MAX_BEPERKT_TOT} organisaties")
    if item.ingetrokken:
        raise BeheerOngeldig("dit informatie-item is ingetrokken")
    return replace(item, beperkt_tot=codes)


def hef_beperking_op(item: Informatieitem) -> Informatieitem:
    """``item`` without a restriction: shared again on the policy's usual terms."""
    if item.ingetrokken:
        raise BeheerOngeldig("dit informatie-item is ingetrokken")
    return replace(item, beperkt_tot=None)


def trek_in(item: Informatieitem) -> Informatieitem:
    """``item`` withdrawn: from now on only its eigenaar reads it. Final; twice changes nothing."""
    return replace(item, ingetrokken=True)
