"""SQL implementation of the ModusRepository port: actie edits and history, the casus open in
overlegmodus per overleg, and the change versions the live streams compare."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.tables import (
    actie_historie,
    acties,
    casussen,
    overleg_modus,
    wijziging_versies,
)
from zvh_overleg.domain.model import Actie
from zvh_overleg.domain.overlegmodus import ActieWijziging


def _upsert(
    session: AsyncSession, table: Any, values: dict[str, Any], *, key: str, **on_conflict: Any
) -> Any:
    """INSERT … ON CONFLICT DO UPDATE on PostgreSQL and SQLite (both support it)."""
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = make(table).values(**values)
    return stmt.on_conflict_do_update(index_elements=[key], set_=on_conflict or values)


class SqlModusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def save_actie_velden(self, actie: Actie) -> None:
        """Write what an edit may change: wat, wie, wanneer, status, wachtlijst."""
        await self._s.execute(
            update(acties)
            .where(acties.c.actie_id == actie.actie_id)
            .values(
                wat=actie.wat,
                wie=actie.wie,
                wanneer=actie.wanneer,
                status=actie.status.value,
                wachtlijst=actie.wachtlijst,
            )
        )

    async def add_wijziging(self, wijziging: ActieWijziging) -> None:
        await self._s.execute(
            insert(actie_historie).values(
                wijziging_id=wijziging.wijziging_id,
                actie_id=wijziging.actie_id,
                casus_id=wijziging.casus_id,
                overleg_id=wijziging.overleg_id,
                door=wijziging.door,
                op=wijziging.op,
                velden={k: list(v) for k, v in wijziging.velden.items()},
            )
        )

    async def historie(self, casus_id: uuid.UUID) -> builtins.list[ActieWijziging]:
        """A casus' actie history, oldest first."""
        rows = await self._s.execute(
            select(actie_historie)
            .where(actie_historie.c.casus_id == casus_id)
            .order_by(actie_historie.c.op, actie_historie.c.id)
        )
        return [
            ActieWijziging(
                wijziging_id=r.wijziging_id,
                actie_id=r.actie_id,
                casus_id=r.casus_id,
                door=r.door,
                op=r.op,
                velden={k: (v[0], v[1]) for k, v in r.velden.items()},
                overleg_id=r.overleg_id,
            )
            for r in rows
        ]

    async def set_volgend_overleg(self, casus_id: uuid.UUID, datum: date | None) -> None:
        await self._s.execute(
            update(casussen).where(casussen.c.casus_id == casus_id).values(volgend_overleg_op=datum)
        )

    async def zet_huidige_casus(
        self, overleg_id: uuid.UUID, casus_id: uuid.UUID, *, op: datetime, door: str
    ) -> None:
        values = {"overleg_id": overleg_id, "casus_id": casus_id, "geopend_op": op, "door": door}
        await self._s.execute(
            _upsert(
                self._s,
                overleg_modus,
                values,
                key="overleg_id",
                casus_id=casus_id,
                geopend_op=op,
                door=door,
            )
        )

    async def huidige_casus(self, overleg_id: uuid.UUID) -> uuid.UUID | None:
        found: uuid.UUID | None = await self._s.scalar(
            select(overleg_modus.c.casus_id).where(overleg_modus.c.overleg_id == overleg_id)
        )
        return found

    async def verhoog_versies(self, subjects: Iterable[uuid.UUID]) -> None:
        for subject in sorted(set(subjects)):
            stmt = _upsert(
                self._s,
                wijziging_versies,
                {"subject_id": subject, "versie": 1},
                key="subject_id",
                versie=wijziging_versies.c.versie + 1,
            )
            await self._s.execute(stmt)

    async def versie(self, subjects: Iterable[uuid.UUID]) -> int:
        """A number that grows with every committed change to any of ``subjects``."""
        ids = list(set(subjects))
        if not ids:
            return 0
        total = await self._s.scalar(
            select(func.coalesce(func.sum(wijziging_versies.c.versie), 0)).where(
                wijziging_versies.c.subject_id.in_(ids)
            )
        )
        return int(total or 0)
