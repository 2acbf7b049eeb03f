"""SQL implementation of the OverlegRepository port: overleggen, their agenda and answers."""

from __future__ import annotations

import builtins
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort

from zvh_overleg.adapters.db.tables import agendapunten, antwoorden, overleggen
from zvh_overleg.domain.overleg import Antwoord, Overleg, OverlegStatus


class SqlOverlegRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _vul(self, rows: Sequence[Row]) -> builtins.list[Overleg]:  # type: ignore[type-arg]
        ids = [r.overleg_id for r in rows]
        agenda: dict[uuid.UUID, builtins.list[uuid.UUID]] = defaultdict(list)
        per_overleg: dict[uuid.UUID, builtins.list[Antwoord]] = defaultdict(list)
        if ids:
            for a in await self._s.execute(
                select(agendapunten)
                .where(agendapunten.c.overleg_id.in_(ids))
                .order_by(agendapunten.c.overleg_id, agendapunten.c.volgorde)
            ):
                agenda[a.overleg_id].append(a.casus_id)
            for a in await self._s.execute(
                select(antwoorden).where(antwoorden.c.overleg_id.in_(ids)).order_by(antwoorden.c.id)
            ):
                per_overleg[a.overleg_id].append(
                    Antwoord(
                        partner=a.partner,
                        antwoord=OverlegAntwoord(a.antwoord),
                        reden=a.reden,
                        beantwoord_op=a.beantwoord_op,
                        door=a.door,
                    )
                )
        return [
            Overleg(
                overleg_id=r.overleg_id,
                soort=OverlegSoort(r.soort),
                start=r.start,
                eind=r.eind,
                locatie=r.locatie,
                voorzitter=r.voorzitter,
                agenda=agenda.get(r.overleg_id, []),
                gepland_op=r.gepland_op,
                gepland_door=r.gepland_door,
                status=OverlegStatus(r.status),
                sequence=r.sequence,
                reeks_id=r.reeks_id,
                antwoorden=per_overleg.get(r.overleg_id, []),
                verslag_vastgesteld_op=r.verslag_vastgesteld_op,
            )
            for r in rows
        ]

    async def get(self, overleg_id: uuid.UUID) -> Overleg | None:
        rows = (
            await self._s.execute(select(overleggen).where(overleggen.c.overleg_id == overleg_id))
        ).all()
        found = await self._vul(rows)
        return found[0] if found else None

    async def list(
        self,
        *,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
        casus_id: uuid.UUID | None = None,
    ) -> builtins.list[Overleg]:
        """Overleggen by start time, optionally in a window or with one casus on the agenda."""
        query = select(overleggen).order_by(overleggen.c.start, overleggen.c.overleg_id)
        if vanaf is not None:
            query = query.where(overleggen.c.start >= vanaf)
        if tot is not None:
            query = query.where(overleggen.c.start < tot)
        if casus_id is not None:
            query = query.where(
                overleggen.c.overleg_id.in_(
                    select(agendapunten.c.overleg_id).where(agendapunten.c.casus_id == casus_id)
                )
            )
        return await self._vul((await self._s.execute(query)).all())

    async def add(self, overleg: Overleg) -> None:
        await self._s.execute(insert(overleggen).values(**self._kolommen(overleg)))
        await self._agenda(overleg)
        for a in overleg.antwoorden:
            await self.add_antwoord(overleg.overleg_id, a)

    async def save(self, overleg: Overleg) -> None:
        """Write the overleg's fields and agenda (answers are append-only: add_antwoord)."""
        await self._s.execute(
            update(overleggen)
            .where(overleggen.c.overleg_id == overleg.overleg_id)
            .values(**self._kolommen(overleg))
        )
        await self._s.execute(
            delete(agendapunten).where(agendapunten.c.overleg_id == overleg.overleg_id)
        )
        await self._agenda(overleg)

    async def add_antwoord(self, overleg_id: uuid.UUID, antwoord: Antwoord) -> None:
        await self._s.execute(
            insert(antwoorden).values(
                overleg_id=overleg_id,
                partner=antwoord.partner,
                antwoord=antwoord.antwoord.value,
                reden=antwoord.reden,
                beantwoord_op=antwoord.beantwoord_op,
                door=antwoord.door,
            )
        )

    async def _agenda(self, overleg: Overleg) -> None:
        if overleg.agenda:
            await self._s.execute(
                insert(agendapunten),
                [
                    {"overleg_id": overleg.overleg_id, "casus_id": c, "volgorde": i}
                    for i, c in enumerate(overleg.agenda)
                ],
            )

    @staticmethod
    def _kolommen(o: Overleg) -> dict[str, object]:
        return {
            "overleg_id": o.overleg_id,
            "soort": o.soort.value,
            "start": o.start,
            "eind": o.eind,
            "locatie": o.locatie,
            "voorzitter": o.voorzitter,
            "status": o.status.value,
            "sequence": o.sequence,
            "reeks_id": o.reeks_id,
            "gepland_op": o.gepland_op,
            "gepland_door": o.gepland_door,
            "verslag_vastgesteld_op": o.verslag_vastgesteld_op,
        }
