"""Doorbrekingen in SQL (SQLite and PostgreSQL); append-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import DoorbrekingType

from zvh_consent.adapters.db.tables import doorbrekingen
from zvh_consent.domain.doorbreking import Doorbreking


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back naive: they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class SqlDoorbrekingRepository:
    """``DoorbrekingRepository`` on one session (the unit of work's transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, d: Doorbreking) -> None:
        await self.session.execute(
            sa.insert(doorbrekingen).values(
                id=d.id,
                type=d.type.value,
                reden=d.reden,
                casus=d.casus,
                item=d.item,
                eigenaar=d.eigenaar,
                user=d.user,
                org=d.org,
                van=d.van,
                tot=d.tot,
            )
        )

    async def lijst(
        self, *, casus: str | None, user: str | None, actief_op: dt.datetime | None, limit: int
    ) -> list[Doorbreking]:
        query = sa.select(doorbrekingen)
        if casus is not None:
            query = query.where(doorbrekingen.c.casus == casus)
        if user is not None:
            query = query.where(doorbrekingen.c.user == user)
        if actief_op is not None:
            query = query.where(doorbrekingen.c.van <= actief_op, doorbrekingen.c.tot > actief_op)
        query = query.order_by(doorbrekingen.c.van.desc(), doorbrekingen.c.id).limit(limit)
        return [_doorbreking(r) for r in await self.session.execute(query)]


async def actieve_doorbrekingen(
    session: AsyncSession, *, user: str, nu: dt.datetime
) -> list[Doorbreking]:
    """The user's doorbrekingen still running at ``nu`` (the PDP's register read)."""
    rows = await session.execute(
        sa.select(doorbrekingen).where(doorbrekingen.c.user == user, doorbrekingen.c.tot > nu)
    )
    return [_doorbreking(r) for r in rows]


def _doorbreking(r: sa.Row[Any]) -> Doorbreking:
    return Doorbreking(
        id=r.id,
        type=DoorbrekingType(r.type),
        reden=r.reden,
        casus=r.casus,
        item=r.item,
        eigenaar=r.eigenaar,
        user=r.user,
        org=r.org,
        van=_utc(r.van),
        tot=_utc(r.tot),
    )
