"""Doorbrekingen and the FG's reviews in SQL (SQLite and PostgreSQL); both append-only."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import DoorbrekingType

from zvh_consent.adapters.db.tables import doorbreking_beoordelingen, doorbrekingen
from zvh_consent.application.toegang import BestaatAl
from zvh_consent.domain.beoordeling import AL_BEOORDEELD, Beoordeling, Oordeel
from zvh_consent.domain.doorbreking import Doorbreking

_B = doorbreking_beoordelingen
#: A doorbreking with its review's columns (null without one).
_MET_BEOORDELING = sa.select(
    doorbrekingen, _B.c.oordeel, _B.c.toelichting, _B.c.door, _B.c.door_org, _B.c.op
).select_from(doorbrekingen.outerjoin(_B, _B.c.doorbreking_id == doorbrekingen.c.id))


class SqlDoorbrekingRepository:
    """``DoorbrekingRepository`` on one session (the unit of work's transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, d: Doorbreking) -> None:
        await self.session.execute(sa.insert(doorbrekingen).values(_rij(d, doorbrekingen)))

    async def lijst(
        self,
        *,
        casus: str | None,
        user: str | None,
        actief_op: dt.datetime | None,
        limit: int,
        onbeoordeeld: bool = False,
    ) -> list[Doorbreking]:
        query = _MET_BEOORDELING
        if onbeoordeeld:
            query = query.where(_B.c.doorbreking_id.is_(None))
        if casus is not None:
            query = query.where(doorbrekingen.c.casus == casus)
        if user is not None:
            query = query.where(doorbrekingen.c.user == user)
        if actief_op is not None:
            query = query.where(doorbrekingen.c.van <= actief_op, doorbrekingen.c.tot > actief_op)
        query = query.order_by(doorbrekingen.c.van.desc(), doorbrekingen.c.id).limit(limit)
        return [_doorbreking(r) for r in await self.session.execute(query)]

    async def get(self, doorbreking_id: uuid.UUID) -> Doorbreking | None:
        query = _MET_BEOORDELING.where(doorbrekingen.c.id == doorbreking_id)
        row = (await self.session.execute(query)).one_or_none()
        return None if row is None else _doorbreking(row)

    async def beoordeel(self, b: Beoordeling) -> None:
        try:
            async with self.session.begin_nested():
                await self.session.execute(sa.insert(_B).values(_rij(b, _B)))
        except IntegrityError as exc:  # a concurrent review got there first
            raise BestaatAl(AL_BEOORDEELD) from exc


async def actieve_doorbrekingen(
    session: AsyncSession, *, user: str, nu: dt.datetime
) -> list[Doorbreking]:
    """The user's doorbrekingen still running at ``nu`` (the PDP's register read)."""
    rows = await session.execute(
        sa.select(doorbrekingen).where(doorbrekingen.c.user == user, doorbrekingen.c.tot > nu)
    )
    return [_doorbreking(r) for r in rows]


def _rij(obj: Doorbreking | Beoordeling, tabel: sa.Table) -> dict[str, Any]:
    """The row of ``tabel`` for ``obj``: each column from the field of that name (a missing one
    fails loudly), enums by their value."""
    waarden = {c.name: getattr(obj, c.name) for c in tabel.columns}
    return {k: v.value if isinstance(v, enum.Enum) else v for k, v in waarden.items()}


def _beoordeling(r: sa.Row[Any]) -> Beoordeling | None:
    """The review's columns of a joined row (absent or null: none)."""
    m = r._mapping
    if m.get("oordeel") is None:
        return None
    return Beoordeling(
        doorbreking_id=m["id"],
        oordeel=Oordeel(m["oordeel"]),
        toelichting=m["toelichting"],
        door=m["door"],
        door_org=m["door_org"],
        op=m["op"],
    )


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
        van=r.van,
        tot=r.tot,
        beoordeling=_beoordeling(r),
    )
