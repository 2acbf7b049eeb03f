"""The registers as the PDP reads them: what a batch of questions needs, in one session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zvh_consent.adapters.db.convenanten import alle_convenanten
from zvh_consent.adapters.db.doorbrekingen import actieve_doorbrekingen
from zvh_consent.adapters.db.toestemmingen import toestemmingen_van
from zvh_consent.application.ports import Registerlezing


class SqlRegisterBron:
    """``RegisterBron`` on the service's database (SQLite or PostgreSQL)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def lees(
        self,
        *,
        convenanten: bool,
        betrokkenen: Collection[str],
        doorbrekingen_van: str | None,
        nu: dt.datetime,
    ) -> Registerlezing:
        async with self._sessions() as session:
            return Registerlezing(
                convenanten=await alle_convenanten(session) if convenanten else None,
                toestemmingen=await toestemmingen_van(session, betrokkenen)
                if betrokkenen
                else None,
                doorbrekingen=await actieve_doorbrekingen(session, user=doorbrekingen_van, nu=nu)
                if doorbrekingen_van is not None
                else None,
            )
