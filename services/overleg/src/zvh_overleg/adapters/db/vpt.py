"""SQL storage of VPT dossiers, their zittingen and the casemanager's own acties."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.tables import vpt_acties, vpt_dossiers, vpt_zittingen
from zvh_overleg.domain.vpt import (
    Aangifte,
    OmBeslissing,
    SchadefondsStatus,
    Schadevergoeding,
    VptActie,
    VptActieStatus,
    VptAfsluitreden,
    VptDossier,
    Zitting,
    ZittingSoort,
)


def _velden(d: VptDossier) -> dict[str, Any]:
    a, s = d.aangifte, d.schadevergoeding
    return {
        "casemanager": d.casemanager,
        "aangifte_gedaan_op": a.gedaan_op if a else None,
        "aangifte_pv_nummer": a.pv_nummer if a else None,
        "aangifte_domiciliekeuze": a.domiciliekeuze if a else None,
        "aangifte_werkadres": a.werkadres if a else None,
        "om_beslissing": d.om_beslissing.value,
        "om_beslissing_op": d.om_beslissing_op,
        "voeging": s.voeging,
        "schadefonds": s.schadefonds.value,
        "advocaat_naam": s.advocaat_naam,
        "advocaat_kantoor": s.advocaat_kantoor,
        "verzuimdagen": d.verzuimdagen,
        "afgesloten_op": d.afgesloten_op,
        "afsluitreden": d.afsluitreden.value if d.afsluitreden else None,
        "afsluit_toelichting": d.afsluit_toelichting,
        "afgesloten_door": d.afgesloten_door,
    }


def _dossier(r: Row[Any]) -> VptDossier:
    aangifte = (
        Aangifte(
            gedaan_op=r.aangifte_gedaan_op,
            pv_nummer=r.aangifte_pv_nummer,
            domiciliekeuze=bool(r.aangifte_domiciliekeuze),
            werkadres=r.aangifte_werkadres,
        )
        if r.aangifte_gedaan_op is not None
        else None
    )
    return VptDossier(
        dossier_id=r.dossier_id,
        incident_id=r.incident_id,
        organisatie=r.organisatie,
        melder=r.melder,
        casemanager=r.casemanager,
        gemeld_op=r.gemeld_op,
        geopend_op=r.geopend_op,
        aangifte=aangifte,
        om_beslissing=OmBeslissing(r.om_beslissing),
        om_beslissing_op=r.om_beslissing_op,
        schadevergoeding=Schadevergoeding(
            voeging=bool(r.voeging),
            schadefonds=SchadefondsStatus(r.schadefonds),
            advocaat_naam=r.advocaat_naam,
            advocaat_kantoor=r.advocaat_kantoor,
        ),
        verzuimdagen=r.verzuimdagen,
        afgesloten_op=r.afgesloten_op,
        afsluitreden=VptAfsluitreden(r.afsluitreden) if r.afsluitreden else None,
        afsluit_toelichting=r.afsluit_toelichting,
        afgesloten_door=r.afgesloten_door,
        casus_id=r.casus_id,
        client_pseudoniem=r.client_pseudoniem,
    )


class SqlVptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, dossier: VptDossier) -> None:
        await self._s.execute(
            insert(vpt_dossiers).values(
                dossier_id=dossier.dossier_id,
                incident_id=dossier.incident_id,
                organisatie=dossier.organisatie,
                melder=dossier.melder,
                gemeld_op=dossier.gemeld_op,
                geopend_op=dossier.geopend_op,
                casus_id=dossier.casus_id,
                client_pseudoniem=dossier.client_pseudoniem,
                **_velden(dossier),
            )
        )

    async def get(self, dossier_id: uuid.UUID) -> VptDossier | None:
        row = (
            await self._s.execute(
                select(vpt_dossiers).where(vpt_dossiers.c.dossier_id == dossier_id)
            )
        ).first()
        if row is None:
            return None
        dossier = _dossier(row)
        zittingen = await self._s.execute(
            select(vpt_zittingen)
            .where(vpt_zittingen.c.dossier_id == dossier_id)
            .order_by(vpt_zittingen.c.datum, vpt_zittingen.c.zitting_id)
        )
        dossier.zittingen = [
            Zitting(
                zitting_id=z.zitting_id, datum=z.datum, soort=ZittingSoort(z.soort), plaats=z.plaats
            )
            for z in zittingen
        ]
        acties = await self._s.execute(
            select(vpt_acties)
            .where(vpt_acties.c.dossier_id == dossier_id)
            .order_by(vpt_acties.c.wanneer, vpt_acties.c.actie_id)
        )
        dossier.acties = [
            VptActie(
                actie_id=a.actie_id,
                dossier_id=a.dossier_id,
                wat=a.wat,
                wie=a.wie,
                wanneer=a.wanneer,
                status=VptActieStatus(a.status),
                zitting_id=a.zitting_id,
            )
            for a in acties
        ]
        return dossier

    async def by_incident(self, incident_id: uuid.UUID) -> VptDossier | None:
        found = (
            await self._s.execute(
                select(vpt_dossiers.c.dossier_id).where(vpt_dossiers.c.incident_id == incident_id)
            )
        ).scalar()
        return await self.get(found) if found is not None else None

    async def bij_casus(self, casus_id: uuid.UUID, pseudoniemen: Sequence[str]) -> list[VptDossier]:
        """The dossiers whose incident named this casus or involves one of its persons."""
        voorwaarde = vpt_dossiers.c.casus_id == casus_id
        if pseudoniemen:
            voorwaarde = or_(voorwaarde, vpt_dossiers.c.client_pseudoniem.in_(list(pseudoniemen)))
        rows = await self._s.execute(
            select(vpt_dossiers).where(voorwaarde).order_by(vpt_dossiers.c.gemeld_op.desc())
        )
        return [_dossier(r) for r in rows]

    async def list(self) -> list[VptDossier]:
        """Every dossier newest first, without zittingen and acties (the caller asks the PDP
        which of them to show)."""
        rows = await self._s.execute(
            select(vpt_dossiers).order_by(
                vpt_dossiers.c.gemeld_op.desc(), vpt_dossiers.c.dossier_id
            )
        )
        return [_dossier(r) for r in rows]

    async def save(self, dossier: VptDossier) -> None:
        await self._s.execute(
            update(vpt_dossiers)
            .where(vpt_dossiers.c.dossier_id == dossier.dossier_id)
            .values(**_velden(dossier))
        )

    async def add_zitting(self, dossier_id: uuid.UUID, zitting: Zitting) -> None:
        await self._s.execute(
            insert(vpt_zittingen).values(
                zitting_id=zitting.zitting_id,
                dossier_id=dossier_id,
                datum=zitting.datum,
                soort=zitting.soort.value,
                plaats=zitting.plaats,
            )
        )

    async def add_actie(self, actie: VptActie) -> None:
        await self._s.execute(
            insert(vpt_acties).values(
                actie_id=actie.actie_id,
                dossier_id=actie.dossier_id,
                wat=actie.wat,
                wie=actie.wie,
                wanneer=actie.wanneer,
                status=actie.status.value,
                zitting_id=actie.zitting_id,
            )
        )

    async def save_actie(self, actie: VptActie) -> None:
        await self._s.execute(
            update(vpt_acties)
            .where(vpt_acties.c.actie_id == actie.actie_id)
            .values(status=actie.status.value)
        )
