"""Bouwschema entries: informatie-items said at the table, owned by the partner that said them.

Seed 002: information is spoken at the table and not sent around; only the actielijst is. So an
entry stays in this service with its eigenaar and categorie, and every read asks the PDP.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

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
    """Kind of information, for the policy (DESIGN.md §6)."""

    POLITIE = "politie"
    JUSTITIE = "justitie"
    ZORG = "zorg"
    JEUGD = "jeugd"
    WONEN = "wonen"
    FINANCIEEL = "financieel"
    ALGEMEEN = "algemeen"


@dataclass(frozen=True)
class Informatieitem:
    """One entry: what a partner brought in, when and in which overleg."""

    item_id: uuid.UUID
    casus_id: uuid.UUID
    onderdeel: Onderdeel
    eigenaar: str
    categorie: Categorie
    tekst: str
    ingebracht_op: datetime
    vastgelegd_door: str
    overleg_id: uuid.UUID | None = None
