"""SQL implementation of the InformatieRepository port: bouwschema entries."""

from __future__ import annotations

import builtins
import uuid

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.tables import informatie_items
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel


def beperking(waarde: object) -> tuple[str, ...] | None:
    """The stored ``beperkt_tot`` (a JSON list or NULL) as the domain keeps it."""
    if waarde is None:
        return None
    if not isinstance(waarde, list):  # never stored so; deny in doubt: only the ZVH regie
        return ("zvh",)
    return tuple(str(code) for code in waarde)


def _item(r: Row) -> Informatieitem:  # type: ignore[type-arg]
    return Informatieitem(
        item_id=r.item_id,
        casus_id=r.casus_id,
        overleg_id=r.overleg_id,
        onderdeel=Onderdeel(r.onderdeel),
        eigenaar=r.eigenaar,
        categorie=Categorie(r.categorie),
        tekst=r.tekst,
        ingebracht_op=r.ingebracht_op,
        vastgelegd_door=r.vastgelegd_door,
        gevoeligheid=Gevoeligheid(r.gevoeligheid),
        grondslag=r.grondslag,
        beperkt_tot=beperking(r.beperkt_tot),
        ingetrokken=bool(r.ingetrokken),
    )


class SqlInformatieRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, item: Informatieitem) -> None:
        await self._s.execute(
            insert(informatie_items).values(
                item_id=item.item_id,
                casus_id=item.casus_id,
                overleg_id=item.overleg_id,
                onderdeel=item.onderdeel.value,
                eigenaar=item.eigenaar,
                categorie=item.categorie.value,
                tekst=item.tekst,
                ingebracht_op=item.ingebracht_op,
                vastgelegd_door=item.vastgelegd_door,
                gevoeligheid=item.gevoeligheid.value,
                grondslag=item.grondslag,
                beperkt_tot=list(item.beperkt_tot) if item.beperkt_tot is not None else None,
                ingetrokken=item.ingetrokken,
            )
        )

    async def get(self, item_id: uuid.UUID) -> Informatieitem | None:
        row = (
            await self._s.execute(
                select(informatie_items).where(informatie_items.c.item_id == item_id)
            )
        ).first()
        return _item(row) if row else None

    async def voor_casus(
        self, casus_id: uuid.UUID, *, overleg_id: uuid.UUID | None = None
    ) -> builtins.list[Informatieitem]:
        """A casus' entries in the order they were said; only one overleg's when given."""
        query = (
            select(informatie_items)
            .where(informatie_items.c.casus_id == casus_id)
            .order_by(informatie_items.c.ingebracht_op, informatie_items.c.item_id)
        )
        if overleg_id is not None:
            query = query.where(informatie_items.c.overleg_id == overleg_id)
        return [_item(r) for r in await self._s.execute(query)]

    async def zet_beheer(self, item: Informatieitem) -> None:
        await self._s.execute(
            update(informatie_items)
            .where(informatie_items.c.item_id == item.item_id)
            .values(
                beperkt_tot=list(item.beperkt_tot) if item.beperkt_tot is not None else None,
                ingetrokken=item.ingetrokken,
            )
        )
