"""SQL implementation of the CasusRepository port."""

from __future__ import annotations

import builtins
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.tables import (
    acties,
    ave_fase_historie,
    casussen,
    deelnemers,
    terugkoppelingen,
)
from zvh_overleg.domain.model import (
    Actie,
    ActieStatus,
    AveFaseWijziging,
    Casus,
    Terugkoppeling,
)


def _actie(row: Row) -> Actie:  # type: ignore[type-arg]
    return Actie(
        actie_id=row.actie_id,
        casus_id=row.casus_id,
        wat=row.wat,
        wie=row.wie,
        wanneer=row.wanneer,
        status=ActieStatus(row.status),
        toegewezen_op=row.toegewezen_op,
        teruggekoppeld_op=row.teruggekoppeld_op,
        wachtlijst=row.wachtlijst,
    )


class SqlCasusRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _deelnemers(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        out: dict[uuid.UUID, list[str]] = defaultdict(list)
        if ids:
            rows = await self._s.execute(
                select(deelnemers.c.casus_id, deelnemers.c.partner)
                .where(deelnemers.c.casus_id.in_(ids))
                .order_by(deelnemers.c.casus_id, deelnemers.c.volgorde)
            )
            for casus_id, partner in rows:
                out[casus_id].append(partner)
        return out

    async def _casussen(self, rows: Iterable[Row]) -> list[Casus]:  # type: ignore[type-arg]
        rows = list(rows)
        per_casus = await self._deelnemers([r.casus_id for r in rows])
        return [
            Casus(
                casus_id=r.casus_id,
                melding_id=r.melding_id,
                melder=r.melder,
                deelnemers=per_casus.get(r.casus_id, []),
                ave_fase=r.ave_fase,
                client_geinformeerd=r.client_geinformeerd,
                herbeoordeling_op=r.herbeoordeling_op,
                geopend_op=r.geopend_op,
                geopend_door=r.geopend_door,
                volgend_overleg_op=r.volgend_overleg_op,
            )
            for r in rows
        ]

    async def get(self, casus_id: uuid.UUID) -> Casus | None:
        rows = await self._s.execute(select(casussen).where(casussen.c.casus_id == casus_id))
        found = await self._casussen(rows)
        if not found:
            return None
        casus = found[0]
        actie_rows = await self._s.execute(
            select(acties)
            .where(acties.c.casus_id == casus_id)
            .order_by(acties.c.toegewezen_op, acties.c.actie_id)
        )
        casus.acties = [_actie(r) for r in actie_rows]
        historie = await self._s.execute(
            select(ave_fase_historie)
            .where(ave_fase_historie.c.casus_id == casus_id)
            .order_by(ave_fase_historie.c.id)
        )
        casus.ave_fase_historie = [
            AveFaseWijziging(ave_fase=h.ave_fase, vastgesteld_op=h.vastgesteld_op, door=h.door)
            for h in historie
        ]
        return casus

    async def by_melding(self, melding_id: uuid.UUID) -> Casus | None:
        casus_id = await self._s.scalar(
            select(casussen.c.casus_id).where(casussen.c.melding_id == melding_id)
        )
        return await self.get(casus_id) if casus_id else None

    async def list(
        self, *, melding_id: uuid.UUID | None = None, deelnemer: str | None = None
    ) -> list[Casus]:
        query = select(casussen).order_by(casussen.c.geopend_op.desc(), casussen.c.casus_id)
        if melding_id is not None:
            query = query.where(casussen.c.melding_id == melding_id)
        if deelnemer is not None:
            query = query.where(
                casussen.c.casus_id.in_(
                    select(deelnemers.c.casus_id).where(deelnemers.c.partner == deelnemer)
                )
            )
        return await self._casussen(await self._s.execute(query))

    async def add(self, casus: Casus) -> None:
        await self._s.execute(
            insert(casussen).values(
                casus_id=casus.casus_id,
                melding_id=casus.melding_id,
                melder=casus.melder,
                ave_fase=casus.ave_fase,
                client_geinformeerd=casus.client_geinformeerd,
                herbeoordeling_op=casus.herbeoordeling_op,
                geopend_op=casus.geopend_op,
                geopend_door=casus.geopend_door,
                volgend_overleg_op=casus.volgend_overleg_op,
            )
        )
        if casus.deelnemers:
            await self._s.execute(
                insert(deelnemers),
                [
                    {"casus_id": casus.casus_id, "partner": p, "volgorde": i}
                    for i, p in enumerate(casus.deelnemers)
                ],
            )
        if casus.ave_fase_historie:
            await self._s.execute(
                insert(ave_fase_historie),
                [
                    {
                        "casus_id": casus.casus_id,
                        "ave_fase": h.ave_fase,
                        "vastgesteld_op": h.vastgesteld_op,
                        "door": h.door,
                    }
                    for h in casus.ave_fase_historie
                ],
            )
        for actie in casus.acties:
            await self.add_actie(actie)

    async def add_actie(self, actie: Actie) -> None:
        await self._s.execute(
            insert(acties).values(
                actie_id=actie.actie_id,
                casus_id=actie.casus_id,
                wat=actie.wat,
                wie=actie.wie,
                wanneer=actie.wanneer,
                status=actie.status.value,
                toegewezen_op=actie.toegewezen_op,
                teruggekoppeld_op=actie.teruggekoppeld_op,
                wachtlijst=actie.wachtlijst,
            )
        )

    async def save_actie(self, actie: Actie) -> None:
        await self._s.execute(
            update(acties)
            .where(acties.c.actie_id == actie.actie_id)
            .values(status=actie.status.value, teruggekoppeld_op=actie.teruggekoppeld_op)
        )

    async def add_terugkoppeling(self, terugkoppeling: Terugkoppeling) -> None:
        await self._s.execute(
            insert(terugkoppelingen).values(
                terugkoppeling_id=terugkoppeling.terugkoppeling_id,
                actie_id=terugkoppeling.actie_id,
                casus_id=terugkoppeling.casus_id,
                door=terugkoppeling.door,
                status=terugkoppeling.status.value,
                toelichting=terugkoppeling.toelichting,
                ontvangen_op=terugkoppeling.ontvangen_op,
                overleg_id=terugkoppeling.overleg_id,
                vastgelegd_door=terugkoppeling.vastgelegd_door,
            )
        )

    async def terugkoppelingen(self, actie_id: uuid.UUID) -> builtins.list[Terugkoppeling]:
        """All reports on one actie, oldest first (for tests and the FG's questions)."""
        rows = await self._s.execute(
            select(terugkoppelingen)
            .where(terugkoppelingen.c.actie_id == actie_id)
            .order_by(terugkoppelingen.c.ontvangen_op)
        )
        return [
            Terugkoppeling(
                terugkoppeling_id=r.terugkoppeling_id,
                actie_id=r.actie_id,
                casus_id=r.casus_id,
                door=r.door,
                status=ActieStatus(r.status),
                toelichting=r.toelichting,
                ontvangen_op=r.ontvangen_op,
                overleg_id=r.overleg_id,
                vastgelegd_door=r.vastgelegd_door,
            )
            for r in rows
        ]
