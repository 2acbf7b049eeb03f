"""One SQL transaction: meldingen, inbox record and outbox rows commit together or not at all."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform import unit_of_work

from zvh_intake.adapters.db.repository import (
    SqlAanhoudingRepository,
    SqlMeldingRepository,
    SqlOnverwerkbaarRepository,
)
from zvh_intake.adapters.db.vpt_repository import SqlVptRepository
from zvh_intake.application.ports import UnitOfWork, UnitOfWorkFactory


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork):
    """The application's UnitOfWork on an async SQLAlchemy session."""

    source = "zvh-intake"
    consumer = "zvh-intake"

    def bind(self, session: AsyncSession) -> None:
        self.meldingen = SqlMeldingRepository(session)
        self.onverwerkbaar = SqlOnverwerkbaarRepository(session)
        self.aanhoudingen = SqlAanhoudingRepository(session)
        self.vpt = SqlVptRepository(session)


def uow_factory(
    sessions: async_sessionmaker[AsyncSession], *, after_commit: Callable[[], None] | None = None
) -> UnitOfWorkFactory:
    """A UnitOfWorkFactory over the service's session maker."""

    def make() -> UnitOfWork:
        return SqlUnitOfWork(sessions, after_commit=after_commit)

    return make
