"""SQL storage of VPT evaluations and maatregelen (tables of migration 0016_vpt_evaluaties)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.vpt_evaluatie_tables import vpt_evaluaties, vpt_maatregelen
from zvh_overleg.domain.vpt_evaluatie import Evaluatie, Maatregel, MaatregelStatus


def _evaluatie(r: Any) -> Evaluatie:
    return Evaluatie(
        dossier_id=r.dossier_id,
        organisatie=r.organisatie,
        gemeld_jaar=r.gemeld_jaar,
        wat_gebeurde=r.wat_gebeurde,
        wat_ging_goed=r.wat_ging_goed,
        wat_moet_anders=r.wat_moet_anders,
        vastgesteld_op=r.vastgesteld_op,
        door=r.door,
        met_team=r.met_team,
        deelnemers=r.deelnemers,
    )


def _maatregel(r: Any) -> Maatregel:
    return Maatregel(
        maatregel_id=r.maatregel_id,
        dossier_id=r.dossier_id,
        organisatie=r.organisatie,
        gemeld_jaar=r.gemeld_jaar,
        wat=r.wat,
        eigenaar=r.eigenaar,
        wanneer=r.wanneer,
        status=MaatregelStatus(r.status),
        afgerond_op=r.afgerond_op,
        aangemaakt_op=r.aangemaakt_op,
        aangemaakt_door=r.aangemaakt_door,
    )


def _scope(tabel: Any, *, organisatie: str | None, jaar: int) -> list[Any]:
    voorwaarden = [tabel.c.gemeld_jaar == jaar]
    if organisatie is not None:
        voorwaarden.append(tabel.c.organisatie == organisatie)
    return voorwaarden


class SqlVptEvaluatieRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def evaluatie(self, dossier_id: uuid.UUID) -> Evaluatie | None:
        r = (
            await self._s.execute(
                select(vpt_evaluaties).where(vpt_evaluaties.c.dossier_id == dossier_id)
            )
        ).first()
        return _evaluatie(r) if r is not None else None

    async def bewaar_evaluatie(self, evaluatie: Evaluatie) -> None:
        """Insert or replace the dossier's evaluation."""
        await self._s.execute(
            delete(vpt_evaluaties).where(vpt_evaluaties.c.dossier_id == evaluatie.dossier_id)
        )
        await self._s.execute(
            insert(vpt_evaluaties).values(
                dossier_id=evaluatie.dossier_id,
                organisatie=evaluatie.organisatie,
                gemeld_jaar=evaluatie.gemeld_jaar,
                wat_gebeurde=evaluatie.wat_gebeurde,
                wat_ging_goed=evaluatie.wat_ging_goed,
                wat_moet_anders=evaluatie.wat_moet_anders,
                met_team=evaluatie.met_team,
                deelnemers=evaluatie.deelnemers,
                vastgesteld_op=evaluatie.vastgesteld_op,
                door=evaluatie.door,
            )
        )

    async def maatregelen(self, dossier_id: uuid.UUID) -> list[Maatregel]:
        rows = await self._s.execute(
            select(vpt_maatregelen)
            .where(vpt_maatregelen.c.dossier_id == dossier_id)
            .order_by(vpt_maatregelen.c.wanneer, vpt_maatregelen.c.aangemaakt_op)
        )
        return [_maatregel(r) for r in rows]

    async def maatregel(self, dossier_id: uuid.UUID, maatregel_id: uuid.UUID) -> Maatregel | None:
        r = (
            await self._s.execute(
                select(vpt_maatregelen).where(
                    vpt_maatregelen.c.maatregel_id == maatregel_id,
                    vpt_maatregelen.c.dossier_id == dossier_id,
                )
            )
        ).first()
        return _maatregel(r) if r is not None else None

    async def voeg_maatregel_toe(self, m: Maatregel) -> None:
        await self._s.execute(
            insert(vpt_maatregelen).values(
                maatregel_id=m.maatregel_id,
                dossier_id=m.dossier_id,
                organisatie=m.organisatie,
                gemeld_jaar=m.gemeld_jaar,
                wat=m.wat,
                eigenaar=m.eigenaar,
                wanneer=m.wanneer,
                status=m.status.value,
                afgerond_op=m.afgerond_op,
                aangemaakt_op=m.aangemaakt_op,
                aangemaakt_door=m.aangemaakt_door,
            )
        )

    async def bewaar_status(self, m: Maatregel) -> None:
        await self._s.execute(
            update(vpt_maatregelen)
            .where(vpt_maatregelen.c.maatregel_id == m.maatregel_id)
            .values(status=m.status.value, afgerond_op=m.afgerond_op)
        )

    async def aantal_evaluaties(self, *, organisatie: str | None, jaar: int) -> int:
        """Evaluations of incidents reported in ``jaar`` (by one organisation; None: all)."""
        n = await self._s.scalar(
            select(func.count())
            .select_from(vpt_evaluaties)
            .where(*_scope(vpt_evaluaties, organisatie=organisatie, jaar=jaar))
        )
        return int(n or 0)

    async def maatregelen_van(self, *, organisatie: str | None, jaar: int) -> list[Maatregel]:
        """The maatregelen after incidents reported in ``jaar`` (for counting only)."""
        rows = await self._s.execute(
            select(vpt_maatregelen).where(
                *_scope(vpt_maatregelen, organisatie=organisatie, jaar=jaar)
            )
        )
        return [_maatregel(r) for r in rows]
