"""One SQL transaction holding the inbox record, outbox rows and bezorgingen together."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event
from zvh_platform.inbox import seen_before
from zvh_platform.outbox import add_to_outbox

from zvh_notify.adapters.db.outbox_status import published_at
from zvh_notify.adapters.db.repository import SqlBezorgingRepository
from zvh_notify.application.ports import UnitOfWork, UnitOfWorkFactory

SOURCE = "notify"
CONSUMER = "zvh-notify"


class SqlUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> SqlUnitOfWork:
        self._session = self._sessions()
        self.bezorgingen = SqlBezorgingRepository(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._session.rollback()
        finally:
            await self._session.close()

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        return await seen_before(self._session, event_id=event_id, consumer=CONSUMER)

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> None:
        await add_to_outbox(
            self._session, event=event, source=SOURCE, topic=topic, event_id=event_id
        )

    async def published(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        return await published_at(self._session, list(event_ids))

    async def commit(self) -> None:
        await self._session.commit()


def uow_factory(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    """A UnitOfWorkFactory over the service's session maker."""

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    return make
