"""The overleg aggregate: one meeting that discusses several casussen in order.

Plain Python. Times are aware datetimes; staff plan in Europe/Amsterdam. Every change the
partners' calendars must follow raises ``sequence`` (iCalendar SEQUENCE), the UID never changes.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort


class OverlegStatus(enum.StrEnum):
    """Where an overleg stands."""

    GEPLAND = "gepland"
    GEANNULEERD = "geannuleerd"
    VERSLAG_VASTGESTELD = "verslag-vastgesteld"


@dataclass(frozen=True)
class Antwoord:
    """A partner's answer to its invitation; the reden is that partner's content."""

    partner: str
    antwoord: OverlegAntwoord
    reden: str | None
    beantwoord_op: datetime
    door: str  # user id, or "kafka" when the partner's adapter answered


@dataclass
class Overleg:
    """A planned casusoverleg, Casus Plus or zorgoverleg with its agenda of casussen."""

    overleg_id: uuid.UUID
    soort: OverlegSoort
    start: datetime
    eind: datetime
    locatie: str
    voorzitter: str
    agenda: list[uuid.UUID]
    gepland_op: datetime
    gepland_door: str
    status: OverlegStatus = OverlegStatus.GEPLAND
    sequence: int = 0
    reeks_id: uuid.UUID | None = None
    antwoorden: list[Antwoord] = field(default_factory=list)
    verslag_vastgesteld_op: datetime | None = None

    @property
    def datum(self) -> date:
        return self.start.date()

    def antwoord_van(self, partner: str) -> Antwoord | None:
        """The latest answer of a partner, if it answered."""
        found = [a for a in self.antwoorden if a.partner == partner]
        return found[-1] if found else None
