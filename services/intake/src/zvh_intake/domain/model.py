"""The melding aggregate: what a partner reported and what the procesregisseur decided.

The content (betrokkenen, reden …) stays in intake under the melder as eigenaar; only ids, codes,
dates and pseudonyms leave the service.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from zvh_contracts.vocab import TriageUitkomst, Urgentie

from zvh_intake.domain.afwijzing import Reden
from zvh_intake.domain.errors import AlGetrieerd, TriageOngeldig

#: When the client is not informed and no re-check date is given, re-check after this long.
STANDAARD_HERBEOORDELING = timedelta(days=91)


class MeldingStatus(enum.StrEnum):
    """Where a melding is in intake."""

    TE_TRIEREN = "te-trieren"
    GETRIEERD = "getrieerd"


@dataclass(frozen=True)
class Triage:
    """The procesregisseur's decision on a melding."""

    uitkomst: TriageUitkomst
    ave_fase: int | None
    client_geinformeerd: bool
    reden_niet_geinformeerd: str | None
    herbeoordeling_op: date | None
    uit_te_nodigen_partners: tuple[str, ...]
    getrieerd_door: str
    getrieerd_op: datetime


@dataclass(frozen=True)
class Melding:
    """One melding. ``inhoud`` is the submitted content as JSON-ready data (never logged)."""

    id: uuid.UUID
    eigenaar: str
    melder_referentie: str
    urgentie: Urgentie
    leefgebieden: tuple[str, ...]
    inhoud: dict[str, Any]
    ontvangen_op: datetime
    triage_uiterlijk: date
    status: MeldingStatus = MeldingStatus.TE_TRIEREN
    traceparent: str | None = None
    pseudoniemen: tuple[str, ...] = field(default_factory=tuple)
    triage: Triage | None = None

    def triageer(self, triage: Triage) -> Melding:
        """This melding with ``triage`` applied; refuses a second triage or an invalid one."""
        if self.status is MeldingStatus.GETRIEERD:
            raise AlGetrieerd(f"melding {self.id} is al getrieerd")
        triage = valideer_triage(triage)
        return replace(self, status=MeldingStatus.GETRIEERD, triage=triage)


def valideer_triage(triage: Triage) -> Triage:
    """Check a triage decision; fills the default herbeoordeling_op (3 months) when needed."""
    redenen: list[Reden] = []
    if triage.uitkomst is TriageUitkomst.CASUS and triage.ave_fase is None:
        redenen.append(Reden(veld="ave_fase", melding="is verplicht bij uitkomst casus"))
    if triage.ave_fase is not None and not 1 <= triage.ave_fase <= 5:
        redenen.append(Reden(veld="ave_fase", melding="moet tussen 1 en 5 liggen"))
    reden: str | None = None
    herbeoordeling: date | None = None
    if not triage.client_geinformeerd:
        reden = (triage.reden_niet_geinformeerd or "").strip() or None
        if reden is None:
            redenen.append(
                Reden(
                    veld="reden_niet_geinformeerd",
                    melding="is verplicht als de cliënt niet geïnformeerd wordt",
                )
            )
        vandaag = triage.getrieerd_op.date()
        herbeoordeling = triage.herbeoordeling_op or vandaag + STANDAARD_HERBEOORDELING
        if herbeoordeling <= vandaag:
            redenen.append(Reden(veld="herbeoordeling_op", melding="moet in de toekomst liggen"))
    if redenen:
        raise TriageOngeldig(redenen)
    return replace(triage, reden_niet_geinformeerd=reden, herbeoordeling_op=herbeoordeling)


#: Information categorie of a melder, by the start of its partner code (DESIGN.md §6).
_CATEGORIE_PER_PREFIX: tuple[tuple[str, str], ...] = (
    ("politie", "politie"),
    ("om-", "justitie"),
    ("reclassering", "justitie"),
    ("ggz", "zorg"),
    ("bemoeizorg", "zorg"),
    ("veilig-thuis", "jeugd"),
    ("jeugd", "jeugd"),
    ("woon", "wonen"),
)


def categorie_van(melder: str) -> str:
    """The information categorie a melder's content falls under; 'algemeen' when unknown."""
    for prefix, categorie in _CATEGORIE_PER_PREFIX:
        if melder.startswith(prefix):
            return categorie
    return "algemeen"
