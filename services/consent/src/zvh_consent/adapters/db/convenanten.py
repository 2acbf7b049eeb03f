"""The convenant register in SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_consent.adapters.db.tables import (
    convenant_categorieen,
    convenant_wijzigingen,
    convenanten,
)
from zvh_consent.domain.convenant import Convenant, Convenantwijziging


class SqlConvenantRepository:
    """``ConvenantRepository`` on one session (the unit of work's transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, org: str) -> Convenant | None:
        row = (
            await self.session.execute(sa.select(convenanten).where(convenanten.c.org == org))
        ).first()
        if row is None:
            return None
        cats = await self.session.execute(
            sa.select(convenant_categorieen.c.categorie, convenant_categorieen.c.basis).where(
                convenant_categorieen.c.org == org
            )
        )
        return _convenant(row, {c: b for c, b in cats})

    async def lijst(self) -> list[Convenant]:
        return await alle_convenanten(self.session)

    async def bewaar(self, convenant: Convenant, *, op: dt.datetime, door: str) -> None:
        values = {
            "van": convenant.van,
            "tot": convenant.tot,
            "herzien_op": convenant.herzien_op,
            "gewijzigd_op": op,
            "gewijzigd_door": door,
        }
        updated = await self.session.execute(
            sa.update(convenanten).where(convenanten.c.org == convenant.org).values(**values)
        )
        if updated.rowcount == 0:  # type: ignore[attr-defined]
            await self.session.execute(sa.insert(convenanten).values(org=convenant.org, **values))
        await self.session.execute(
            sa.delete(convenant_categorieen).where(convenant_categorieen.c.org == convenant.org)
        )
        await self.session.execute(
            sa.insert(convenant_categorieen),
            [
                {"org": convenant.org, "categorie": c, "basis": b}
                for c, b in sorted(convenant.categorieen.items())
            ],
        )

    async def voeg_wijziging_toe(self, wijziging: Convenantwijziging) -> None:
        await self.session.execute(
            sa.insert(convenant_wijzigingen).values(
                org=wijziging.org,
                tijd=wijziging.tijd,
                door=wijziging.door,
                door_org=wijziging.door_org,
                actie=wijziging.actie,
                wijzigingen=dict(wijziging.wijzigingen),
            )
        )

    async def wijzigingen(self, org: str) -> list[Convenantwijziging]:
        rows = await self.session.execute(
            sa.select(convenant_wijzigingen)
            .where(convenant_wijzigingen.c.org == org)
            .order_by(convenant_wijzigingen.c.seq)
        )
        return [
            Convenantwijziging(
                seq=r.seq,
                org=r.org,
                tijd=r.tijd,
                door=r.door,
                door_org=r.door_org,
                actie=r.actie,
                wijzigingen=r.wijzigingen,
            )
            for r in rows
        ]

    async def aantal(self) -> int:
        result = await self.session.execute(sa.select(sa.func.count()).select_from(convenanten))
        return int(result.scalar_one())


async def alle_convenanten(session: AsyncSession) -> list[Convenant]:
    """Every convenant with its categorieën, in two queries (the PDP's register read uses it)."""
    rows = (await session.execute(sa.select(convenanten).order_by(convenanten.c.org))).all()
    cats: dict[str, dict[str, str]] = defaultdict(dict)
    for org, categorie, basis in await session.execute(
        sa.select(
            convenant_categorieen.c.org,
            convenant_categorieen.c.categorie,
            convenant_categorieen.c.basis,
        )
    ):
        cats[org][categorie] = basis
    return [_convenant(r, cats.get(r.org, {})) for r in rows]


def _convenant(row: sa.Row[tuple[object, ...]], categorieen: dict[str, str]) -> Convenant:
    return Convenant(
        org=row.org,
        van=row.van,
        tot=row.tot,
        herzien_op=row.herzien_op,
        categorieen=dict(sorted(categorieen.items())),
    )
