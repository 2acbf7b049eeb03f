"""What the use cases need from the outside world, as protocols (adapters implement them)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from zvh_contracts.base import Event
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_platform.clock import Clock as Clock  # the keten's one clock, for the use cases

from zvh_intake.domain.aanhouding import Aanhouding, Aanhoudingslijst
from zvh_intake.domain.informatie import InformatieItem
from zvh_intake.domain.model import Melding, MeldingStatus
from zvh_intake.domain.onverwerkbaar import OnverwerkbaarBericht
from zvh_intake.domain.rapportage import MeldingTelling
from zvh_intake.domain.vpt import NazorgContact, VptIncident


class MeldingRepository(Protocol):
    """Meldingen with their content and pseudonyms."""

    async def get(self, melding_id: uuid.UUID) -> Melding | None: ...

    async def get_many(self, melding_ids: Sequence[uuid.UUID]) -> list[Melding]:
        """The known meldingen among the ids, in that order."""

    async def find_by_referentie(
        self, *, eigenaar: str, melder_referentie: str
    ) -> Melding | None: ...

    async def add(self, melding: Melding) -> None: ...

    async def save_triage(self, melding: Melding) -> bool:
        """Store the triage; False when the melding was no longer te-trieren (a race lost)."""
        ...

    async def lijst(self, *, status: MeldingStatus | None = None) -> list[Melding]: ...

    async def tellingen(self, *, van: datetime, tot: datetime) -> list[MeldingTelling]:
        """Counts of the meldingen received in ``[van, tot)`` per gemeente, melder, uitkomst."""
        ...

    async def met_pseudoniem(self, pseudoniem: str) -> list[uuid.UUID]:
        """Ids of meldingen about the person with this pseudonym (returning persons)."""
        ...

    async def in_casus(self, pseudoniemen: list[str]) -> set[str]:
        """Those of ``pseudoniemen`` that a melding triaged as casus is about (one query)."""
        ...

    async def save_item(self, item: InformatieItem) -> None:
        """Store the eigenaar's controls of one informatie-item (restriction, withdrawal)."""
        ...


class OnverwerkbaarRepository(Protocol):
    """Messages that could not be processed, kept for inspection."""

    async def add(self, bericht: OnverwerkbaarBericht) -> None: ...

    async def lijst(self, *, limit: int = 100) -> list[OnverwerkbaarBericht]: ...


class AanhoudingRepository(Protocol):
    """The police's daily lists of arrests (Triage Aanhoudingen) and the marks on them."""

    async def lijst(self, lijst_id: uuid.UUID) -> Aanhoudingslijst | None: ...

    async def op_datums(self, datums: Sequence[date]) -> list[Aanhoudingslijst]:
        """The lists of these days, newest day first."""
        ...

    async def add_lijst(self, lijst: Aanhoudingslijst) -> None:
        """Store a new list with its arrests."""
        ...

    async def add_aanhoudingen(self, nieuw: Sequence[Aanhouding]) -> None:
        """Add arrests to a stored list (a resent list with more on it)."""
        ...

    async def get(self, aanhouding_id: uuid.UUID) -> Aanhouding | None: ...

    async def save_markering(self, aanhouding: Aanhouding) -> bool:
        """Store the mark; False when a melding was made of it meanwhile (a race lost)."""
        ...


class VptRepository(Protocol):
    """The meldpunt's incidents (agressie en geweld) with their nazorg contacts."""

    async def get(self, incident_id: uuid.UUID) -> VptIncident | None: ...

    async def find_by_referentie(
        self, *, organisatie: str, referentie: str
    ) -> VptIncident | None: ...

    async def add(self, incident: VptIncident) -> None: ...

    async def save_nazorg(self, incident: VptIncident, contact: NazorgContact) -> None:
        """Store one registered contact of ``incident`` (and whether it is still open)."""
        ...

    async def voor(self, *, organisatie: str, user: str) -> list[VptIncident]:
        """Candidates for a user's list, newest first (the PDP decides each one)."""
        ...

    async def open_per_casemanager(self) -> dict[str, int]: ...

    async def gemeld_tussen(
        self, *, organisatie: str, van: datetime, tot: datetime
    ) -> list[VptIncident]: ...


class UnitOfWork(Protocol):
    """One transaction: repositories, inbox dedupe and outbox, committed together.

    Leaving the context without ``commit()`` rolls back.
    """

    # Read-only members: an adapter's own repository types fit (a mutable one would not).
    @property
    def meldingen(self) -> MeldingRepository: ...

    @property
    def onverwerkbaar(self) -> OnverwerkbaarRepository: ...

    @property
    def aanhoudingen(self) -> AanhoudingRepository: ...

    @property
    def vpt(self) -> VptRepository: ...

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        """Record ``event_id`` as handled; True when it was handled before (skip it)."""
        ...

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Queue ``event`` in the outbox of this transaction; returns its ``ce_id``."""
        ...

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A savepoint: an exception inside rolls back only what ran inside it."""
        ...

    async def commit(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class PolicyDecisionPoint(Protocol):
    """The consent service's PDP (``zvh_platform.pdp.PdpClient`` fits)."""

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision: ...

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        """One decision per request, in order, in one round trip."""
        ...


class ConvenantGeldigheid(Protocol):
    """One organisation's convenant validity today, with the reason (Dutch)."""

    @property
    def geldig(self) -> bool: ...

    @property
    def reden(self) -> str: ...


class ConvenantRegister(Protocol):
    """The consent service's convenant register (``zvh_platform.convenanten.ConvenantClient``).

    Asked before partners are invited; an organisation it cannot vouch for counts as not valid.
    """

    async def geldigheden(
        self, orgs: Iterable[str], *, token: str | None
    ) -> Mapping[str, ConvenantGeldigheid]: ...
