"""SQL implementation of the PlanningRepository port."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import OverlegSoort

from zvh_overleg.adapters.db.tables import (
    casus_ritme,
    client_aanwezigheid,
    overleg_aanwezigheid,
    overleg_genodigden,
    overleg_reeksen,
    verslagen,
)
from zvh_overleg.domain.overleg import Uitgenodigd
from zvh_overleg.domain.reeks import Reeks
from zvh_overleg.domain.verslag import Aanwezigheid, Actieregel, Verslag, VerslagCasus


def verslag_json(v: Verslag) -> str:
    """The snapshot as JSON (ids, codes, dates and the actielijst only)."""
    return json.dumps(
        {
            "soort": v.soort.value,
            "start": v.start.isoformat(),
            "aanwezig": v.aanwezig,
            "afwezig": v.afwezig,
            "casussen": [
                {
                    "casus_id": str(c.casus_id),
                    "deelnemers": c.deelnemers,
                    "volgend_overleg": c.volgend_overleg.isoformat() if c.volgend_overleg else None,
                    "client_aanwezig": c.client_aanwezig,
                    "acties": [
                        {
                            "actie_id": str(a.actie_id),
                            "wat": a.wat,
                            "wie": a.wie,
                            "wanneer": a.wanneer.isoformat(),
                            "status": a.status,
                        }
                        for a in c.acties
                    ],
                }
                for c in v.casussen
            ],
        }
    )


def verslag_uit_json(
    *, overleg_id: uuid.UUID, inhoud: str, vastgesteld_op: datetime, vastgesteld_door: str
) -> Verslag:
    d: dict[str, Any] = json.loads(inhoud)
    return Verslag(
        overleg_id=overleg_id,
        soort=OverlegSoort(d["soort"]),
        start=datetime.fromisoformat(d["start"]),
        aanwezig=list(d["aanwezig"]),
        afwezig=list(d["afwezig"]),
        casussen=[
            VerslagCasus(
                casus_id=uuid.UUID(c["casus_id"]),
                deelnemers=list(c["deelnemers"]),
                volgend_overleg=date.fromisoformat(c["volgend_overleg"])
                if c["volgend_overleg"]
                else None,
                client_aanwezig=c["client_aanwezig"],
                acties=[
                    Actieregel(
                        actie_id=uuid.UUID(a["actie_id"]),
                        wat=a["wat"],
                        wie=a["wie"],
                        wanneer=date.fromisoformat(a["wanneer"]),
                        status=a["status"],
                    )
                    for a in c["acties"]
                ],
            )
            for c in d["casussen"]
        ],
        vastgesteld_op=vastgesteld_op,
        vastgesteld_door=vastgesteld_door,
    )


class SqlPlanningRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_reeks(self, reeks: Reeks) -> None:
        await self._s.execute(
            insert(overleg_reeksen).values(
                reeks_id=reeks.reeks_id,
                soort=reeks.soort.value,
                weekdag=reeks.weekdag,
                begintijd=reeks.begintijd.strftime("%H:%M"),
                duur_minuten=reeks.duur_minuten,
                interval_weken=reeks.interval_weken,
                aantal_vooruit=reeks.aantal_vooruit,
                locatie=reeks.locatie,
                voorzitter=reeks.voorzitter,
                eerste_datum=reeks.eerste_datum,
                aangemaakt_op=reeks.aangemaakt_op,
                aangemaakt_door=reeks.aangemaakt_door,
            )
        )

    async def get_reeks(self, reeks_id: uuid.UUID) -> Reeks | None:
        r = (
            await self._s.execute(
                select(overleg_reeksen).where(overleg_reeksen.c.reeks_id == reeks_id)
            )
        ).first()
        if r is None:
            return None
        return Reeks(
            reeks_id=r.reeks_id,
            soort=OverlegSoort(r.soort),
            weekdag=r.weekdag,
            begintijd=time.fromisoformat(r.begintijd),
            duur_minuten=r.duur_minuten,
            interval_weken=r.interval_weken,
            aantal_vooruit=r.aantal_vooruit,
            locatie=r.locatie,
            voorzitter=r.voorzitter,
            eerste_datum=r.eerste_datum,
            aangemaakt_op=r.aangemaakt_op,
            aangemaakt_door=r.aangemaakt_door,
        )

    async def genodigden(self, overleg_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Uitgenodigd]]:
        out: dict[uuid.UUID, list[Uitgenodigd]] = {}
        if not overleg_ids:
            return out
        rows = await self._s.execute(
            select(overleg_genodigden)
            .where(overleg_genodigden.c.overleg_id.in_(overleg_ids))
            .order_by(overleg_genodigden.c.overleg_id, overleg_genodigden.c.volgorde)
        )
        for r in rows:
            out.setdefault(r.overleg_id, []).append(
                Uitgenodigd(
                    partner=r.partner, casus_ids=[uuid.UUID(c) for c in json.loads(r.casus_ids)]
                )
            )
        return out

    async def zet_genodigden(self, overleg_id: uuid.UUID, genodigden: list[Uitgenodigd]) -> None:
        await self._s.execute(
            delete(overleg_genodigden).where(overleg_genodigden.c.overleg_id == overleg_id)
        )
        if genodigden:
            await self._s.execute(
                insert(overleg_genodigden),
                [
                    {
                        "overleg_id": overleg_id,
                        "partner": g.partner,
                        "volgorde": i,
                        "casus_ids": json.dumps([str(c) for c in g.casus_ids]),
                    }
                    for i, g in enumerate(genodigden)
                ],
            )

    async def aanwezigheid(self, overleg_id: uuid.UUID) -> Aanwezigheid:
        partners = {
            r.partner: r.aanwezig
            for r in await self._s.execute(
                select(overleg_aanwezigheid).where(overleg_aanwezigheid.c.overleg_id == overleg_id)
            )
        }
        client = {
            r.casus_id: r.aanwezig
            for r in await self._s.execute(
                select(client_aanwezigheid).where(client_aanwezigheid.c.overleg_id == overleg_id)
            )
        }
        return Aanwezigheid(partners=partners, client=client)

    async def zet_aanwezigheid(self, overleg_id: uuid.UUID, aanwezigheid: Aanwezigheid) -> None:
        await self._s.execute(
            delete(overleg_aanwezigheid).where(overleg_aanwezigheid.c.overleg_id == overleg_id)
        )
        await self._s.execute(
            delete(client_aanwezigheid).where(client_aanwezigheid.c.overleg_id == overleg_id)
        )
        if aanwezigheid.partners:
            await self._s.execute(
                insert(overleg_aanwezigheid),
                [
                    {"overleg_id": overleg_id, "partner": p, "aanwezig": a}
                    for p, a in aanwezigheid.partners.items()
                ],
            )
        if aanwezigheid.client:
            await self._s.execute(
                insert(client_aanwezigheid),
                [
                    {"overleg_id": overleg_id, "casus_id": c, "aanwezig": a}
                    for c, a in aanwezigheid.client.items()
                ],
            )

    async def add_verslag(self, verslag: Verslag) -> None:
        await self._s.execute(
            insert(verslagen).values(
                overleg_id=verslag.overleg_id,
                vastgesteld_op=verslag.vastgesteld_op,
                vastgesteld_door=verslag.vastgesteld_door,
                inhoud=verslag_json(verslag),
            )
        )

    async def verslag(self, overleg_id: uuid.UUID) -> Verslag | None:
        r = (
            await self._s.execute(select(verslagen).where(verslagen.c.overleg_id == overleg_id))
        ).first()
        if r is None:
            return None
        return verslag_uit_json(
            overleg_id=r.overleg_id,
            inhoud=r.inhoud,
            vastgesteld_op=r.vastgesteld_op,
            vastgesteld_door=r.vastgesteld_door,
        )

    async def ritmes(self, casus_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        if not casus_ids:
            return {}
        rows = await self._s.execute(
            select(casus_ritme).where(casus_ritme.c.casus_id.in_(casus_ids))
        )
        return {r.casus_id: r.interval_weken for r in rows}

    async def zet_ritme(self, casus_id: uuid.UUID, interval_weken: int | None) -> None:
        await self._s.execute(delete(casus_ritme).where(casus_ritme.c.casus_id == casus_id))
        if interval_weken is not None:
            await self._s.execute(
                insert(casus_ritme).values(casus_id=casus_id, interval_weken=interval_weken)
            )
