"""In-memory adapters for handler tests: a store that commits or forgets, like a database."""

from __future__ import annotations

import contextlib
import copy
import json
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from zvh_contracts.base import Event
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_notify.application.ports import MailError, PartnerInfo
from zvh_notify.domain.model import Bezorging, Email, Kanaal, Status


@dataclass
class Outgoing:
    event: Event
    topic: str
    event_id: uuid.UUID
    published_at: datetime | None = None


@dataclass
class Store:
    bezorgingen: dict[uuid.UUID, Bezorging] = field(default_factory=dict)
    inbox: set[uuid.UUID] = field(default_factory=set)
    outbox: list[Outgoing] = field(default_factory=list)


class FakeRepository:
    def __init__(self, staged: dict[uuid.UUID, Bezorging]) -> None:
        self._b = staged

    async def add(self, bezorging: Bezorging) -> None:
        assert bezorging.id not in self._b, "duplicate bezorging"
        self._b[bezorging.id] = copy.deepcopy(bezorging)

    async def get(self, bezorging_id: uuid.UUID) -> Bezorging | None:
        b = self._b.get(bezorging_id)
        return copy.deepcopy(b) if b else None

    async def save(self, bezorging: Bezorging) -> None:
        self._b[bezorging.id] = copy.deepcopy(bezorging)

    async def due_emails(self, *, now: datetime, limit: int) -> list[Bezorging]:
        due = [
            b
            for b in self._b.values()
            if b.kanaal is Kanaal.EMAIL
            and b.status is Status.WACHT
            and b.volgende_poging_op is not None
            and b.volgende_poging_op <= now
        ]
        return [copy.deepcopy(b) for b in due[:limit]]

    async def waiting_partner_topic(self, *, limit: int) -> list[Bezorging]:
        w = [
            b
            for b in self._b.values()
            if b.kanaal is Kanaal.PARTNER_TOPIC and b.status is Status.WACHT
        ]
        return [copy.deepcopy(b) for b in w[:limit]]

    async def find(
        self, *, bron_event_id: uuid.UUID | None, ontvanger: str | None, limit: int
    ) -> list[Bezorging]:
        return [
            copy.deepcopy(b)
            for b in self._b.values()
            if (bron_event_id is None or b.bron_event_id == bron_event_id)
            and (ontvanger is None or b.ontvanger == ontvanger)
        ][:limit]


class FakeUnitOfWork:
    """Stages changes on copies; ``commit`` writes them to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.committed = False

    async def __aenter__(self) -> FakeUnitOfWork:
        self._staged = copy.deepcopy(self.store.bezorgingen)
        self._inbox: set[uuid.UUID] = set()
        self._outbox: list[Outgoing] = []
        self.bezorgingen = FakeRepository(self._staged)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        if event_id in self.store.inbox or event_id in self._inbox:
            return True
        self._inbox.add(event_id)
        return False

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> None:
        self._outbox.append(Outgoing(event=event, topic=topic, event_id=event_id))

    async def published(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        wanted = set(event_ids)
        return {
            o.event_id: o.published_at
            for o in self.store.outbox
            if o.event_id in wanted and o.published_at is not None
        }

    async def commit(self) -> None:
        self.store.bezorgingen = self._staged
        self.store.inbox |= self._inbox
        self.store.outbox += self._outbox
        self._staged = copy.deepcopy(self._staged)
        self.bezorgingen = FakeRepository(self._staged)
        self._inbox, self._outbox = set(), []
        self.committed = True


class FakePartners:
    def __init__(self, *codes: str, zonder_email: Iterable[str] = ()) -> None:
        geen = set(zonder_email)
        self._p = {
            c: PartnerInfo(
                code=c,
                naam=f"Organisatie {c}",
                email=None if c in geen else f"{c}@partners.zvh.local",
            )
            for c in codes
        }

    def partner(self, code: str) -> PartnerInfo | None:
        return self._p.get(code)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class FakeMailSender:
    failures: int = 0
    sent: list[tuple[Email, str]] = field(default_factory=list)

    async def send(self, *, email: Email, message_id: str) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise MailError("Connection refused")
        self.sent.append((email, message_id))


CASUS = uuid.UUID("11111111-1111-4111-8111-111111111111")


def actie(wie: str = "politie-zwb") -> overleg.ActieToegewezen:
    return overleg.ActieToegewezen(
        casus_id=CASUS,
        actie_id=uuid.uuid4(),
        wat="Huisbezoek afleggen en risico's inschatten",
        wie=wie,
        wanneer=date(2025, 3, 14),
        toegewezen_op=datetime(2025, 3, 1, 9, tzinfo=UTC),
    )


def geopend(*deelnemers: str) -> overleg.CasusGeopend:
    return overleg.CasusGeopend(
        casus_id=CASUS,
        melding_id=uuid.uuid4(),
        melder="gemeente-roosendaal",
        deelnemers=list(deelnemers),
        ave_fase=3,
        client_geinformeerd=True,
        geopend_op=datetime(2025, 3, 1, 9, tzinfo=UTC),
    )


@contextlib.asynccontextmanager
async def db_url(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh SQLite file or PostgreSQL database URL; skips with the reason without PG."""
    import pytest
    from zvh_platform import testing

    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}"
        return
    reason = testing.postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    async with testing.postgres_database() as url:
        yield url


def write_region(tmp_path: Path, partner: str) -> Path:
    """A region with one fresh partner, so this test's topics are its own."""
    path = tmp_path / "region.json"
    path.write_text(
        json.dumps(
            {
                "naam": "Test-ZVH",
                "partners": [
                    {"code": partner, "naam": "Testpartner", "email": f"{partner}@partners.test"}
                ],
                "users": [],
            }
        )
    )
    return path
