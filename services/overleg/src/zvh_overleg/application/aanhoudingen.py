"""Triage Aanhoudingen as the UI needs it: intake holds the police's lists and decides who may.

Overleg keeps nothing of the lists: it shows what intake returns (after intake asked the PDP)
and passes the user's mark on with the user's own token.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

#: The marks a user can choose, in the order the page offers them, with their Dutch names.
KEUZES: dict[str, str] = {
    "geen-actie": "Geen actie",
    "bemoeizorg-gaat-langs": "Bemoeizorg gaat langs",
    "melding-aanmaken": "Melding aanmaken",
}

#: How a recorded mark reads on the page.
MARKERING_LABELS: dict[str, str] = {
    "open": "Nog te doen",
    "geen-actie": "Geen actie",
    "bemoeizorg-gaat-langs": "Bemoeizorg gaat langs",
    "melding-aanmaken": "Melding aangemaakt",
}


class AanhoudingenPort(Protocol):
    """Intake's ``/v1/aanhoudingen`` (``IntakeClient`` fits); failures raise ``IntakeFout``."""

    async def aanhoudingen(self, *, token: str) -> dict[str, Any]:
        """``{open, afgehandeld, lijsten: [...]}`` of today and yesterday."""

    async def markeer_aanhouding(
        self, aanhouding: uuid.UUID, *, markering: str, token: str
    ) -> dict[str, Any]:
        """Record the mark; the arrest as intake stored it (``melding_id`` when one was made)."""
