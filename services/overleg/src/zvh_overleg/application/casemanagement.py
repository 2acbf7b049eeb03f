"""The casemanagement model of a casus (seed 003, §1.1): the suggestion at triage and its termijnen.

Three models: makelaar (arranging and coordinating help), coördinatie-plus (also direct contact
with the cliënt, e.g. eerste hulp) and intensief (much direct involvement). At triage the
procesregisseur ticks the inclusion criteria (seed 003, §2.1, Utrecht: "acuut geweld … en de
problemen betreffen minimaal vier leefgebieden"):

- acuut geweld (or its direct consequences);
- the number of leefgebieden (counted from the melding);
- the ketens involved: zorg, veiligheid, straf.

:func:`voorgesteld_model` turns the checklist into a suggestion; the procesregisseur may choose
another model, and then :func:`modelkeuze_fouten` requires a reason (it stays in overleg, with the
casus history). :func:`termijnen_van_casus` lists the termijnen that apply to a casus of a model,
with their deadlines. Pure: no I/O, no frameworks.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from zvh_contracts.triage import MAX_REDEN, TriageFout
from zvh_contracts.vocab import Casemanagementmodel
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijn, Termijnen, deadline

from zvh_overleg.application.ports import Actor, Clock, UnitOfWorkFactory
from zvh_overleg.domain.model import TriageModelkeuze

__all__ = [
    "KETEN_NAMEN",
    "LEEFGEBIEDEN_INTENSIEF",
    "MODEL_NAMEN",
    "Inclusiecriteria",
    "Keten",
    "TermijnVanCasus",
    "bewaar_triagekeuze",
    "ketens_uit",
    "modelkeuze_fouten",
    "termijnen_van_casus",
    "voorgesteld_model",
    "wijziging_fouten",
]

#: From this many leefgebieden on, the checklist suggests intensief (seed 003: "minimaal vier").
LEEFGEBIEDEN_INTENSIEF = 4

#: How the models are called on the pages.
MODEL_NAMEN: dict[Casemanagementmodel, str] = {
    Casemanagementmodel.MAKELAAR: "Makelaar (coördinatie)",
    Casemanagementmodel.COORDINATIE_PLUS: "Coördinatie-plus",
    Casemanagementmodel.INTENSIEF: "Intensief casemanagement",
}


class Keten(enum.StrEnum):
    """The ketens a casus can involve (seed 003, §1.2: politie, justitie, hulpverlening)."""

    ZORG = "zorg"
    VEILIGHEID = "veiligheid"
    STRAF = "straf"


#: How the ketens are called on the triage page.
KETEN_NAMEN: dict[Keten, str] = {
    Keten.ZORG: "Zorg",
    Keten.VEILIGHEID: "Veiligheid",
    Keten.STRAF: "Straf",
}


@dataclass(frozen=True)
class Inclusiecriteria:
    """The checklist at triage."""

    acuut_geweld: bool = False
    leefgebieden: int = 0
    ketens: frozenset[Keten] = frozenset()

    @property
    def meerdere_leefgebieden(self) -> bool:
        return self.leefgebieden >= 2

    @property
    def meerdere_ketens(self) -> bool:
        return len(self.ketens) >= 2


def voorgesteld_model(criteria: Inclusiecriteria) -> Casemanagementmodel:
    """The model the checklist suggests.

    - intensief: problems on at least four leefgebieden (seed 003, Utrecht's definition of "a
      casus for the casemanager");
    - coördinatie-plus: acuut geweld (direct help is needed: Eindhoven's eerste hulp, "acute
      crisisbegeleiding") or several ketens involved (zorg, veiligheid, straf);
    - makelaar otherwise: coordinating the help is enough.
    """
    if criteria.leefgebieden >= LEEFGEBIEDEN_INTENSIEF:
        return Casemanagementmodel.INTENSIEF
    if criteria.acuut_geweld or criteria.meerdere_ketens:
        return Casemanagementmodel.COORDINATIE_PLUS
    return Casemanagementmodel.MAKELAAR


def modelkeuze_fouten(
    *,
    voorgesteld: Casemanagementmodel,
    gekozen: Casemanagementmodel | None,
    reden: str | None,
    veld_model: str = "model",
    veld_reden: str = "model_reden",
) -> list[TriageFout]:
    """What is wrong with the procesregisseur's choice; a reason is needed to differ."""
    if gekozen is None:
        return [TriageFout(veld_model, "Kies een casemanagementmodel.")]
    tekst = (reden or "").strip()
    if gekozen is not voorgesteld and not tekst:
        return [
            TriageFout(
                veld_reden,
                "Vul een reden in waarom u een ander model kiest dan het voorgestelde "
                f"({MODEL_NAMEN[voorgesteld]}).",
            )
        ]
    if len(tekst) > MAX_REDEN:
        return [TriageFout(veld_reden, f"Gebruik hoogstens {MAX_REDEN} tekens voor de reden.")]
    return []


def wijziging_fouten(
    *,
    huidig: Casemanagementmodel,
    nieuw: Casemanagementmodel | None,
    reden: str | None,
) -> list[TriageFout]:
    """A later change by the procesregisseur: another model, always with a reason."""
    if nieuw is None:
        return [TriageFout("model", "Kies een casemanagementmodel.")]
    if nieuw is huidig:
        return [TriageFout("model", "Kies een ander model dan het huidige.")]
    tekst = (reden or "").strip()
    if not tekst:
        return [TriageFout("reden", "Vul een reden in voor het wijzigen van het model.")]
    if len(tekst) > MAX_REDEN:
        return [TriageFout("reden", f"Gebruik hoogstens {MAX_REDEN} tekens voor de reden.")]
    return []


#: The start events a casus' own dates give: the opening, the start of the help (eerste hulp
#: counts from the recorded hulp-gestart day; from the opening until that is recorded) and the
#: closing.
_START_BIJ_OPENEN = frozenset({"casus-geopend"})
_START_BIJ_HULP = frozenset({"eerste-hulp-gestart"})
_START_BIJ_AFSLUITEN = frozenset({"casus-afgesloten"})


@dataclass(frozen=True)
class TermijnVanCasus:
    """A termijn that applies to a casus, with its deadline."""

    termijn: Termijn
    uiterlijk: date

    @property
    def code(self) -> str:
        return self.termijn.code

    @property
    def naam(self) -> str:
        return self.termijn.naam


def termijnen_van_casus(
    model: Casemanagementmodel,
    *,
    geopend_op: datetime | date,
    afgesloten_op: datetime | date | None = None,
    hulp_gestart_op: date | None = None,
    termijnen: Termijnen | None = None,
    kalender: Kalender = NEDERLAND,
) -> list[TermijnVanCasus]:
    """The termijnen of a casus of ``model``, each with its deadline (in the region's order).

    Counted from the opening date: those that start when the casus opens; eerste hulp
    (coördinatie-plus and intensief only) from ``hulp_gestart_op``, the recorded day the help
    started, or as if it started at the opening while that is not recorded. The nacontrole only
    once the casus is closed. Termijnen of meldingen, overleggen and acties are not the casus'
    own (``termijnstatus`` adds those of its overleggen and acties).
    """
    gekozen = (termijnen if termijnen is not None else Termijnen()).voor_model(model)
    uit: list[TermijnVanCasus] = []
    for termijn in gekozen:
        start: datetime | date | None
        if termijn.start in _START_BIJ_OPENEN:
            start = geopend_op
        elif termijn.start in _START_BIJ_HULP:
            start = hulp_gestart_op or geopend_op
        elif termijn.start in _START_BIJ_AFSLUITEN:
            start = afgesloten_op
        else:
            continue
        if start is not None:
            uit.append(TermijnVanCasus(termijn, deadline(termijn, start, kalender)))
    return uit


def ketens_uit(waarden: Collection[str]) -> frozenset[Keten]:
    """The ketens ticked on a form (unknown values are ignored)."""
    return frozenset(Keten(w) for w in waarden if w in {k.value for k in Keten})


async def bewaar_triagekeuze(
    melding_id: uuid.UUID,
    *,
    voorgesteld: Casemanagementmodel,
    gekozen: Casemanagementmodel,
    reden: str | None,
    actor: Actor,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> None:
    """Keep the triage page's model choice with the casus history (by melding: the triage event
    opens the casus). Only after intake accepted the triage; the reason never leaves overleg."""
    async with uow() as tx:
        await tx.casussen.add_modelkeuze(
            TriageModelkeuze(
                melding_id=melding_id,
                voorgesteld=voorgesteld,
                gekozen=gekozen,
                reden=(reden or "").strip() or None if gekozen is not voorgesteld else None,
                door=actor.user_id,
                gekozen_op=clock.now(),
            )
        )
        await tx.commit()
