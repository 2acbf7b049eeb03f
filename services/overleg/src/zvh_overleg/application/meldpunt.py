"""The meldpunt agressie en geweld as the UI needs it (issue 10): intake holds the report and
its nazorg and asks the PDP; overleg's pages only pass the user's input on with the user's own
token and show what intake answers."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol

from zvh_overleg.application.intake import IntakeOngeldig

#: The kinds of incident, in the order the form offers them, with their Dutch names.
SOORTEN: dict[str, str] = {
    "verbaal": "Verbaal geweld (schelden, beledigen)",
    "bedreiging": "Bedreiging",
    "fysiek": "Fysiek geweld",
    "intimidatie-online": "Intimidatie online",
    "schade-aan-eigendom": "Schade aan eigendom",
}

#: The nazorg contacts and how the page names them.
NAZORG_LABELS: dict[str, str] = {
    "eerste": "Eerste contact (binnen 1 werkdag)",
    "een-week": "Na 1 week",
    "zes-weken": "Na 4 tot 6 weken",
}

IMPACT_LABELS: dict[int, str] = {
    1: "1 – weinig",
    2: "2",
    3: "3",
    4: "4",
    5: "5 – heel veel",
}


class IntakeVeldfouten(IntakeOngeldig):
    """Intake refused the report (422); ``velden`` maps a field to its Dutch error."""

    def __init__(self, velden: dict[str, str]) -> None:
        super().__init__("; ".join(velden.values()) or "de melding is niet geldig")
        self.velden = velden


class MeldpuntPort(Protocol):
    """Intake's ``/v1/vpt-incidenten`` (``IntakeClient`` fits); failures raise ``IntakeFout``."""

    async def meld_vpt_incident(self, melding: dict[str, Any], *, token: str) -> dict[str, Any]:
        """Report an incident for the token's organisation: ``{incident_id, ...}``; raises
        IntakeVeldfouten with Dutch field errors."""

    async def vpt_incidenten(self, *, token: str) -> list[dict[str, Any]]:
        """The incidents this user may read (intake asked the PDP), newest first."""

    async def vpt_incident(self, incident_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        """The full report with its nazorg contacts and casemanager."""

    async def vpt_nazorg_gedaan(
        self, incident_id: uuid.UUID, *, contact: str, op: date, token: str
    ) -> dict[str, Any]:
        """Register a nazorg contact as done."""


def nazorg_staten(nazorg: list[dict[str, Any]], *, vandaag: date) -> list[dict[str, Any]]:
    """Each nazorg contact with its ``staat``: ``gedaan``; ``te-laat`` past its uiterlijk;
    ``te-doen`` for the first open one (it is due now: the next contact to make); ``gepland``
    for the later ones."""
    uit: list[dict[str, Any]] = []
    eerste_open = True
    for n in nazorg:
        rij = dict(n)
        try:
            uiterlijk = date.fromisoformat(str(n.get("uiterlijk")))
        except ValueError:
            uiterlijk = None
        if n.get("gedaan_op"):
            rij["staat"] = "gedaan"
        elif uiterlijk is not None and uiterlijk < vandaag:
            rij["staat"] = "te-laat"
            eerste_open = False
        elif eerste_open:
            rij["staat"] = "te-doen"
            eerste_open = False
        else:
            rij["staat"] = "gepland"
        uit.append(rij)
    return uit
