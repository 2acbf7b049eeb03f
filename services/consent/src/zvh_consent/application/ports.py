"""What the use cases need from the outside world; adapters implement these protocols."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, runtime_checkable

from zvh_contracts.base import Event
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_platform.clock import Clock as Clock  # the keten's one clock, for the use cases

from zvh_consent.domain.beoordeling import Beoordeling
from zvh_consent.domain.beslissingenlog import Beslissing, ChainCheck, Schakel
from zvh_consent.domain.convenant import Convenant, Convenantwijziging
from zvh_consent.domain.doorbreking import Doorbreking
from zvh_consent.domain.toestemming import Toestemming, Toestemmingswijziging


class PolicyEngineError(Exception):
    """The engine could not give a decision (down, broken policy, undefined rule).

    The message is shown as the deny reason: Dutch, no input values.
    """


class PolicyEngine(Protocol):
    """Evaluates ``data.zvh.authz.decision`` for one input document."""

    @property
    def policy_version(self) -> str:
        """Identifies the policy files this engine evaluates (a hash)."""
        ...

    async def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        """The raw decision object; raises ``PolicyEngineError`` when there is none."""
        ...


@runtime_checkable
class BatchPolicyEngine(PolicyEngine, Protocol):
    """An engine that can also take a batch in one call (regorus: one trip to its thread)."""

    async def evaluate_many(
        self, input_docs: Sequence[Mapping[str, Any]]
    ) -> list[Mapping[str, Any] | PolicyEngineError]:
        """Each document's decision object, or its own ``PolicyEngineError``."""
        ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class Requester:
    """Who asks, from the verified bearer token: the PDP decides and logs as this user.

    Never from the request body (docs/architecture.md rule 6): a service asks on a user's behalf
    only by forwarding that user's token, and a service asking for itself is decided as that
    service.
    """

    user: str
    org: str
    roles: tuple[str, ...]


@dataclasses.dataclass(frozen=True, kw_only=True)
class LogFilter:
    """Which decisions are asked for (the FG's log and reports, the eigenaar's overview).

    Every field that is set narrows the result; ``None`` means any.
    """

    user: str | None = None
    casus: str | None = None
    #: The pseudonym of the person the decisions are about (the FG's inzage report).
    betrokkene: str | None = None
    eigenaar: str | None = None
    #: Only decisions for users of another organisation than this one.
    andere_org_dan: str | None = None
    resource_types: tuple[str, ...] | None = None
    action: str | None = None
    allow: bool | None = None
    limit: int = 100

    def past(self, b: Beslissing) -> bool:
        """Whether ``b`` matches (the in-memory check; the SQL adapter builds the same query)."""
        return (
            (self.user is None or b.user == self.user)
            and (self.casus is None or b.casus == self.casus)
            and (self.betrokkene is None or b.betrokkene == self.betrokkene)
            and (self.eigenaar is None or b.eigenaar == self.eigenaar)
            and (self.andere_org_dan is None or b.org != self.andere_org_dan)
            and (self.resource_types is None or b.resource_type in self.resource_types)
            and (self.action is None or b.action == self.action)
            and (self.allow is None or b.allow == self.allow)
        )


class DecisionLog(Protocol):
    """The append-only, hash-chained beslissingenlog."""

    async def append(self, beslissing: Beslissing) -> Schakel:
        """Adds a record at the chain head; appends are serialised."""
        ...

    async def append_many(self, records: Sequence[Beslissing]) -> list[Schakel]:
        """Adds the records one after another at the chain head, all or none (one transaction)."""
        ...

    async def list(self, flt: LogFilter) -> list[Schakel]:
        """Newest first."""
        ...

    async def verify_chain(self) -> ChainCheck:
        """Recomputes the whole chain."""
        ...


class DecidePort(Protocol):
    """The PDP as the entrypoints see it."""

    async def __call__(
        self,
        request: DecisionRequest,
        *,
        requester: Requester,
        uiterlijk: datetime | None = None,
    ) -> Decision:
        """The decision for ``request`` asked by ``requester`` (its ``subject`` is ignored).

        ``uiterlijk``: the enforcement point's deadline; logged after it, the answer is a deny.
        """
        ...

    async def many(
        self,
        requests: Sequence[DecisionRequest],
        *,
        requester: Requester,
        uiterlijk: datetime | None = None,
    ) -> list[Decision]:
        """One decision per request, in order, each as ``requester``; all logged in one append."""
        ...


class ConvenantRepository(Protocol):
    """The convenant register inside one unit of work."""

    async def get(self, org: str) -> Convenant | None:
        """The organisation's convenant, if it has one."""
        ...

    async def lijst(self) -> list[Convenant]:
        """Every convenant, by organisation code."""
        ...

    async def bewaar(self, convenant: Convenant, *, op: datetime, door: str) -> None:
        """Adds or replaces the organisation's convenant (its categorieën replaced as a whole)."""
        ...

    async def voeg_wijziging_toe(self, wijziging: Convenantwijziging) -> None:
        """Appends one audit record."""
        ...

    async def wijzigingen(self, org: str) -> list[Convenantwijziging]:
        """The audit of one organisation's convenant, oldest first."""
        ...

    async def aantal(self) -> int:
        """How many convenanten there are (seeding happens only into an empty register)."""
        ...


class ToestemmingRepository(Protocol):
    """The toestemming register inside one unit of work."""

    async def add(self, t: Toestemming) -> None:
        """Adds a new toestemming."""
        ...

    async def get(self, toestemming_id: uuid.UUID) -> Toestemming | None:
        """One toestemming with its current state."""
        ...

    async def bewaar_status(self, t: Toestemming) -> None:
        """Stores a new state of ``t`` (status, gewijzigd_op, gewijzigd_door)."""
        ...

    async def voeg_wijziging_toe(self, w: Toestemmingswijziging) -> None:
        """Appends one history record."""
        ...

    async def wijzigingen(self, toestemming_id: uuid.UUID) -> list[Toestemmingswijziging]:
        """A toestemming's history, oldest first."""
        ...

    async def zoek(
        self, *, betrokkene: str | None, casus: str | None, limit: int
    ) -> list[Toestemming]:
        """Toestemmingen of a betrokkene and/or casus, newest first."""
        ...


class DoorbrekingRepository(Protocol):
    """Doorbrekingen and their reviews inside one unit of work (both append-only)."""

    async def add(self, d: Doorbreking) -> None:
        """Stores a new doorbreking."""
        ...

    async def lijst(
        self,
        *,
        casus: str | None,
        user: str | None,
        actief_op: datetime | None,
        limit: int,
        onbeoordeeld: bool = False,
    ) -> list[Doorbreking]:
        """Doorbrekingen with their review, newest first; ``actief_op``: only those running at
        that moment; ``onbeoordeeld``: only those the FG has not reviewed yet."""
        ...

    async def get(self, doorbreking_id: uuid.UUID) -> Doorbreking | None:
        """One doorbreking with its review, if any."""
        ...

    async def beoordeel(self, b: Beoordeling) -> None:
        """Stores the review; raises ``BestaatAl`` when the doorbreking already has one."""
        ...


class RegisterUnitOfWork(Protocol):
    """One transaction over the registers, with consent's outbox (``publish``)."""

    # Read-only members: an adapter's own repository types fit (a mutable one would not).
    @property
    def convenanten(self) -> ConvenantRepository: ...

    @property
    def toestemmingen(self) -> ToestemmingRepository: ...

    @property
    def doorbrekingen(self) -> DoorbrekingRepository: ...

    async def __aenter__(self) -> Any: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None:
        """Commits the registers' changes and queued events together."""
        ...

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Queues ``event`` in the outbox, in this transaction."""
        ...

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Runs ``callback`` once the transaction is really committed."""
        ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class Registerlezing:
    """What one read of the registers returned (a part not asked for is ``None``)."""

    convenanten: list[Convenant] | None = None
    toestemmingen: Mapping[str, list[Toestemming]] | None = None
    doorbrekingen: list[Doorbreking] | None = None


class RegisterBron(Protocol):
    """The registers as the PDP reads them: one read (one session) per batch of questions."""

    async def lees(
        self,
        *,
        convenanten: bool,
        betrokkenen: Collection[str],
        doorbrekingen_van: str | None,
        nu: datetime,
    ) -> Registerlezing:
        """Every convenant (when asked), every toestemming of ``betrokkenen``, and the
        doorbrekingen of user ``doorbrekingen_van`` not yet ended at ``nu``."""
        ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class RegisterContext:
    """What the register use cases need: a transaction, the PDP (who may), a clock, and what to
    call after a committed change (the PDP's register cache forgets what it held)."""

    uow: Callable[[], RegisterUnitOfWork]
    decide: DecidePort
    clock: Clock
    gewijzigd: Callable[[], None] = lambda: None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ConsentHandlers:
    """What the HTTP entrypoints call; bootstrap builds it once the database is up."""

    decide: DecidePort
    decision_log: DecisionLog
    registers: RegisterContext | None = None
    #: The deployment's pseudonym key (``ZVH_PSEUDONYM_KEY``): the FG's report recomputes a
    #: person's pseudonym from a BSN or name. ``None``: the report is not available.
    pseudonym_key: bytes | None = None
