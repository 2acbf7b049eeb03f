"""SQL storage of veiligheidssignalen (table ``veiligheidssignalen``, migration 0017)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import Veiligheidssignaalcode

from zvh_overleg.adapters.db.tables import veiligheidssignalen as t
from zvh_overleg.domain.veiligheidssignaal import Veiligheidssignaal


def _waarden(s: Veiligheidssignaal) -> dict[str, Any]:
    return {
        "casus_id": s.casus_id,
        "code": s.code.value,
        "geldig_van": s.geldig_van,
        "geldig_tot": s.geldig_tot,
        "herbeoordeling_op": s.herbeoordeling_op,
        "grondslag": s.grondslag,
        "gezet_door": s.gezet_door,
        "gezet_op": s.gezet_op,
        "verlengd_door": s.verlengd_door,
        "verlengd_op": s.verlengd_op,
        "ingetrokken_door": s.ingetrokken_door,
        "ingetrokken_op": s.ingetrokken_op,
    }


def _signaal(row: Any) -> Veiligheidssignaal:
    return Veiligheidssignaal(
        signaal_id=row.signaal_id,
        casus_id=row.casus_id,
        code=Veiligheidssignaalcode(row.code),
        geldig_van=row.geldig_van,
        geldig_tot=row.geldig_tot,
        herbeoordeling_op=row.herbeoordeling_op,
        grondslag=row.grondslag,
        gezet_door=row.gezet_door,
        gezet_op=row.gezet_op,
        verlengd_door=row.verlengd_door,
        verlengd_op=row.verlengd_op,
        ingetrokken_door=row.ingetrokken_door,
        ingetrokken_op=row.ingetrokken_op,
    )


class SqlVeiligheidssignaalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, signaal: Veiligheidssignaal) -> None:
        await self._s.execute(insert(t).values(signaal_id=signaal.signaal_id, **_waarden(signaal)))

    async def save(self, signaal: Veiligheidssignaal) -> None:
        await self._s.execute(
            update(t).where(t.c.signaal_id == signaal.signaal_id).values(**_waarden(signaal))
        )

    async def get(self, signaal_id: uuid.UUID) -> Veiligheidssignaal | None:
        row = (await self._s.execute(select(t).where(t.c.signaal_id == signaal_id))).first()
        return None if row is None else _signaal(row)

    async def voor_casus(self, casus_id: uuid.UUID) -> list[Veiligheidssignaal]:
        rows = await self._s.execute(
            select(t).where(t.c.casus_id == casus_id).order_by(t.c.gezet_op, t.c.signaal_id)
        )
        return [_signaal(r) for r in rows]

    async def voor_casussen(
        self, casus_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[Veiligheidssignaal]]:
        if not casus_ids:
            return {}
        rows = await self._s.execute(
            select(t)
            .where(t.c.casus_id.in_(list(casus_ids)))
            .order_by(t.c.gezet_op, t.c.signaal_id)
        )
        uit: dict[uuid.UUID, list[Veiligheidssignaal]] = {}
        for r in rows:
            uit.setdefault(r.casus_id, []).append(_signaal(r))
        return uit
