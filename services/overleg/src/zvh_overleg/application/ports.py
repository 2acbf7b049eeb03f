"""What the application needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Protocol

from zvh_contracts.base import Event
from zvh_contracts.pdp import Decision, DecisionRequest

from zvh_overleg.domain.bouwschema import Informatieitem
from zvh_overleg.domain.model import Actie, Casus, Terugkoppeling
from zvh_overleg.domain.overleg import Antwoord, Overleg


@dataclass(frozen=True)
class Actor:
    """The signed-in user a command or query runs for, and the token to forward."""

    user_id: str
    org: str
    roles: list[str] = field(default_factory=list)
    token: str | None = None


@dataclass(frozen=True)
class CasusFilter:
    """Filters on the casussen list; each None means 'any'."""

    status: str | None = None  # "open" or "afgesloten"
    ave_fase: int | None = None
    met_deelnemer: str | None = None
    verlopen_voor: date | None = None  # open/loopt acties with wanneer before this date


class CasusRepository(Protocol):
    async def get(self, casus_id: uuid.UUID) -> Casus | None:
        """The casus with its acties and AVE-fase history."""

    async def by_melding(self, melding_id: uuid.UUID) -> Casus | None: ...

    async def list(
        self,
        *,
        melding_id: uuid.UUID | None = None,
        deelnemer: str | None = None,
        filter: CasusFilter | None = None,
    ) -> list[Casus]:
        """Casussen newest first, without acties."""

    async def by_meldingen(self, melding_ids: builtins.list[uuid.UUID]) -> builtins.list[Casus]:
        """Casussen holding any of these meldingen (casus_meldingen), without acties."""

    async def save(self, casus: Casus) -> None:
        """Casus fields and deelnemers; histories and meldingen are append-only."""

    async def terugkoppelingen_van_casus(
        self, casus_id: uuid.UUID
    ) -> builtins.list[Terugkoppeling]:
        """Every report on the casus' acties, oldest first."""

    async def add(self, casus: Casus) -> None: ...

    async def add_actie(self, actie: Actie) -> None: ...

    async def save_actie(self, actie: Actie) -> None: ...

    async def add_terugkoppeling(self, terugkoppeling: Terugkoppeling) -> None: ...


class OverlegRepository(Protocol):
    async def get(self, overleg_id: uuid.UUID) -> Overleg | None:
        """The overleg with its agenda and answers."""

    async def list(
        self,
        *,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
        casus_id: uuid.UUID | None = None,
    ) -> list[Overleg]:
        """Overleggen by start time, optionally in a window or with one casus on the agenda."""

    async def add(self, overleg: Overleg) -> None: ...

    async def save(self, overleg: Overleg) -> None:
        """Fields and agenda; answers are append-only (add_antwoord)."""

    async def add_antwoord(self, overleg_id: uuid.UUID, antwoord: Antwoord) -> None: ...


class InformatieRepository(Protocol):
    async def add(self, item: Informatieitem) -> None: ...

    async def get(self, item_id: uuid.UUID) -> Informatieitem | None: ...

    async def voor_casus(
        self, casus_id: uuid.UUID, *, overleg_id: uuid.UUID | None = None
    ) -> list[Informatieitem]:
        """A casus' entries in the order they were said; only one overleg's when given."""


class UnitOfWork(Protocol):
    """One transaction: state, inbox record and outbox rows commit together."""

    casussen: CasusRepository
    overleggen: OverlegRepository
    informatie: InformatieRepository

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        """Record the incoming event id; True when it was handled before."""

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> None:
        """Queue an outgoing event in this transaction (outbox)."""

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time."""


class PolicyDecisionPoint(Protocol):
    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision: ...
