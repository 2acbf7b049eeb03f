"""One SQL transaction holding casus state, the inbox record and outbox rows together."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event
from zvh_platform import unit_of_work

from zvh_overleg.adapters.db.afgewezen import SqlAfgewezenRepository
from zvh_overleg.adapters.db.dashboard import SqlDashboardRepository
from zvh_overleg.adapters.db.informatie import SqlInformatieRepository
from zvh_overleg.adapters.db.modus import SqlModusRepository
from zvh_overleg.adapters.db.overleggen import SqlOverlegRepository
from zvh_overleg.adapters.db.planning import SqlPlanningRepository
from zvh_overleg.adapters.db.repository import SqlCasusRepository
from zvh_overleg.adapters.db.veiligheidssignalen import SqlVeiligheidssignaalRepository
from zvh_overleg.adapters.db.vpt import SqlVptRepository
from zvh_overleg.adapters.db.vpt_evaluatie import SqlVptEvaluatieRepository
from zvh_overleg.application.wijzigingen import WijzigingHub, subjects_of


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork):
    """Rolls back unless committed; calls ``after_commit`` (relay.wake) once events were queued."""

    source = "zvh-overleg"
    consumer = "zvh-overleg"

    def bind(self, session: AsyncSession) -> None:
        self.casussen = SqlCasusRepository(session)
        self.overleggen = SqlOverlegRepository(session)
        self.informatie = SqlInformatieRepository(session)
        self.planning = SqlPlanningRepository(session)
        self.modus = SqlModusRepository(session)
        self.afgewezen = SqlAfgewezenRepository(session)
        self.dashboard = SqlDashboardRepository(session)
        self.veiligheidssignalen = SqlVeiligheidssignaalRepository(session)
        self.vpt = SqlVptRepository(session)
        self.vpt_evaluaties = SqlVptEvaluatieRepository(session)
        self._gewijzigd: set[uuid.UUID] = set()

    # Change notification (application/wijzigingen.py): every published event's subject and
    # every explicit ``gewijzigd`` bumps its version in this transaction and, after commit,
    # wakes the live streams of that casus/overleg.
    hub: WijzigingHub | None = None

    def gewijzigd(self, *subjects: uuid.UUID) -> None:
        """Mark a casus/overleg as changed without an event (e.g. a bouwschema entry)."""
        self._gewijzigd.update(subjects)

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        self._gewijzigd.update(subjects_of(event))
        return await super().publish(event, topic=topic, event_id=event_id)

    async def commit(self) -> None:
        gewijzigd, self._gewijzigd = self._gewijzigd, set()
        if gewijzigd:
            await self.modus.verhoog_versies(gewijzigd)
            hub = self.hub
            if hub is not None:
                self.on_commit(lambda: hub.meld(gewijzigd))
        await super().commit()


def uow_factory(
    sessions: async_sessionmaker[AsyncSession],
    *,
    after_commit: Callable[[], None] | None = None,
    hub: WijzigingHub | None = None,
) -> Callable[[], SqlUnitOfWork]:
    """A UnitOfWorkFactory over the service's session maker; ``hub`` wakes live streams."""

    def make() -> SqlUnitOfWork:
        uow = SqlUnitOfWork(sessions, after_commit=after_commit)
        uow.hub = hub
        return uow

    return make
