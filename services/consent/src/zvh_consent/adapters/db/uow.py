"""Consent's unit of work: the registers and the outbox in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform import unit_of_work

from zvh_consent.adapters.db.convenanten import SqlConvenantRepository
from zvh_consent.adapters.db.doorbrekingen import SqlDoorbrekingRepository
from zvh_consent.adapters.db.toestemmingen import SqlToestemmingRepository


class ConsentUnitOfWork(unit_of_work.SqlUnitOfWork):
    """Rolls back unless committed; wakes the outbox relay once events were queued."""

    source = "zvh-consent"
    consumer = "zvh-consent"

    def bind(self, session: AsyncSession) -> None:
        self.convenanten = SqlConvenantRepository(session)
        self.toestemmingen = SqlToestemmingRepository(session)
        self.doorbrekingen = SqlDoorbrekingRepository(session)


def uow_factory(
    sessions: async_sessionmaker[AsyncSession], *, after_commit: Callable[[], None] | None = None
) -> Callable[[], ConsentUnitOfWork]:
    """A ``RegisterUnitOfWork`` factory over the service's session maker."""

    def make() -> ConsentUnitOfWork:
        return ConsentUnitOfWork(sessions, after_commit=after_commit)

    return make
