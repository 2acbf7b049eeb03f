"""One SQL transaction holding the inbox record, outbox rows and bezorgingen together."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.envelope import Envelope
from zvh_platform import unit_of_work
from zvh_platform.db import outbox_table, utcnow

from zvh_notify.adapters.db.outbox_status import published_at
from zvh_notify.adapters.db.repository import SqlBezorgingRepository
from zvh_notify.application.ports import UnitOfWork, UnitOfWorkFactory


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork):
    """The relay is woken by the handler's own ``after_commit``, not here."""

    source = "notify"
    consumer = "zvh-notify"

    def bind(self, session: AsyncSession) -> None:
        self.bezorgingen = SqlBezorgingRepository(session)

    async def doorgeven(
        self, envelope: Envelope, *, body: str, topic: str, row_id: uuid.UUID
    ) -> None:
        """The partner's envelope as it came (``ce_source`` the partner, its own ``ce_id``); the
        outbox row is keyed ``row_id``, since two partners may use the same ``ce_id``."""
        carrier: dict[str, str] = {}
        TraceContextTextMapPropagator().inject(carrier)
        await self.session.execute(
            insert(outbox_table).values(
                event_id=row_id,
                topic=topic,
                key=envelope.subject,
                event_type=envelope.type,
                headers=envelope.headers(),
                body=body,
                traceparent=carrier.get("traceparent"),
                tracestate=carrier.get("tracestate"),
                created_at=utcnow(),
                attempts=0,
            )
        )

    async def published(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        return await published_at(self.session, list(event_ids))


def uow_factory(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    """A UnitOfWorkFactory over the service's session maker."""

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    return make
