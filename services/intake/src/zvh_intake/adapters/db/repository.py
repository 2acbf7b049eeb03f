"""SQL repositories for meldingen and onverwerkbare berichten (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import Categorie, Gevoeligheid, Grondslag, TriageUitkomst, Urgentie

from zvh_intake.adapters.db.tables import (
    aanhoudingen,
    aanhoudingslijsten,
    betrokkene_pseudoniemen,
    informatie_items,
    meldingen,
    onverwerkbare_berichten,
)
from zvh_intake.domain.aanhouding import Aanhouding, Aanhoudingslijst, Markering
from zvh_intake.domain.afwijzing import Reden
from zvh_intake.domain.informatie import InformatieItem, ItemSoort
from zvh_intake.domain.model import Melding, MeldingStatus, Triage
from zvh_intake.domain.onverwerkbaar import OnverwerkbaarBericht
from zvh_intake.domain.rapportage import TE_TRIEREN, MeldingFeit, MeldingTelling, tel


def _triage(row: Any) -> Triage | None:
    if row.uitkomst is None:
        return None
    return Triage(
        uitkomst=TriageUitkomst(row.uitkomst),
        ave_fase=row.ave_fase,
        client_geinformeerd=bool(row.client_geinformeerd),
        reden_niet_geinformeerd=row.reden_niet_geinformeerd,
        herbeoordeling_op=row.herbeoordeling_op,
        uit_te_nodigen_partners=tuple(row.uit_te_nodigen_partners or ()),
        getrieerd_door=row.getrieerd_door,
        getrieerd_op=row.getrieerd_op,
        bestaande_casus_id=row.bestaande_casus_id,
        advies=row.advies,
        reden_terugverwijzing=row.reden_terugverwijzing,
    )


def _item_van(row: Any) -> InformatieItem:
    return InformatieItem(
        id=row.id,
        melding_id=row.melding_id,
        soort=ItemSoort(row.soort),
        positie=row.positie,
        eigenaar=row.eigenaar,
        categorie=Categorie(row.categorie),
        gevoeligheid=Gevoeligheid(row.gevoeligheid),
        grondslag=Grondslag(row.grondslag),
        betrokkene=row.betrokkene,
        beperkt_tot=None if row.beperkt_tot is None else tuple(row.beperkt_tot),
        beperkt_door=row.beperkt_door,
        beperkt_op=row.beperkt_op,
        ingetrokken_door=row.ingetrokken_door,
        ingetrokken_op=row.ingetrokken_op,
    )


def _item_waarden(item: InformatieItem) -> dict[str, Any]:
    """The eigenaar's controls of an item as column values."""
    return {
        "beperkt_tot": None if item.beperkt_tot is None else list(item.beperkt_tot),
        "beperkt_door": item.beperkt_door,
        "beperkt_op": item.beperkt_op,
        "ingetrokken_door": item.ingetrokken_door,
        "ingetrokken_op": item.ingetrokken_op,
    }


_SOORT_VOLGORDE = {ItemSoort.REDEN: 0, ItemSoort.BETROKKENE: 1, ItemSoort.LEEFGEBIEDEN: 2}


def _melding_van(
    row: Any, pseudoniemen: Sequence[str], items: Sequence[InformatieItem] = ()
) -> Melding:
    """One ``meldingen`` row and its pseudonyms as the domain's Melding."""
    return Melding(
        id=row.id,
        eigenaar=row.eigenaar,
        melder_referentie=row.melder_referentie,
        urgentie=Urgentie(row.urgentie),
        leefgebieden=tuple(row.leefgebieden),
        inhoud=json.loads(row.inhoud),
        ontvangen_op=row.ontvangen_op,
        triage_uiterlijk=row.triage_uiterlijk,
        status=MeldingStatus(row.status),
        traceparent=row.traceparent,
        pseudoniemen=tuple(pseudoniemen),
        triage=_triage(row),
        gemeente=row.gemeente,
        items=tuple(sorted(items, key=lambda i: (_SOORT_VOLGORDE[i.soort], i.positie))),
    )


class SqlMeldingRepository:
    """Meldingen in the ``meldingen`` and ``betrokkene_pseudoniemen`` tables."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _melding(self, row: Any) -> Melding:
        return (await self._meldingen([row]))[0]

    async def _meldingen(self, rows: Sequence[Any]) -> list[Melding]:
        """Rows as meldingen, with every row's pseudonyms in one query."""
        per_melding: dict[uuid.UUID, list[str]] = {r.id: [] for r in rows}
        if per_melding:
            for melding_id, pseudoniem in await self._session.execute(
                select(betrokkene_pseudoniemen.c.melding_id, betrokkene_pseudoniemen.c.pseudoniem)
                .where(betrokkene_pseudoniemen.c.melding_id.in_(list(per_melding)))
                .order_by(betrokkene_pseudoniemen.c.melding_id, betrokkene_pseudoniemen.c.positie)
            ):
                per_melding[melding_id].append(pseudoniem)
        items: dict[uuid.UUID, list[InformatieItem]] = {r.id: [] for r in rows}
        if items:
            for item_row in await self._session.execute(
                select(informatie_items).where(informatie_items.c.melding_id.in_(list(items)))
            ):
                items[item_row.melding_id].append(_item_van(item_row))
        return [_melding_van(r, per_melding[r.id], items[r.id]) for r in rows]

    async def get_many(self, melding_ids: Sequence[uuid.UUID]) -> list[Melding]:
        """The known meldingen among ``melding_ids``, in that order (two queries in all)."""
        if not melding_ids:
            return []
        rows = (
            await self._session.execute(select(meldingen).where(meldingen.c.id.in_(melding_ids)))
        ).all()
        gevonden = {m.id: m for m in await self._meldingen(rows)}
        return [gevonden[i] for i in dict.fromkeys(melding_ids) if i in gevonden]

    async def get(self, melding_id: uuid.UUID) -> Melding | None:
        query = select(meldingen).where(meldingen.c.id == melding_id)
        row = (await self._session.execute(query)).first()
        return await self._melding(row) if row else None

    async def find_by_referentie(self, *, eigenaar: str, melder_referentie: str) -> Melding | None:
        query = select(meldingen).where(
            meldingen.c.eigenaar == eigenaar, meldingen.c.melder_referentie == melder_referentie
        )
        row = (await self._session.execute(query)).first()
        return await self._melding(row) if row else None

    async def add(self, melding: Melding) -> None:
        await self._session.execute(
            insert(meldingen).values(
                id=melding.id,
                eigenaar=melding.eigenaar,
                melder_referentie=melding.melder_referentie,
                urgentie=melding.urgentie.value,
                leefgebieden=list(melding.leefgebieden),
                inhoud=json.dumps(melding.inhoud, ensure_ascii=False),
                status=melding.status.value,
                ontvangen_op=melding.ontvangen_op,
                triage_uiterlijk=melding.triage_uiterlijk,
                traceparent=melding.traceparent,
                gemeente=melding.gemeente,
            )
        )
        if melding.pseudoniemen:
            await self._session.execute(
                insert(betrokkene_pseudoniemen),
                [
                    {"melding_id": melding.id, "pseudoniem": p, "positie": i}
                    for i, p in enumerate(melding.pseudoniemen)
                ],
            )
        if melding.items:
            await self._session.execute(
                insert(informatie_items),
                [
                    {
                        "id": i.id,
                        "melding_id": melding.id,
                        "soort": i.soort.value,
                        "positie": i.positie,
                        "eigenaar": i.eigenaar,
                        "categorie": i.categorie.value,
                        "gevoeligheid": i.gevoeligheid.value,
                        "grondslag": i.grondslag.value,
                        "betrokkene": i.betrokkene,
                        **_item_waarden(i),
                    }
                    for i in melding.items
                ],
            )

    async def save_item(self, item: InformatieItem) -> None:
        """Store the eigenaar's controls of one item (restriction, withdrawal)."""
        await self._session.execute(
            update(informatie_items)
            .where(informatie_items.c.id == item.id)
            .values(**_item_waarden(item))
        )

    async def save_triage(self, melding: Melding) -> bool:
        triage = melding.triage
        assert triage is not None
        result = await self._session.execute(
            update(meldingen)
            .where(
                meldingen.c.id == melding.id,
                meldingen.c.status == MeldingStatus.TE_TRIEREN.value,
            )
            .values(
                status=melding.status.value,
                uitkomst=triage.uitkomst.value,
                ave_fase=triage.ave_fase,
                client_geinformeerd=triage.client_geinformeerd,
                reden_niet_geinformeerd=triage.reden_niet_geinformeerd,
                herbeoordeling_op=triage.herbeoordeling_op,
                uit_te_nodigen_partners=list(triage.uit_te_nodigen_partners),
                getrieerd_door=triage.getrieerd_door,
                getrieerd_op=triage.getrieerd_op,
                bestaande_casus_id=triage.bestaande_casus_id,
                advies=triage.advies,
                reden_terugverwijzing=triage.reden_terugverwijzing,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def lijst(self, *, status: MeldingStatus | None = None) -> list[Melding]:
        query = select(meldingen).order_by(meldingen.c.triage_uiterlijk, meldingen.c.ontvangen_op)
        if status is not None:
            query = query.where(meldingen.c.status == status.value)
        rows = (await self._session.execute(query)).all()
        return await self._meldingen(rows)

    async def tellingen(self, *, van: datetime, tot: datetime) -> list[MeldingTelling]:
        """Codes and dates of the meldingen received in the period (no content), counted."""
        query = select(
            meldingen.c.gemeente,
            meldingen.c.eigenaar,
            meldingen.c.uitkomst,
            meldingen.c.ontvangen_op,
            meldingen.c.triage_uiterlijk,
            meldingen.c.getrieerd_op,
        ).where(meldingen.c.ontvangen_op >= van, meldingen.c.ontvangen_op < tot)
        return tel(
            MeldingFeit(
                gemeente=r.gemeente,
                melder=r.eigenaar,
                uitkomst=r.uitkomst or TE_TRIEREN,
                ontvangen_op=r.ontvangen_op,
                triage_uiterlijk=r.triage_uiterlijk,
                getrieerd_op=r.getrieerd_op,
            )
            for r in await self._session.execute(query)
        )

    async def met_pseudoniem(self, pseudoniem: str) -> list[uuid.UUID]:
        query = select(betrokkene_pseudoniemen.c.melding_id).where(
            betrokkene_pseudoniemen.c.pseudoniem == pseudoniem
        )
        return list((await self._session.scalars(query)).all())

    async def in_casus(self, pseudoniemen: list[str]) -> set[str]:
        if not pseudoniemen:
            return set()
        query = (
            select(betrokkene_pseudoniemen.c.pseudoniem)
            .join(meldingen, meldingen.c.id == betrokkene_pseudoniemen.c.melding_id)
            .where(
                betrokkene_pseudoniemen.c.pseudoniem.in_(sorted(set(pseudoniemen))),
                meldingen.c.uitkomst == "casus",
            )
            .distinct()
        )
        return set((await self._session.scalars(query)).all())


class SqlOnverwerkbaarRepository:
    """Raw messages intake could not process, in ``onverwerkbare_berichten``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, bericht: OnverwerkbaarBericht) -> None:
        await self._session.execute(
            insert(onverwerkbare_berichten).values(
                id=bericht.id,
                topic=bericht.topic,
                partition=bericht.partition,
                offset=bericht.offset,
                melder=bericht.melder,
                ce_id=bericht.ce_id,
                headers=bericht.headers,
                body_tekst=bericht.body_tekst,
                body_base64=bericht.body_base64,
                redenen=[{"veld": r.veld, "melding": r.melding} for r in bericht.redenen],
                ontvangen_op=bericht.ontvangen_op,
            )
        )

    async def lijst(self, *, limit: int = 100) -> list[OnverwerkbaarBericht]:
        query = (
            select(onverwerkbare_berichten)
            .order_by(onverwerkbare_berichten.c.ontvangen_op.desc())
            .limit(limit)
        )
        rows = (await self._session.execute(query)).all()
        return [
            OnverwerkbaarBericht(
                id=r.id,
                topic=r.topic,
                partition=r.partition,
                offset=r.offset,
                melder=r.melder,
                ce_id=r.ce_id,
                headers=dict(r.headers),
                body_tekst=r.body_tekst,
                body_base64=r.body_base64,
                redenen=tuple(Reden(**x) for x in r.redenen),
                ontvangen_op=r.ontvangen_op,
            )
            for r in rows
        ]


def _aanhouding_van(row: Any) -> Aanhouding:
    return Aanhouding(
        id=row.id,
        lijst=row.lijst,
        aanhouding_id=row.aanhouding_id,
        persoon_pseudoniem=row.persoon_pseudoniem,
        feitcodes=tuple(row.feitcodes),
        tijdstip=row.tijdstip,
        gemeente=row.gemeente,
        markering=Markering(row.markering),
        gemarkeerd_door=row.gemarkeerd_door,
        gemarkeerd_op=row.gemarkeerd_op,
        melding_id=row.melding_id,
    )


class SqlAanhoudingRepository:
    """The police's daily lists and the marks on each arrest."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _lijsten(self, rows: Sequence[Any]) -> list[Aanhoudingslijst]:
        ids = [r.id for r in rows]
        per_lijst: dict[uuid.UUID, list[Aanhouding]] = {i: [] for i in ids}
        if ids:
            result = await self._session.execute(
                select(aanhoudingen)
                .where(aanhoudingen.c.lijst.in_(ids))
                .order_by(aanhoudingen.c.tijdstip, aanhoudingen.c.aanhouding_id)
            )
            for row in result:
                per_lijst[row.lijst].append(_aanhouding_van(row))
        return [
            Aanhoudingslijst(
                id=r.id,
                politie=r.politie,
                lijst_id=r.lijst_id,
                datum=r.datum,
                ontvangen_op=r.ontvangen_op,
                aanhoudingen=tuple(per_lijst[r.id]),
            )
            for r in rows
        ]

    async def lijst(self, lijst_id: uuid.UUID) -> Aanhoudingslijst | None:
        rows = (
            await self._session.execute(
                select(aanhoudingslijsten).where(aanhoudingslijsten.c.id == lijst_id)
            )
        ).all()
        lijsten = await self._lijsten(rows)
        return lijsten[0] if lijsten else None

    async def op_datums(self, datums: Sequence[date]) -> list[Aanhoudingslijst]:
        rows = (
            await self._session.execute(
                select(aanhoudingslijsten)
                .where(aanhoudingslijsten.c.datum.in_(list(datums)))
                .order_by(aanhoudingslijsten.c.datum.desc(), aanhoudingslijsten.c.ontvangen_op)
            )
        ).all()
        return await self._lijsten(rows)

    async def add_lijst(self, lijst: Aanhoudingslijst) -> None:
        await self._session.execute(
            insert(aanhoudingslijsten).values(
                id=lijst.id,
                politie=lijst.politie,
                lijst_id=lijst.lijst_id,
                datum=lijst.datum,
                ontvangen_op=lijst.ontvangen_op,
            )
        )
        await self.add_aanhoudingen(lijst.aanhoudingen)

    async def add_aanhoudingen(self, nieuw: Sequence[Aanhouding]) -> None:
        if not nieuw:
            return
        await self._session.execute(
            insert(aanhoudingen),
            [
                {
                    "id": a.id,
                    "lijst": a.lijst,
                    "aanhouding_id": a.aanhouding_id,
                    "persoon_pseudoniem": a.persoon_pseudoniem,
                    "feitcodes": list(a.feitcodes),
                    "tijdstip": a.tijdstip,
                    "gemeente": a.gemeente,
                    "markering": a.markering.value,
                    "gemarkeerd_door": a.gemarkeerd_door,
                    "gemarkeerd_op": a.gemarkeerd_op,
                    "melding_id": a.melding_id,
                }
                for a in nieuw
            ],
        )

    async def get(self, aanhouding_id: uuid.UUID) -> Aanhouding | None:
        row = (
            await self._session.execute(
                select(aanhoudingen).where(aanhoudingen.c.id == aanhouding_id)
            )
        ).first()
        return None if row is None else _aanhouding_van(row)

    async def save_markering(self, aanhouding: Aanhouding) -> bool:
        """Store the mark; False when a melding was made of the arrest meanwhile (a race lost)."""
        result = await self._session.execute(
            update(aanhoudingen)
            .where(
                aanhoudingen.c.id == aanhouding.id,
                aanhoudingen.c.markering != Markering.MELDING_AANMAKEN.value,
            )
            .values(
                markering=aanhouding.markering.value,
                gemarkeerd_door=aanhouding.gemarkeerd_door,
                gemarkeerd_op=aanhouding.gemarkeerd_op,
                melding_id=aanhouding.melding_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))
