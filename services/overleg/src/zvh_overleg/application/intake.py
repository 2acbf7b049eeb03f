"""The intake service as the UI needs it: the triage queue, one melding, the triage command."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol


class IntakeFout(Exception):
    """Intake could not answer (down, timeout, unexpected reply)."""


class IntakeGeweigerd(IntakeFout):
    """Intake (after asking the PDP) refused; ``reasons`` say why."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class IntakeNietGevonden(IntakeFout):
    """No such melding."""


class IntakeConflict(IntakeFout):
    """The melding was already triaged."""


class IntakeOngeldig(IntakeFout):
    """Intake rejected the triage input (422)."""


class IntakePort(Protocol):
    async def te_trieren(self, *, token: str) -> list[dict[str, Any]]:
        """Meldingen waiting for triage (no content)."""

    async def melding(self, melding_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        """One melding's content, for triage."""

    async def trieer(
        self, melding_id: uuid.UUID, *, triage: dict[str, Any], token: str
    ) -> dict[str, Any]:
        """Record the triage decision."""

    async def labels(self, melding_ids: list[uuid.UUID], *, token: str) -> list[dict[str, Any]]:
        """``[{melding_id, melder_referentie, initialen}]`` for ZVH regie; raises otherwise."""

    async def tellingen(self, *, van: date, tot: date, token: str) -> list[dict[str, Any]]:
        """Counts of the meldingen received from ``van`` up to ``tot``: ``[{gemeente, melder,
        uitkomst, aantal, binnen_termijn}]`` (the report; intake asks the PDP)."""
