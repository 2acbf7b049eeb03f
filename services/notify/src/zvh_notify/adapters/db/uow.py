"""One SQL transaction holding the inbox record, outbox rows and bezorgingen together."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.envelope import Envelope
from zvh_platform import outbox, unit_of_work

from zvh_notify.adapters.db.repository import SqlBezorgingRepository
from zvh_notify.adapters.db.timers import SqlTimerRepository
from zvh_notify.application.ports import UnitOfWork, UnitOfWorkFactory


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork):
    """The relay is woken by the handler's own ``after_commit``, not here."""

    source = "notify"
    consumer = "zvh-notify"

    def bind(self, session: AsyncSession) -> None:
        self.bezorgingen = SqlBezorgingRepository(session)
        self.timers = SqlTimerRepository(session)

    async def doorgeven(
        self, envelope: Envelope, *, body: str, topic: str, row_id: uuid.UUID
    ) -> None:
        """The partner's envelope as it came (``ce_source`` the partner, its own ``ce_id``); the
        outbox row is keyed ``row_id``, since two partners may use the same ``ce_id``."""
        await outbox.add_envelope_to_outbox(
            self.session, envelope=envelope, body=body, topic=topic, row_id=row_id
        )

    async def published(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        return await outbox.published_at(self.session, event_ids)


def uow_factory(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    """A UnitOfWorkFactory over the service's session maker."""

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    return make
