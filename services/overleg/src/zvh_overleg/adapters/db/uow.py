"""One SQL transaction holding casus state, the inbox record and outbox rows together."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event
from zvh_platform.inbox import seen_before
from zvh_platform.outbox import add_to_outbox

from zvh_overleg.adapters.db.repository import SqlCasusRepository

SOURCE = "zvh-overleg"
CONSUMER = "zvh-overleg"


class SqlUnitOfWork:
    """Rolls back unless committed; calls ``after_commit`` (relay.wake) once events were queued."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._after_commit = after_commit
        self._queued = False

    async def __aenter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.casussen = SqlCasusRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        return await seen_before(self.session, event_id=event_id, consumer=CONSUMER)

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> None:
        await add_to_outbox(
            self.session, event=event, source=SOURCE, topic=topic, event_id=event_id
        )
        self._queued = True

    async def commit(self) -> None:
        await self.session.commit()
        if self._queued and self._after_commit is not None:
            self._queued = False
            self._after_commit()


def uow_factory(
    sessions: async_sessionmaker[AsyncSession], *, after_commit: Callable[[], None] | None = None
) -> Callable[[], SqlUnitOfWork]:
    """A UnitOfWorkFactory over the service's session maker."""
    return lambda: SqlUnitOfWork(sessions, after_commit=after_commit)
