"""One SQL transaction holding casus state, the inbox record and outbox rows together."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform import unit_of_work

from zvh_overleg.adapters.db.informatie import SqlInformatieRepository
from zvh_overleg.adapters.db.overleggen import SqlOverlegRepository
from zvh_overleg.adapters.db.planning import SqlPlanningRepository
from zvh_overleg.adapters.db.repository import SqlCasusRepository


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork):
    """Rolls back unless committed; calls ``after_commit`` (relay.wake) once events were queued."""

    source = "zvh-overleg"
    consumer = "zvh-overleg"

    def bind(self, session: AsyncSession) -> None:
        self.casussen = SqlCasusRepository(session)
        self.overleggen = SqlOverlegRepository(session)
        self.informatie = SqlInformatieRepository(session)
        self.planning = SqlPlanningRepository(session)


def uow_factory(
    sessions: async_sessionmaker[AsyncSession], *, after_commit: Callable[[], None] | None = None
) -> Callable[[], SqlUnitOfWork]:
    """A UnitOfWorkFactory over the service's session maker."""
    return lambda: SqlUnitOfWork(sessions, after_commit=after_commit)
