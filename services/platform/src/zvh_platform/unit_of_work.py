"""The SQL unit of work every service uses: state, inbox record and outbox rows in one transaction.

Services subclass it to bind their repositories to the session (``bind``); the transaction rolls
back unless committed, and ``after_commit`` (typically ``relay.wake``) runs once events were queued
so they are published at once instead of at the next poll.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType
from typing import ClassVar, Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event

from zvh_platform.inbox import seen_before
from zvh_platform.outbox import add_to_outbox


class SqlUnitOfWork:
    """One transaction on an async session; subclasses set ``source``, ``consumer``, ``bind``."""

    #: CloudEvents ``source`` of what this service publishes.
    source: ClassVar[str]
    #: Inbox consumer name this service dedupes under.
    consumer: ClassVar[str]

    session: AsyncSession

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._after_commit = after_commit
        self._queued = False

    def bind(self, session: AsyncSession) -> None:
        """Create the service's repositories on ``session``."""

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.bind(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()  # a no-op after commit
        finally:
            await self.session.close()

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        """Record ``event_id`` in the inbox; ``True`` means a duplicate to skip."""
        return await seen_before(self.session, event_id=event_id, consumer=self.consumer)

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Queue ``event`` in the outbox, in this transaction."""
        self._queued = True
        return await add_to_outbox(
            self.session, event=event, source=self.source, topic=topic, event_id=event_id
        )

    async def commit(self) -> None:
        await self.session.commit()
        if self._queued and self._after_commit is not None:
            self._queued = False
            self._after_commit()
