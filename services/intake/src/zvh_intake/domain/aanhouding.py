"""Triage Aanhoudingen (seed 002): the police's daily list of arrests and the marks on it.

Every morning the procesregisseur and bemoeizorg go through yesterday's arrests and mark each one:
nothing to do, bemoeizorg goes round, or a melding is made of it (owned by the police, who made
the arrest). The list holds ids, pseudonyms and codes only; the marks record who and when.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from zvh_contracts.envelope import derived_id
from zvh_contracts.vocab import Categorie

from zvh_intake.domain.errors import IntakeError
from zvh_intake.domain.informatie import categorie_van
from zvh_intake.domain.pseudoniem import PSEUDONIEM_LENGTE
from zvh_intake.domain.termijnen import TIJDZONE

#: What ``melder_referentie`` a melding made of an arrest gets (the police's id behind it).
REFERENTIE_PREFIX = "aanhouding:"


class Markering(enum.StrEnum):
    """What the ZVH decided about one arrest."""

    OPEN = "open"
    GEEN_ACTIE = "geen-actie"
    BEMOEIZORG_GAAT_LANGS = "bemoeizorg-gaat-langs"
    MELDING_AANMAKEN = "melding-aanmaken"


#: The marks a user can choose (``open`` is the starting point, not a choice).
KEUZES = (Markering.GEEN_ACTIE, Markering.BEMOEIZORG_GAAT_LANGS, Markering.MELDING_AANMAKEN)

MARKERING_NAMEN = {
    Markering.OPEN: "nog te doen",
    Markering.GEEN_ACTIE: "geen actie",
    Markering.BEMOEIZORG_GAAT_LANGS: "bemoeizorg gaat langs",
    Markering.MELDING_AANMAKEN: "melding aangemaakt",
}


class AanhoudingNietGevonden(IntakeError):
    """No arrest with this id."""


class AanhoudingAfgerond(IntakeError):
    """A melding was already made of this arrest: its mark no longer changes."""


def is_politie(org: str) -> bool:
    """Whether ``org`` is a police partner (its partner type, as in ``categorie_van``)."""
    return categorie_van(org) is Categorie.POLITIE


def regel_id(politie: str, lijst_id: str, aanhouding_id: str) -> uuid.UUID:
    """The stable id of one arrest on one police list (the same on every replay)."""
    return derived_id("aanhouding", politie, lijst_id, aanhouding_id)


def lijst_uuid(politie: str, lijst_id: str) -> uuid.UUID:
    """The stable id of one police list."""
    return derived_id("aanhoudingslijst", politie, lijst_id)


def persoon_pseudoniem(*, key: bytes, politie: str, pseudoniem: str) -> str:
    """The ZVH's own keyed pseudonym for the police's pseudonym of a person.

    Namespaced by the police partner, so it never collides with a pseudonym of a named person;
    the same arrested person keeps the same pseudonym, so a returning person is recognised.
    """
    data = f"politie-pseudoniem:{politie}:{pseudoniem}".encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()[:PSEUDONIEM_LENGTE]


@dataclass(frozen=True)
class Aanhouding:
    """One arrest on a list, with its mark."""

    id: uuid.UUID
    lijst: uuid.UUID
    aanhouding_id: str
    persoon_pseudoniem: str
    feitcodes: tuple[str, ...]
    tijdstip: datetime
    gemeente: str | None = None
    markering: Markering = Markering.OPEN
    gemarkeerd_door: str | None = None
    gemarkeerd_op: datetime | None = None
    melding_id: uuid.UUID | None = None

    @property
    def open(self) -> bool:
        return self.markering is Markering.OPEN

    def markeer(
        self, keuze: Markering, *, door: str, op: datetime, melding_id: uuid.UUID | None = None
    ) -> Aanhouding:
        """This arrest with ``keuze`` recorded by ``door`` at ``op``.

        A mark may be changed until a melding is made of the arrest; that one is final.
        """
        if keuze is Markering.OPEN:
            raise ValueError("'open' is geen keuze")
        if self.markering is Markering.MELDING_AANMAKEN:
            raise AanhoudingAfgerond("van deze aanhouding is al een melding gemaakt")
        if (keuze is Markering.MELDING_AANMAKEN) != (melding_id is not None):
            raise ValueError("melding_id hoort precies bij 'melding-aanmaken'")
        return replace(
            self, markering=keuze, gemarkeerd_door=door, gemarkeerd_op=op, melding_id=melding_id
        )

    def melding_inhoud(self) -> dict[str, Any]:
        """The content of the melding made of this arrest (stays in intake, eigenaar politie)."""
        codes = ", ".join(self.feitcodes)
        waar = f", gemeente {self.gemeente}" if self.gemeente else ""
        wanneer = self.tijdstip.astimezone(TIJDZONE).strftime("%d-%m-%Y %H:%M")
        return {
            "betrokkenen": [],
            "reden": (
                f"Aanhouding {self.aanhouding_id} op {wanneer}{waar}; "
                f"feitcode(s) {codes}. Aangemaakt bij de Triage Aanhoudingen."
            ),
            "leefgebieden": ["justitie", "veiligheid"],
            "urgentie": "normaal",
            "voorgestelde_ave_fase": None,
            "client_geinformeerd": False,
            "reden_niet_geinformeerd": (
                "aangemaakt uit de Triage Aanhoudingen; de cliënt is nog niet geïnformeerd"
            ),
            "uit_te_nodigen_partners": [],
            "aanhouding_id": self.aanhouding_id,
        }


@dataclass(frozen=True)
class Aanhoudingslijst:
    """One daily list from one police partner."""

    id: uuid.UUID
    politie: str
    lijst_id: str
    datum: date
    ontvangen_op: datetime
    aanhoudingen: tuple[Aanhouding, ...] = ()

    @property
    def open(self) -> int:
        return sum(1 for a in self.aanhoudingen if a.open)

    @property
    def afgehandeld(self) -> int:
        return len(self.aanhoudingen) - self.open

    def aangevuld(self, nieuw: tuple[Aanhouding, ...]) -> tuple[Aanhouding, ...]:
        """The arrests of a resent list that this list does not hold yet (marks are kept)."""
        bekend = {a.aanhouding_id for a in self.aanhoudingen}
        return tuple(a for a in nieuw if a.aanhouding_id not in bekend)
