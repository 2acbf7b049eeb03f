"""SQL implementation of the CasusRepository port."""

from __future__ import annotations

import builtins
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, Table, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import Casemanagementmodel

from zvh_overleg.adapters.db.informatie import beperking
from zvh_overleg.adapters.db.tables import (
    acties,
    ave_fase_historie,
    casemanagementmodel_historie,
    casus_meldingen,
    casus_status_historie,
    casussen,
    client_geinformeerd_historie,
    deelnemer_historie,
    deelnemers,
    modelkeuzes_triage,
    termijnregistraties,
    terugkoppelingen,
)
from zvh_overleg.application.ports import CasusFilter
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid
from zvh_overleg.domain.levensloop import (
    Afsluitreden,
    CasusMelding,
    ClientGeinformeerdWijziging,
    DeelnemerMutatie,
    DeelnemerWijziging,
    StatusMutatie,
    StatusWijziging,
)
from zvh_overleg.domain.model import (
    Actie,
    ActieStatus,
    AveFaseWijziging,
    Casus,
    ModelWijziging,
    Terugkoppeling,
    TriageModelkeuze,
)
from zvh_overleg.domain.termijnregistratie import Gebeurtenis, TermijnRegistratie


def _filtered(query: Select[Any], f: CasusFilter) -> Select[Any]:
    """The list filters as SQL: status, AVE-fase, deelnemer, verlopen acties."""
    if f.status == "open":
        query = query.where(casussen.c.afgesloten_op.is_(None))
    elif f.status == "afgesloten":
        query = query.where(casussen.c.afgesloten_op.is_not(None))
    if f.ave_fase is not None:
        query = query.where(casussen.c.ave_fase == f.ave_fase)
    if f.met_deelnemer is not None:
        query = query.where(
            casussen.c.casus_id.in_(
                select(deelnemers.c.casus_id).where(deelnemers.c.partner == f.met_deelnemer)
            )
        )
    if f.verlopen_voor is not None:
        query = query.where(
            casussen.c.casus_id.in_(
                select(acties.c.casus_id).where(
                    acties.c.wanneer < f.verlopen_voor,
                    or_(acties.c.status == "open", acties.c.status == "loopt"),
                )
            )
        )
    return query


def _terugkoppeling(r: Row) -> Terugkoppeling:  # type: ignore[type-arg]
    return Terugkoppeling(
        terugkoppeling_id=r.terugkoppeling_id,
        actie_id=r.actie_id,
        casus_id=r.casus_id,
        door=r.door,
        status=ActieStatus(r.status),
        toelichting=r.toelichting,
        ontvangen_op=r.ontvangen_op,
        overleg_id=r.overleg_id,
        vastgelegd_door=r.vastgelegd_door,
        categorie=Categorie(r.categorie),
        gevoeligheid=Gevoeligheid(r.gevoeligheid),
        grondslag=r.grondslag,
        beperkt_tot=beperking(r.beperkt_tot),
        ingetrokken=bool(r.ingetrokken),
    )


def _model_wijziging(m: Any) -> ModelWijziging:
    """A model history row; a triage entry takes its suggestion and reason from the triage page's
    choice (``modelkeuzes_triage``), when the page stored one."""
    return ModelWijziging(
        model=Casemanagementmodel(m["model"]),
        vastgesteld_op=m["vastgesteld_op"],
        door=m["door"],
        van=Casemanagementmodel(m["van"]) if m["van"] else None,
        reden=m["reden"] if m["melding_id"] is None else m["triage_reden"],
        voorgesteld=Casemanagementmodel(m["voorgesteld"]) if m["voorgesteld"] else None,
        melding_id=m["melding_id"],
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
                casusregisseur=r.casusregisseur,
                casusregisseur_org=r.casusregisseur_org,
                afgesloten_op=r.afgesloten_op,
                afsluitreden=Afsluitreden(r.afsluitreden) if r.afsluitreden else None,
                betrokkenen=[str(p) for p in r.betrokkenen or []],
                casemanagementmodel=Casemanagementmodel(
                    r.casemanagementmodel or Casemanagementmodel.MAKELAAR
                ),
                gemeente=r.gemeente,
            )
            for r in rows
        ]

    async def get(self, casus_id: uuid.UUID, *, historie: bool = True) -> Casus | None:
        """The casus with deelnemers and acties; its histories only when ``historie`` (a page
        that shows none of them reads faster without; never save a casus read without)."""
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
        casus.termijnregistraties = (await self.termijnregistraties([casus_id])).get(casus_id, [])
        if not historie:
            return casus
        fase_rows = await self._s.execute(
            select(ave_fase_historie)
            .where(ave_fase_historie.c.casus_id == casus_id)
            .order_by(ave_fase_historie.c.id)
        )
        casus.ave_fase_historie = [
            AveFaseWijziging(
                ave_fase=h.ave_fase,
                vastgesteld_op=h.vastgesteld_op,
                door=h.door,
                van=h.van,
                reden=h.reden,
            )
            for h in fase_rows
        ]
        model_rows = await self._s.execute(
            select(
                casemanagementmodel_historie,
                modelkeuzes_triage.c.voorgesteld,
                modelkeuzes_triage.c.reden.label("triage_reden"),
            )
            .outerjoin(
                modelkeuzes_triage,
                modelkeuzes_triage.c.melding_id == casemanagementmodel_historie.c.melding_id,
            )
            .where(casemanagementmodel_historie.c.casus_id == casus_id)
            .order_by(casemanagementmodel_historie.c.id)
        )
        casus.model_historie = [_model_wijziging(m) for m in model_rows.mappings()]
        await self._load_levensloop(casus)
        return casus

    async def _load_levensloop(self, casus: Casus) -> None:
        """Meldingen and the lifecycle histories, in the order they happened."""
        cid = casus.casus_id
        rows = await self._s.execute(
            select(casus_meldingen)
            .where(casus_meldingen.c.casus_id == cid)
            .order_by(casus_meldingen.c.volgorde)
        )
        casus.meldingen = [
            CasusMelding(
                melding_id=r.melding_id,
                melder=r.melder,
                getrieerd_op=r.getrieerd_op,
                toegevoegd_op=r.toegevoegd_op,
            )
            for r in rows
        ]
        t = client_geinformeerd_historie
        rows = await self._s.execute(select(t).where(t.c.casus_id == cid).order_by(t.c.id))
        casus.client_historie = [
            ClientGeinformeerdWijziging(
                client_geinformeerd=r.client_geinformeerd,
                herbeoordeling_op=r.herbeoordeling_op,
                reden=r.reden,
                gewijzigd_op=r.gewijzigd_op,
                door=r.door,
            )
            for r in rows
        ]
        t = deelnemer_historie
        rows = await self._s.execute(select(t).where(t.c.casus_id == cid).order_by(t.c.id))
        casus.deelnemer_historie = [
            DeelnemerWijziging(
                partner=r.partner,
                mutatie=DeelnemerMutatie(r.mutatie),
                reden=r.reden,
                op=r.op,
                door=r.door,
            )
            for r in rows
        ]
        t = casus_status_historie
        rows = await self._s.execute(select(t).where(t.c.casus_id == cid).order_by(t.c.id))
        casus.status_historie = [
            StatusWijziging(
                mutatie=StatusMutatie(r.mutatie),
                op=r.op,
                door=r.door,
                afsluitreden=Afsluitreden(r.afsluitreden) if r.afsluitreden else None,
                toelichting=r.toelichting,
                melding_id=r.melding_id,
            )
            for r in rows
        ]

    async def termijnregistraties(
        self, casus_ids: builtins.list[uuid.UUID]
    ) -> dict[uuid.UUID, builtins.list[TermijnRegistratie]]:
        if not casus_ids:
            return {}
        t = termijnregistraties
        rows = await self._s.execute(
            select(t).where(t.c.casus_id.in_(casus_ids)).order_by(t.c.casus_id, t.c.id)
        )
        uit: dict[uuid.UUID, builtins.list[TermijnRegistratie]] = {}
        for r in rows:
            uit.setdefault(r.casus_id, []).append(
                TermijnRegistratie(
                    gebeurtenis=Gebeurtenis(r.gebeurtenis),
                    op=r.op,
                    door=r.door,
                    vastgelegd_op=r.vastgelegd_op,
                )
            )
        return uit

    async def by_melding(self, melding_id: uuid.UUID) -> Casus | None:
        casus_id = await self._s.scalar(
            select(casus_meldingen.c.casus_id).where(casus_meldingen.c.melding_id == melding_id)
        ) or await self._s.scalar(
            select(casussen.c.casus_id).where(casussen.c.melding_id == melding_id)
        )
        return await self.get(casus_id) if casus_id else None

    async def melding_ids(self, casus_ids: builtins.list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        if not casus_ids:
            return {}
        rows = await self._s.execute(
            select(casussen.c.casus_id, casussen.c.melding_id).where(
                casussen.c.casus_id.in_(casus_ids)
            )
        )
        return {casus_id: melding_id for casus_id, melding_id in rows}

    async def by_meldingen(self, melding_ids: builtins.list[uuid.UUID]) -> builtins.list[Casus]:
        if not melding_ids:
            return []
        query = (
            select(casussen)
            .where(
                casussen.c.casus_id.in_(
                    select(casus_meldingen.c.casus_id).where(
                        casus_meldingen.c.melding_id.in_(melding_ids)
                    )
                )
            )
            .order_by(casussen.c.geopend_op.desc(), casussen.c.casus_id)
        )
        return await self._casussen(await self._s.execute(query))

    async def list(
        self,
        *,
        melding_id: uuid.UUID | None = None,
        deelnemer: str | None = None,
        filter: CasusFilter | None = None,
    ) -> builtins.list[Casus]:
        query = select(casussen).order_by(casussen.c.geopend_op.desc(), casussen.c.casus_id)
        if filter is not None:
            query = _filtered(query, filter)
        if melding_id is not None:  # the original melding or one that joined the casus later
            query = query.where(
                casussen.c.casus_id.in_(
                    select(casus_meldingen.c.casus_id).where(
                        casus_meldingen.c.melding_id == melding_id
                    )
                )
            )
        if deelnemer is not None:
            query = query.where(
                casussen.c.casus_id.in_(
                    select(deelnemers.c.casus_id).where(deelnemers.c.partner == deelnemer)
                )
            )
        return await self._casussen(await self._s.execute(query))

    async def voor_rapportage(self, *, van: datetime, tot: datetime) -> builtins.list[Casus]:
        """Three queries: the casussen open in the period, their acties, their fase history."""
        rows = await self._s.execute(
            select(casussen).where(
                casussen.c.geopend_op < tot,
                or_(casussen.c.afgesloten_op.is_(None), casussen.c.afgesloten_op >= van),
            )
        )
        gevonden = await self._casussen(rows)
        per_id = {c.casus_id: c for c in gevonden}
        ids = list(per_id)
        for begin in range(0, len(ids), 500):  # keep IN lists well below parameter limits
            deel = ids[begin : begin + 500]
            for r in await self._s.execute(
                select(acties).where(acties.c.casus_id.in_(deel)).order_by(acties.c.toegewezen_op)
            ):
                per_id[r.casus_id].acties.append(_actie(r))
            for h in await self._s.execute(
                select(ave_fase_historie)
                .where(ave_fase_historie.c.casus_id.in_(deel))
                .order_by(ave_fase_historie.c.id)
            ):
                per_id[h.casus_id].ave_fase_historie.append(
                    AveFaseWijziging(
                        ave_fase=h.ave_fase, vastgesteld_op=h.vastgesteld_op, door=h.door, van=h.van
                    )
                )
        return gevonden

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
                betrokkenen=list(casus.betrokkenen) or None,
                casemanagementmodel=casus.casemanagementmodel.value,
                gemeente=casus.gemeente,
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
                        "van": h.van,
                        "reden": h.reden,
                    }
                    for h in casus.ave_fase_historie
                ],
            )
        for actie in casus.acties:
            await self.add_actie(actie)
        await self._append_levensloop(casus, skip_fase=True, nieuw=True)

    async def save(self, casus: Casus) -> None:
        await self._s.execute(
            update(casussen)
            .where(casussen.c.casus_id == casus.casus_id)
            .values(
                ave_fase=casus.ave_fase,
                client_geinformeerd=casus.client_geinformeerd,
                herbeoordeling_op=casus.herbeoordeling_op,
                casusregisseur=casus.casusregisseur,
                casusregisseur_org=casus.casusregisseur_org,
                afgesloten_op=casus.afgesloten_op,
                afsluitreden=casus.afsluitreden.value if casus.afsluitreden else None,
                betrokkenen=list(casus.betrokkenen) or None,
                casemanagementmodel=casus.casemanagementmodel.value,
            )
        )
        await self._s.execute(delete(deelnemers).where(deelnemers.c.casus_id == casus.casus_id))
        if casus.deelnemers:
            await self._s.execute(
                insert(deelnemers),
                [
                    {"casus_id": casus.casus_id, "partner": p, "volgorde": i}
                    for i, p in enumerate(casus.deelnemers)
                ],
            )
        await self._append_levensloop(casus, skip_fase=False)

    async def add_modelkeuze(self, keuze: TriageModelkeuze) -> None:
        await self._s.execute(
            delete(modelkeuzes_triage).where(modelkeuzes_triage.c.melding_id == keuze.melding_id)
        )
        await self._s.execute(
            insert(modelkeuzes_triage).values(
                melding_id=keuze.melding_id,
                voorgesteld=keuze.voorgesteld.value,
                gekozen=keuze.gekozen.value,
                reden=keuze.reden,
                door=keuze.door,
                gekozen_op=keuze.gekozen_op,
            )
        )

    async def _count(self, table: Table, casus_id: uuid.UUID) -> int:
        return int(
            await self._s.scalar(
                select(func.count()).select_from(table).where(table.c.casus_id == casus_id)
            )
            or 0
        )

    async def _append(
        self,
        table: Table,
        casus_id: uuid.UUID,
        rows: builtins.list[dict[str, Any]],
        *,
        leeg: bool = False,
    ) -> None:
        """Insert the entries not stored yet: histories only ever grow at the end.

        ``leeg``: nothing is stored yet (a new casus), so no count (a round trip per table).
        """
        nieuw = rows if leeg else rows[await self._count(table, casus_id) :]
        if nieuw:
            await self._s.execute(insert(table), [{"casus_id": casus_id, **r} for r in nieuw])

    async def _append_levensloop(
        self, casus: Casus, *, skip_fase: bool, nieuw: bool = False
    ) -> None:
        cid = casus.casus_id
        await self._append(
            casemanagementmodel_historie,
            cid,
            leeg=nieuw,
            rows=[
                {
                    "model": h.model.value,
                    "vastgesteld_op": h.vastgesteld_op,
                    "door": h.door,
                    "van": h.van.value if h.van else None,
                    "reden": h.reden if h.melding_id is None else None,
                    "melding_id": h.melding_id,
                }
                for h in casus.model_historie
            ],
        )
        if not skip_fase:
            await self._append(
                ave_fase_historie,
                cid,
                [
                    {
                        "ave_fase": h.ave_fase,
                        "vastgesteld_op": h.vastgesteld_op,
                        "door": h.door,
                        "van": h.van,
                        "reden": h.reden,
                    }
                    for h in casus.ave_fase_historie
                ],
            )
        await self._append(
            casus_meldingen,
            cid,
            leeg=nieuw,
            rows=[
                {
                    "melding_id": m.melding_id,
                    "melder": m.melder,
                    "getrieerd_op": m.getrieerd_op,
                    "toegevoegd_op": m.toegevoegd_op,
                    "volgorde": i,
                }
                for i, m in enumerate(casus.meldingen)
            ],
        )
        await self._append(
            client_geinformeerd_historie,
            cid,
            leeg=nieuw,
            rows=[
                {
                    "client_geinformeerd": w.client_geinformeerd,
                    "herbeoordeling_op": w.herbeoordeling_op,
                    "reden": w.reden,
                    "gewijzigd_op": w.gewijzigd_op,
                    "door": w.door,
                }
                for w in casus.client_historie
            ],
        )
        await self._append(
            deelnemer_historie,
            cid,
            leeg=nieuw,
            rows=[
                {
                    "partner": w.partner,
                    "mutatie": w.mutatie.value,
                    "reden": w.reden,
                    "op": w.op,
                    "door": w.door,
                }
                for w in casus.deelnemer_historie
            ],
        )
        await self._append(
            casus_status_historie,
            cid,
            leeg=nieuw,
            rows=[
                {
                    "mutatie": w.mutatie.value,
                    "afsluitreden": w.afsluitreden.value if w.afsluitreden else None,
                    "toelichting": w.toelichting,
                    "melding_id": w.melding_id,
                    "op": w.op,
                    "door": w.door,
                }
                for w in casus.status_historie
            ],
        )
        await self._append(
            termijnregistraties,
            cid,
            leeg=nieuw,
            rows=[
                {
                    "gebeurtenis": r.gebeurtenis.value,
                    "op": r.op,
                    "door": r.door,
                    "vastgelegd_op": r.vastgelegd_op,
                }
                for r in casus.termijnregistraties
            ],
        )

    async def terugkoppelingen_van_casus(
        self, casus_id: uuid.UUID
    ) -> builtins.list[Terugkoppeling]:
        rows = await self._s.execute(
            select(terugkoppelingen)
            .where(terugkoppelingen.c.casus_id == casus_id)
            .order_by(terugkoppelingen.c.ontvangen_op)
        )
        return [_terugkoppeling(r) for r in rows]

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
                categorie=terugkoppeling.categorie.value,
                gevoeligheid=terugkoppeling.gevoeligheid.value,
                grondslag=terugkoppeling.grondslag,
                beperkt_tot=(
                    list(terugkoppeling.beperkt_tot)
                    if terugkoppeling.beperkt_tot is not None
                    else None
                ),
                ingetrokken=terugkoppeling.ingetrokken,
            )
        )

    async def terugkoppelingen(self, actie_id: uuid.UUID) -> builtins.list[Terugkoppeling]:
        """All reports on one actie, oldest first (for tests and the FG's questions)."""
        rows = await self._s.execute(
            select(terugkoppelingen)
            .where(terugkoppelingen.c.actie_id == actie_id)
            .order_by(terugkoppelingen.c.ontvangen_op)
        )
        return [_terugkoppeling(r) for r in rows]
