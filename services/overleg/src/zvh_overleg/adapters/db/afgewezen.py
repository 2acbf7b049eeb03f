"""SQL storage of rejected partner messages."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.tables import afgewezen_berichten
from zvh_overleg.domain.partnerbericht import AfgewezenBericht


class SqlAfgewezenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, bericht: AfgewezenBericht) -> None:
        await self._s.execute(
            insert(afgewezen_berichten).values(
                id=bericht.id,
                topic=bericht.topic,
                partition=bericht.partition,
                offset=bericht.offset,
                partner=bericht.partner,
                ce_id=bericht.ce_id,
                ce_type=bericht.ce_type,
                headers=bericht.headers,
                body_tekst=bericht.body_tekst,
                body_base64=bericht.body_base64,
                redenen=[{"veld": r.veld, "melding": r.melding} for r in bericht.redenen],
                ontvangen_op=bericht.ontvangen_op,
            )
        )
