"""What the use cases need from the outside world; adapters implement these."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol

from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_platform.clock import Clock as Clock  # the keten's one clock, for the use cases

from zvh_notify.domain.model import Bezorging, Email, Status
from zvh_notify.domain.termijnbewaking import Timer


class BezorgingRepository(Protocol):
    """Persists bezorgingen with their attempts."""

    async def add(self, bezorging: Bezorging) -> None: ...

    async def get(self, bezorging_id: uuid.UUID) -> Bezorging | None: ...

    async def save(self, bezorging: Bezorging) -> None:
        """Store the bezorging's state and any attempts not stored yet."""
        ...

    async def due_emails(self, *, now: datetime, limit: int) -> list[Bezorging]:
        """Waiting e-mail bezorgingen whose next attempt is due, oldest first."""
        ...

    async def due_webhooks(self, *, now: datetime, limit: int) -> list[Bezorging]:
        """Waiting webhook bezorgingen whose next attempt is due, oldest first."""
        ...

    async def waiting_partner_topic(self, *, limit: int) -> list[Bezorging]: ...

    async def find(
        self,
        *,
        bron_event_id: uuid.UUID | None,
        ontvanger: str | None,
        limit: int,
        status: Status | None = None,
    ) -> list[Bezorging]: ...


class TimerRepository(Protocol):
    """The termijnbewaking's timers (``adapters/db/timers.py`` says how claiming stays exact)."""

    async def plan(self, timers: Iterable[Timer]) -> int:
        """Store new timers; a vervallen one planned again is gepland again, a verstuurd one
        stays verstuurd."""
        ...

    async def laat_vervallen(
        self,
        *,
        actie_id: uuid.UUID | None = None,
        casus_id: uuid.UUID | None = None,
        overleg_id: uuid.UUID | None = None,
        melding_id: uuid.UUID | None = None,
        ontvanger: str | None = None,
        termijn: str | None = None,
        behalve: Iterable[uuid.UUID] = (),
    ) -> int: ...

    async def te_vuren(self, *, nu: datetime, limit: int) -> list[Timer]:
        """Due gepland timers, locked for this transaction where the database can."""
        ...

    async def markeer_verstuurd(self, timer_id: uuid.UUID, *, op: datetime) -> bool:
        """Claim one timer; ``False`` when it is no longer gepland."""
        ...

    async def verstuurd(
        self,
        *,
        ontvanger: str | None,
        limit: int,
        organisatie: bool = True,
        gebruiker: str | None = None,
        casemanager: str | None = None,
    ) -> list[Timer]:
        """Sent signals, newest first: to organisations (``ontvanger``, or all) unless not
        ``organisatie``, never a personal one there; plus the personal ones for ``gebruiker`` and
        of the incidents assigned to ``casemanager``."""
        ...

    async def van_actie(self, actie_id: uuid.UUID) -> list[Timer]: ...


class UnitOfWork(Protocol):
    """One transaction: inbox, outbox and bezorgingen commit together or not at all."""

    # Read-only members: an adapter's own repository types fit (a mutable one would not).
    @property
    def bezorgingen(self) -> BezorgingRepository: ...

    @property
    def timers(self) -> TimerRepository: ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        """Record the incoming event id; ``True`` means it was processed already."""
        ...

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> uuid.UUID:
        """Put an outgoing event in the outbox (same transaction); returns its ``ce_id``."""
        ...

    async def doorgeven(
        self, envelope: Envelope, *, body: str, topic: str, row_id: uuid.UUID
    ) -> None:
        """Put a partner's own event in the outbox as it came (its ``ce_id``, ``ce_source``),
        under outbox id ``row_id``; same transaction."""
        ...

    async def published(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        """Which of these outbox events the relay published, and when."""
        ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


@dataclass(frozen=True)
class PartnerInfo:
    code: str
    naam: str
    email: str | None


@dataclass(frozen=True)
class GebruikerInfo:
    """A region user notify may mail personally (a VPT incident's leidinggevende, casemanager)."""

    id: str
    naam: str
    org: str
    email: str | None


@dataclass(frozen=True)
class PiketInfo:
    """Who is on call (piket) for an organisation at a moment: name and e-mail only."""

    naam: str
    email: str | None
    #: The region user it is, when one has this e-mail address (for the postvak).
    gebruiker: str | None = None


class PartnerDirectory(Protocol):
    """The region's partners and users (from the region file)."""

    def partner(self, code: str) -> PartnerInfo | None: ...

    def gebruiker(self, id: str) -> GebruikerInfo | None:
        """A region user by id (None: not in the region file)."""
        ...

    def met_rol(self, org: str, rol: str) -> list[GebruikerInfo]:
        """The region users of ``org`` with role ``rol``, in the file's order."""
        ...

    def piket(self, org: str, op: datetime) -> PiketInfo | None:
        """Who is on the organisation's piket rota at ``op`` (None: nobody)."""
        ...


class MailError(Exception):
    """Sending an e-mail failed; the message says why (no content)."""


class MailSender(Protocol):
    async def send(self, *, email: Email, message_id: str) -> None:
        """Hand the e-mail to the mail server; raise MailError on failure."""
        ...


class PolicyDecisionPoint(Protocol):
    """The consent service's PDP (``zvh_platform.pdp.PdpClient`` fits): who may see what."""

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision: ...

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        """One decision per request, in order, in one round trip."""
        ...


@dataclass(frozen=True)
class WebhookDoel:
    """A webhook partner's callback address and secrets (None: the secret is not configured)."""

    code: str
    url: str
    secret: str | None
    inbound_secret: str | None


class WebhookDirectory(Protocol):
    """The region's webhook partners, with their secrets read from the environment."""

    def codes(self) -> list[str]: ...

    def doel(self, code: str) -> WebhookDoel | None: ...


class WebhookFout(Exception):
    """A callback was refused or failed; the message names the cause (status, error type), never
    the response body."""


class WebhookSender(Protocol):
    async def post(self, *, url: str, headers: dict[str, str], body: bytes) -> None:
        """POST ``body``; raise WebhookFout unless the receiver answered 2xx in time."""
        ...
