"""The toestemming register in SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import ToestemmingStatus, ToestemmingWijze

from zvh_consent.adapters.db.tables import toestemming_wijzigingen, toestemmingen
from zvh_consent.domain.toestemming import (
    Leeftijdsgroep,
    Toestemmer,
    Toestemming,
    Toestemmingswijziging,
)


class SqlToestemmingRepository:
    """``ToestemmingRepository`` on one session (the unit of work's transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, t: Toestemming) -> None:
        await self.session.execute(sa.insert(toestemmingen).values(**_row(t)))

    async def get(self, toestemming_id: uuid.UUID) -> Toestemming | None:
        row = (
            await self.session.execute(
                sa.select(toestemmingen).where(toestemmingen.c.id == toestemming_id)
            )
        ).first()
        return _toestemming(row) if row else None

    async def bewaar_status(self, t: Toestemming) -> None:
        await self.session.execute(
            sa.update(toestemmingen)
            .where(toestemmingen.c.id == t.id)
            .values(
                status=t.status.value, gewijzigd_op=t.gewijzigd_op, gewijzigd_door=t.gewijzigd_door
            )
        )

    async def voeg_wijziging_toe(self, w: Toestemmingswijziging) -> None:
        await self.session.execute(
            sa.insert(toestemming_wijzigingen).values(
                toestemming_id=w.toestemming_id,
                status=w.status.value,
                tijd=w.tijd,
                door=w.door,
                door_org=w.door_org,
            )
        )

    async def wijzigingen(self, toestemming_id: uuid.UUID) -> list[Toestemmingswijziging]:
        rows = await self.session.execute(
            sa.select(toestemming_wijzigingen)
            .where(toestemming_wijzigingen.c.toestemming_id == toestemming_id)
            .order_by(toestemming_wijzigingen.c.seq)
        )
        return [
            Toestemmingswijziging(
                toestemming_id=r.toestemming_id,
                status=ToestemmingStatus(r.status),
                tijd=r.tijd,
                door=r.door,
                door_org=r.door_org,
            )
            for r in rows
        ]

    async def zoek(
        self, *, betrokkene: str | None, casus: str | None, limit: int
    ) -> list[Toestemming]:
        query = sa.select(toestemmingen)
        if betrokkene is not None:
            query = query.where(toestemmingen.c.betrokkene == betrokkene)
        if casus is not None:
            query = query.where(toestemmingen.c.casus == casus)
        query = query.order_by(toestemmingen.c.vastgelegd_op.desc(), toestemmingen.c.id)
        rows = await self.session.execute(query.limit(limit))
        return [_toestemming(r) for r in rows]


async def toestemmingen_van(
    session: AsyncSession, betrokkenen: Collection[str]
) -> dict[str, list[Toestemming]]:
    """Every toestemming of these betrokkenen, in one query (the PDP's register read)."""
    uit: dict[str, list[Toestemming]] = defaultdict(list)
    if not betrokkenen:
        return uit
    rows = await session.execute(
        sa.select(toestemmingen).where(toestemmingen.c.betrokkene.in_(sorted(betrokkenen)))
    )
    for r in rows:
        uit[r.betrokkene].append(_toestemming(r))
    return uit


def _row(t: Toestemming) -> dict[str, Any]:
    return {
        "id": t.id,
        "betrokkene": t.betrokkene,
        "casus": t.casus,
        "doel": t.doel,
        "ontvanger": t.ontvanger,
        "categorie": t.categorie,
        "van": t.van,
        "tot": t.tot,
        "status": t.status.value,
        "wijze": t.wijze.value,
        "document_referentie": t.document_referentie,
        "leeftijdsgroep": t.leeftijdsgroep.value,
        "toestemming_door": t.toestemming_door.value,
        "vastgelegd_door": t.vastgelegd_door,
        "vastgelegd_door_org": t.vastgelegd_door_org,
        "vastgelegd_op": t.vastgelegd_op,
        "gewijzigd_op": t.gewijzigd_op,
        "gewijzigd_door": t.gewijzigd_door,
    }


def _toestemming(r: sa.Row[Any]) -> Toestemming:
    return Toestemming(
        id=r.id,
        betrokkene=r.betrokkene,
        casus=r.casus,
        doel=r.doel,
        ontvanger=r.ontvanger,
        categorie=r.categorie,
        van=r.van,
        tot=r.tot,
        status=ToestemmingStatus(r.status),
        wijze=ToestemmingWijze(r.wijze),
        document_referentie=r.document_referentie,
        leeftijdsgroep=Leeftijdsgroep(r.leeftijdsgroep),
        toestemming_door=Toestemmer(r.toestemming_door),
        vastgelegd_door=r.vastgelegd_door,
        vastgelegd_door_org=r.vastgelegd_door_org,
        vastgelegd_op=r.vastgelegd_op,
        gewijzigd_op=r.gewijzigd_op,
        gewijzigd_door=r.gewijzigd_door,
    )
