"""One SQL transaction: meldingen, inbox record and outbox rows commit together or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event
from zvh_platform.inbox import seen_before
from zvh_platform.outbox import add_to_outbox

from zvh_intake.adapters.db.repository import SqlMeldingRepository, SqlOnverwerkbaarRepository
from zvh_intake.application.ports import UnitOfWork, UnitOfWorkFactory

SOURCE = "zvh-intake"
CONSUMER = "zvh-intake"


class SqlUnitOfWork:
    """The application's UnitOfWork on an async SQLAlchemy session."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._after_commit = after_commit
        self._queued = False

    async def __aenter__(self) -> SqlUnitOfWork:
        self._session = self._sessions()
        self.meldingen = SqlMeldingRepository(self._session)
        self.onverwerkbaar = SqlOnverwerkbaarRepository(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._session.rollback()  # a no-op after commit
        finally:
            await self._session.close()

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        return await seen_before(self._session, event_id=event_id, consumer=CONSUMER)

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        self._queued = True
        return await add_to_outbox(
            self._session, event=event, source=SOURCE, topic=topic, event_id=event_id
        )

    async def commit(self) -> None:
        await self._session.commit()
        if self._queued and self._after_commit is not None:
            self._queued = False
            self._after_commit()  # e.g. relay.wake(): publish now, not at the next poll


def uow_factory(
    sessions: async_sessionmaker[AsyncSession], *, after_commit: Callable[[], None] | None = None
) -> UnitOfWorkFactory:
    """A UnitOfWorkFactory over the service's session maker."""

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions, after_commit)

    return make
