"""The SQL unit of work every service uses: state, inbox record and outbox rows in one transaction.

Services subclass it to bind their repositories to the session (``bind``); the transaction rolls
back unless committed, and ``after_commit`` (typically ``relay.wake``) runs once events were queued
so they are published at once instead of at the next poll.

Inside an HTTP command sent with an ``Idempotency-Key`` (``zvh_platform.idempotency``), the first
commit claims the key in this transaction and leaves the real commit to the middleware, which
adds the response to the key row first: effect, events, key and response commit together.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import ClassVar, Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event

from zvh_platform.idempotency import current_claim
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
        self._deferred = False
        self._on_commit: list[Callable[[], None]] = []
        self._begun = False

    def bind(self, session: AsyncSession) -> None:
        """Create the service's repositories on ``session``."""

    async def __aenter__(self) -> Self:
        claim = current_claim()
        if claim is not None:
            await claim.settle()  # an earlier deferred commit must be visible to this one
        self.session = self._sessions()
        self._deferred = False
        self._begun = False
        self._on_commit = []
        self.bind(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._deferred:
            return  # the idempotency claim commits or rolls back this session
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

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A SAVEPOINT inside this transaction: an exception rolls back only what ran inside it.

        A batch handles each record in one, so a record that fails leaves the others intact. On
        SQLite the driver starts its transaction lazily, at the first write; a SAVEPOINT before
        that would itself be the transaction and its RELEASE would commit, so ``BEGIN`` first.
        """
        if not self._begun:
            connection = await self.session.connection()
            if connection.dialect.name == "sqlite":
                raw = await connection.get_raw_connection()
                if not getattr(raw.driver_connection, "in_transaction", True):
                    await connection.exec_driver_sql("BEGIN")
            self._begun = True
        async with self.session.begin_nested():
            yield

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this transaction is really committed (e.g. wake live streams)."""
        self._on_commit.append(callback)

    async def commit(self) -> None:
        self._begun = False
        callbacks, self._on_commit = self._on_commit, []
        if self._queued and self._after_commit is not None:
            self._queued = False
            callbacks.append(self._after_commit)
        claim = current_claim()
        if claim is not None and claim.applies() and (self._deferred or claim.state == "open"):
            if not self._deferred:
                await claim.defer(self.session)
                self._deferred = True
            await self.session.flush()
            for callback in callbacks:
                claim.after_commit(callback)
            return
        await self.session.commit()
        for callback in callbacks:
            callback()
