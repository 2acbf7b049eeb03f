"""In-memory adapters for intake's unit tests: a store that commits or rolls back as a whole."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from zvh_contracts.base import Event
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_intake.domain.model import Melding, MeldingStatus
from zvh_intake.domain.onverwerkbaar import OnverwerkbaarBericht


@dataclass
class Uitgaand:
    """One event queued in the fake outbox."""

    event: Event
    topic: str
    event_id: uuid.UUID


@dataclass
class Store:
    """Committed state shared by fake units of work."""

    meldingen: dict[uuid.UUID, Melding] = field(default_factory=dict)
    onverwerkbaar: list[OnverwerkbaarBericht] = field(default_factory=list)
    inbox: set[uuid.UUID] = field(default_factory=set)
    outbox: list[Uitgaand] = field(default_factory=list)
    commits: int = 0


class FakeMeldingen:
    def __init__(self, data: dict[uuid.UUID, Melding]) -> None:
        self.data = data

    async def get(self, melding_id: uuid.UUID) -> Melding | None:
        return self.data.get(melding_id)

    async def get_many(self, melding_ids: Sequence[uuid.UUID]) -> list[Melding]:
        return [self.data[i] for i in dict.fromkeys(melding_ids) if i in self.data]

    async def find_by_referentie(self, *, eigenaar: str, melder_referentie: str) -> Melding | None:
        return next(
            (
                m
                for m in self.data.values()
                if m.eigenaar == eigenaar and m.melder_referentie == melder_referentie
            ),
            None,
        )

    async def add(self, melding: Melding) -> None:
        self.data[melding.id] = melding

    async def save_triage(self, melding: Melding) -> bool:
        if self.data[melding.id].status is not MeldingStatus.TE_TRIEREN:
            return False
        self.data[melding.id] = melding
        return True

    async def lijst(self, *, status: MeldingStatus | None = None) -> list[Melding]:
        return [m for m in self.data.values() if status is None or m.status is status]

    async def met_pseudoniem(self, pseudoniem: str) -> list[uuid.UUID]:
        return [m.id for m in self.data.values() if pseudoniem in m.pseudoniemen]


class FakeOnverwerkbaar:
    def __init__(self, data: list[OnverwerkbaarBericht]) -> None:
        self.data = data

    async def add(self, bericht: OnverwerkbaarBericht) -> None:
        self.data.append(bericht)

    async def lijst(self, *, limit: int = 100) -> list[OnverwerkbaarBericht]:
        return self.data[-limit:]


class FakeUnitOfWork:
    """Works on copies; ``commit`` writes them back to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meldingen = FakeMeldingen(dict(store.meldingen))
        self.onverwerkbaar = FakeOnverwerkbaar(list(store.onverwerkbaar))
        self._inbox = set(store.inbox)
        self._outbox: list[Uitgaand] = []

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        if event_id in self._inbox:
            return True
        self._inbox.add(event_id)
        return False

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        eid = event_id or uuid.uuid4()
        self._outbox.append(Uitgaand(event=copy.deepcopy(event), topic=topic, event_id=eid))
        return eid

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """Snapshot the copies; an exception inside restores them."""
        saved = (
            dict(self.meldingen.data),
            list(self.onverwerkbaar.data),
            set(self._inbox),
            list(self._outbox),
        )
        try:
            yield
        except BaseException:
            self.meldingen.data, self.onverwerkbaar.data, self._inbox, self._outbox = saved
            raise

    async def commit(self) -> None:
        self.store.meldingen = self.meldingen.data
        self.store.onverwerkbaar = self.onverwerkbaar.data
        self.store.inbox = self._inbox
        self.store.outbox.extend(self._outbox)
        self._outbox = []
        self.store.commits += 1

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class FakeClock:
    """A clock tests can set and move."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2025, 3, 12, 9, 30, tzinfo=UTC)  # a Wednesday

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: Any) -> None:
        self.now += timedelta(**kwargs)


class FakePdp:
    """Allows or denies; records the requests it was asked."""

    def __init__(self, *, allow: bool, reasons: list[str] | None = None) -> None:
        self.allow = allow
        self.reasons = reasons or (["toegestaan"] if allow else ["geen regel staat dit toe"])
        self.requests: list[tuple[DecisionRequest, str | None]] = []

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append((request, token))
        return Decision(allow=self.allow, reasons=self.reasons)


class BrokenPdp:
    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        raise ConnectionError("pdp down")


def with_status(melding: Melding, status: MeldingStatus) -> Melding:
    return replace(melding, status=status)
